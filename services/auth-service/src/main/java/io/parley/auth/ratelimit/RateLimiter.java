package io.parley.auth.ratelimit;

import io.parley.auth.AuthProperties;
import io.parley.auth.store.Scripts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis, one Lua script per take so that concurrent requests on any number of
 * instances never overdraw a bucket. Each bucket is one key (one hash slot).
 */
@Component
public class RateLimiter {

  /** The limits auth-service applies; each must be configured (application.yml has defaults). */
  public enum Limit {
    VERIFICATION_SEND_NUMBER("verification-send-number"),
    VERIFICATION_SEND_ADDRESS("verification-send-address"),
    VERIFICATION_CHECK_NUMBER("verification-check-number"),
    VERIFICATION_CHECK_ADDRESS("verification-check-address"),
    DEVICE_LINK_ADDRESS("device-link-address"),
    TOKEN_REFRESH_ADDRESS("token-refresh-address"),
    DIRECTORY_LOOKUP_ACCOUNT("directory-lookup-account");

    final String key;

    Limit(String key) {
      this.key = key;
    }
  }

  // KEYS[1] bucket; ARGV: capacity, refill interval ms, now ms, cost.
  // Returns {1, 0} when taken, else {0, ms until enough tokens}.
  private static final RedisScript<List<Object>> TAKE =
      Scripts.returningList(
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
          if tokens >= cost then
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - cost), 'ts', tostring(ts))
            redis.call('EXPIRE', KEYS[1], ttl)
            return {1, 0}
          end
          redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
          redis.call('EXPIRE', KEYS[1], ttl)
          return {0, math.ceil((cost - tokens) * interval)}
          """);

  private final StringRedisTemplate redis;
  private final AuthProperties properties;
  private final Clock clock;

  RateLimiter(StringRedisTemplate redis, AuthProperties properties, Clock clock) {
    this.redis = redis;
    this.properties = properties;
    this.clock = clock;
    for (Limit limit : Limit.values()) {
      config(limit);
    }
  }

  private AuthProperties.RateLimit config(Limit limit) {
    AuthProperties.RateLimit config = properties.rateLimits().get(limit.key);
    if (config == null) {
      throw new IllegalStateException("missing setting parley.auth.rate-limits." + limit.key);
    }
    return config;
  }

  /** Takes one token for {@code subject} or throws {@link RateLimitExceededException}. */
  public void take(Limit limit, String subject) {
    take(limit, subject, 1);
  }

  /** Takes {@code cost} tokens (a directory lookup costs one per number). */
  public void take(Limit limit, String subject, int cost) {
    AuthProperties.RateLimit config = config(limit);
    if (cost > config.capacity()) {
      throw new RateLimitExceededException(limit.key, config.refillEvery().multipliedBy(cost));
    }
    List<?> result =
        redis.execute(
            TAKE,
            List.of("auth:rl:{" + limit.key + ":" + subject + "}"),
            String.valueOf(config.capacity()),
            String.valueOf(config.refillEvery().toMillis()),
            String.valueOf(clock.millis()),
            String.valueOf(cost));
    if (result == null || ((Number) result.get(0)).longValue() != 1L) {
      long waitMillis =
          result == null ? config.refillEvery().toMillis() : ((Number) result.get(1)).longValue();
      throw new RateLimitExceededException(limit.key, Duration.ofMillis(waitMillis));
    }
  }
}
