package io.parley.presence;

import io.parley.presence.privacy.Visibility;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of presence-service ({@code parley.presence.*}); defaults work locally.
 *
 * @param offlineDelay how long after an account's last device left "offline" is announced; a device
 *     that reconnects within it changes nothing for watchers (flapping damping). Last seen is still
 *     the time the last device left
 * @param nodeSweepInterval how often the edge nodes' liveness leases are checked; sessions and
 *     watches of a node whose lease is gone are dropped, so an account whose devices were on a
 *     crashed node goes offline within the edge's lease TTL plus this
 * @param settleInterval how often due "offline" announcements are made
 * @param maxContacts the largest contact list an account may declare
 * @param maxWatchesPerRequest the most accounts one watch request may name (the edge also bounds
 *     the watches of a session)
 * @param defaultVisibility who sees online and last seen of an account that set nothing
 * @param lookupRate per device: a burst of {@code capacity} {@code GET /v1/presence/{id}}, one more
 *     every {@code refillEvery}; stops a device from polling the whole directory
 */
@Validated
@ConfigurationProperties("parley.presence")
public record PresenceProperties(
    @DefaultValue("5s") Duration offlineDelay,
    @DefaultValue("1s") Duration nodeSweepInterval,
    @DefaultValue("250ms") Duration settleInterval,
    @DefaultValue("5000") int maxContacts,
    @DefaultValue("1000") int maxWatchesPerRequest,
    @DefaultValue("contacts") Visibility defaultVisibility,
    @DefaultValue LookupRate lookupRate) {

  public PresenceProperties {
    if (offlineDelay.isNegative()) {
      throw new IllegalArgumentException("parley.presence.offline-delay must not be negative");
    }
    if (nodeSweepInterval.isNegative() || nodeSweepInterval.isZero()) {
      throw new IllegalArgumentException("parley.presence.node-sweep-interval must be positive");
    }
    if (settleInterval.isNegative() || settleInterval.isZero()) {
      throw new IllegalArgumentException("parley.presence.settle-interval must be positive");
    }
    if (maxContacts < 1 || maxWatchesPerRequest < 1) {
      throw new IllegalArgumentException(
          "parley.presence.max-contacts and max-watches-per-request must be at least 1");
    }
  }

  /** Per-device bucket for presence lookups. */
  public record LookupRate(
      @DefaultValue("200") int capacity, @DefaultValue("100ms") Duration refillEvery) {}
}
