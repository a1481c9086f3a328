package io.parley.runtime.ratelimit;

import java.time.Duration;

/** Over a limit: answered with 429 and Retry-After (whole seconds, at least 1). */
public class RateLimitExceededException extends RuntimeException {

  private final transient Duration retryAfter;

  public RateLimitExceededException(String limit, Duration retryAfter) {
    super("rate limit " + limit + " exceeded");
    this.retryAfter = retryAfter;
  }

  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
