package io.parley.edge.session;

import java.time.Clock;

/**
 * A token bucket held in memory by the node that holds the session. A device has one session, so
 * one node, and a local bucket limits it exactly without a Redis round trip per message; a
 * reconnect starts a full bucket, which the connect rate limits in turn.
 */
public final class RateBucket {

  private final int capacity;
  private final double perNano;
  private final Clock clock;
  private double tokens;
  private long lastNanos;

  RateBucket(int capacity, int perSecond, Clock clock) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.clock = clock;
    this.tokens = capacity;
    this.lastNanos = nanos();
  }

  private long nanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Takes one token; when none is left, answers how long until one is (milliseconds), else 0. */
  public synchronized long tryTake() {
    long now = nanos();
    tokens = Math.min(capacity, tokens + Math.max(0, now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
  }
}
