package io.parley.auth.ratelimit;

import io.parley.auth.AuthProperties;
import io.parley.runtime.ratelimit.TokenBuckets;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** auth-service's rate limits, each a Redis token bucket (libs/service-runtime) set in config. */
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

  private final TokenBuckets buckets;
  private final Map<Limit, TokenBuckets.Limit> limits = new EnumMap<>(Limit.class);

  RateLimiter(TokenBuckets buckets, AuthProperties properties) {
    this.buckets = buckets;
    for (Limit limit : Limit.values()) {
      AuthProperties.RateLimit config = properties.rateLimits().get(limit.key);
      if (config == null) {
        throw new IllegalStateException("missing setting parley.auth.rate-limits." + limit.key);
      }
      limits.put(limit, new TokenBuckets.Limit(limit.key, config.capacity(), config.refillEvery()));
    }
  }

  /** Takes one token for {@code subject} or throws {@link RateLimitExceededException}. */
  public void take(Limit limit, String subject) {
    take(limit, subject, 1);
  }

  /** Takes {@code cost} tokens (a directory lookup costs one per number). */
  public void take(Limit limit, String subject, int cost) {
    buckets.take(limits.get(limit), subject, cost);
  }
}
