package io.parley.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of message routing, under {@code parley.routing.*}.
 *
 * @param pushCoalesceWindow after a push request for a device, further messages within this window
 *     ask for none: a burst is one wake-up
 * @param ephemeralTtl how long an ephemeral envelope (typing) may wait to be written to its
 *     device's session before the edge drops it
 * @param leaseCacheTtl how long a lookup of an edge node's liveness lease is reused
 * @param concurrency consumer threads per instance (at most the topics' partitions are busy)
 */
@ConfigurationProperties("parley.routing")
public record RoutingProperties(
    @DefaultValue("30s") Duration pushCoalesceWindow,
    @DefaultValue("10s") Duration ephemeralTtl,
    @DefaultValue("1s") Duration leaseCacheTtl,
    @DefaultValue("2") int concurrency) {

  public RoutingProperties {
    if (pushCoalesceWindow == null || pushCoalesceWindow.toMillis() < 1) {
      throw new IllegalArgumentException("parley.routing.push-coalesce-window must be positive");
    }
    if (ephemeralTtl == null || ephemeralTtl.toMillis() < 1) {
      throw new IllegalArgumentException("parley.routing.ephemeral-ttl must be positive");
    }
    if (leaseCacheTtl == null || leaseCacheTtl.isNegative()) {
      throw new IllegalArgumentException("parley.routing.lease-cache-ttl must not be negative");
    }
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("parley.routing.concurrency must be 1-64");
    }
  }
}
