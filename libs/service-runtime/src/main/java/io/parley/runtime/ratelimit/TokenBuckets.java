package io.parley.runtime.ratelimit;

import io.parley.runtime.redis.RedisScripts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Token buckets in Redis: one Lua script per take, so concurrent requests on any number of
 * instances never overdraw a bucket. Each bucket is one key, {@code rl:{<name>:<subject>}}, in one
 * hash slot of a Redis Cluster, and expires once it would be full again.
 */
public class TokenBuckets {

  /** A bucket: {@code capacity} tokens, one more every {@code refillEvery}. */
  public record Limit(String name, int capacity, Duration refillEvery) {
    public Limit {
      if (capacity < 1 || refillEvery == null || refillEvery.isNegative() || refillEvery.isZero()) {
        throw new IllegalArgumentException(
            "rate limit " + name + " needs capacity >= 1 and a positive refill-every");
      }
    }
  }

  // KEYS[1] bucket; ARGV: capacity, refill interval ms, now ms, cost.
  // Returns {1, 0} when taken, else {0, ms until enough tokens}.
  private static final RedisScript<List<Object>> TAKE =
      RedisScripts.returningList(
          """
          local capacity = tonumber(ARGV[1])
          local interval = tonumber(ARGV[2])
          local now = tonumber(ARGV[3])
          local cost = tonumber(ARGV[4])
          local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
          local tokens = tonumber(state[1])
          local ts = tonumber(state[2])
          if tokens == nil then
            tokens = capacity
            ts = now
          end
          if now > ts then
            tokens = math.min(capacity, tokens + (now - ts) / interval)
            ts = now
          end
          local ttl = math.ceil(interval * capacity / 1000) + 1
          local taken = tokens >= cost
          if taken then tokens = tokens - cost end
          redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
          redis.call('EXPIRE', KEYS[1], ttl)
          if taken then return {1, 0} end
          return {0, math.ceil((cost - tokens) * interval)}
          """);

  private final StringRedisTemplate redis;
  private final Clock clock;

  public TokenBuckets(StringRedisTemplate redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /**
   * Takes {@code cost} tokens from {@code subject}'s bucket or throws {@link
   * RateLimitExceededException}.
   */
  public void take(Limit limit, String subject, int cost) {
    if (cost > limit.capacity()) {
      throw new RateLimitExceededException(limit.name(), limit.refillEvery().multipliedBy(cost));
    }
    List<Object> result =
        redis.execute(
            TAKE,
            List.of("rl:{" + limit.name() + ":" + subject + "}"),
            String.valueOf(limit.capacity()),
            String.valueOf(limit.refillEvery().toMillis()),
            String.valueOf(clock.millis()),
            String.valueOf(cost));
    if (result == null || ((Number) result.get(0)).longValue() != 1L) {
      long waitMillis =
          result == null ? limit.refillEvery().toMillis() : ((Number) result.get(1)).longValue();
      throw new RateLimitExceededException(limit.name(), Duration.ofMillis(waitMillis));
    }
  }
}
