package io.parley.keys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of key-distribution-service, under {@code parley.keys.*}.
 *
 * @param maxOneTimeKeys most one-time EC (and, separately, Kyber) prekeys one upload may carry
 * @param lowThreshold a fetch that takes a device's stock below this emits one {@code PreKeysLow}
 * @param fetchCapacity burst of bundle fetches (one per device) a requester may make at once: it
 *     fits a message to a large group
 * @param fetchRefillEvery one more fetch token every this long
 */
@ConfigurationProperties("parley.keys")
public record KeysProperties(
    @DefaultValue("100") int maxOneTimeKeys,
    @DefaultValue("10") int lowThreshold,
    @DefaultValue("3000") int fetchCapacity,
    @DefaultValue("50ms") Duration fetchRefillEvery) {

  public KeysProperties {
    if (maxOneTimeKeys < 1 || maxOneTimeKeys > 1000) {
      throw new IllegalArgumentException("parley.keys.max-one-time-keys must be 1..1000");
    }
    if (lowThreshold < 0) {
      throw new IllegalArgumentException("parley.keys.low-threshold must not be negative");
    }
  }
}
