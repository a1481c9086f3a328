package io.parley.push.delivery;

import io.parley.push.PushProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a push again: exponential backoff with jitter (each wait uniformly between half and
 * all of {@code initial x 2^(attempt-1)}, capped), or at least the provider's Retry-After; and not
 * at all once the attempts or the time budget are spent, so that one device's failing provider
 * holds its Kafka partition for a bounded time.
 */
final class RetryPolicy {

  private final PushProperties.Retry settings;
  private final DoubleSupplier random;

  RetryPolicy(PushProperties.Retry settings, DoubleSupplier random) {
    this.settings = settings;
    this.random = random;
  }

  /**
   * @param attempt the attempt that just failed, from 1
   * @param elapsed time since the first attempt started
   * @param retryAfter the provider's Retry-After, if it sent one
   * @return the wait before the next attempt, or empty to give up
   */
  Optional<Duration> nextDelay(int attempt, Duration elapsed, Duration retryAfter) {
    if (attempt >= settings.maxAttempts()) {
      return Optional.empty();
    }
    long base =
        Math.min(
            settings.maxBackoff().toMillis(),
            settings.initialBackoff().toMillis() * (1L << Math.min(attempt - 1, 30)));
    long jittered = base / 2 + (long) (random.getAsDouble() * (base - base / 2));
    Duration delay = Duration.ofMillis(jittered);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    if (elapsed.plus(delay).compareTo(settings.maxTotal()) > 0) {
      return Optional.empty();
    }
    return Optional.of(delay);
  }
}
