package io.parley.push.delivery;

import java.time.Duration;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Coalesces non-urgent pushes: {@code push:wake:{<account>:<device>}}, a STRING that lives for the
 * non-urgent interval after a push went out. A non-urgent push is sent only if it can create the
 * key ({@code SET NX PX}), so instances and partitions agree; an urgent push is always sent and
 * restarts the interval. Losing the key (a Redis restart) costs at most one extra push.
 */
@Component
class WakeGate {

  private final StringRedisTemplate redis;

  WakeGate(StringRedisTemplate redis) {
    this.redis = redis;
  }

  static String key(UUID accountId, int deviceId) {
    return "push:wake:{" + accountId + ":" + deviceId + "}";
  }

  /** True if a non-urgent push may go now (and the interval starts). */
  boolean tryOpen(UUID accountId, int deviceId, Duration interval) {
    if (interval.isZero()) {
      return true;
    }
    return Boolean.TRUE.equals(
        redis.opsForValue().setIfAbsent(key(accountId, deviceId), "1", interval));
  }

  /** An urgent push went out: non-urgent ones wait for the interval. */
  void restart(UUID accountId, int deviceId, Duration interval) {
    if (!interval.isZero()) {
      redis.opsForValue().set(key(accountId, deviceId), "1", interval);
    }
  }

  /** The push failed: the next non-urgent request may try at once. */
  void release(UUID accountId, int deviceId) {
    redis.delete(key(accountId, deviceId));
  }
}
