package io.parley.runtime.redis;

import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/** Lua scripts that answer with a list (Redis multi-bulk replies). */
public final class RedisScripts {

  private RedisScripts() {}

  @SuppressWarnings("unchecked")
  public static RedisScript<List<Object>> returningList(String lua) {
    return RedisScript.of(lua, (Class<List<Object>>) (Class<?>) List.class);
  }
}
