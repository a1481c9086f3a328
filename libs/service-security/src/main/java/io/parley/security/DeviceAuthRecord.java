package io.parley.security;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What auth-service keeps in Redis per device, and every service reads before it accepts a token:
 * the HASH at {@link #key(UUID, int)} with fields {@value #INCARNATION} and {@value #VALID_SINCE}.
 * No record means the device is gone (removed, or its account deleted).
 *
 * @param incarnation the device's current incarnation; a token must carry the same in {@code inc}
 * @param validSince tokens issued ({@code iat}) before this second are revoked
 */
public record DeviceAuthRecord(String incarnation, Instant validSince) {

  /** Key prefix; the rest is a Redis Cluster hash tag {@code {<accountId>:<deviceId>}}. */
  public static final String KEY_PREFIX = "parley:device-auth:";

  /** HASH field: the device incarnation (opaque text). */
  public static final String INCARNATION = "incarnation";

  /** HASH field: epoch seconds as a decimal string. */
  public static final String VALID_SINCE = "validSince";

  public DeviceAuthRecord {
    Objects.requireNonNull(incarnation, "incarnation");
    Objects.requireNonNull(validSince, "validSince");
  }

  /** E.g. {@code parley:device-auth:{7d3c1c3e-9a55-4d59-9c1f-1f0b1c2d3e4f:2}}. */
  public static String key(UUID accountId, int deviceId) {
    return KEY_PREFIX + "{" + accountId + ":" + deviceId + "}";
  }

  /** The HASH fields to write for this record. */
  public Map<String, String> toHash() {
    return Map.of(
        INCARNATION, incarnation, VALID_SINCE, Long.toString(validSince.getEpochSecond()));
  }

  /**
   * Reads a HASH as returned by HGETALL: empty when there is no record.
   *
   * @throws IllegalArgumentException a record exists but lacks a field or has a bad number
   */
  public static Optional<DeviceAuthRecord> fromHash(Map<?, ?> hash) {
    if (hash == null || hash.isEmpty()) {
      return Optional.empty();
    }
    Object incarnation = hash.get(INCARNATION);
    Object validSince = hash.get(VALID_SINCE);
    if (!(incarnation instanceof String inc) || inc.isEmpty()) {
      throw new IllegalArgumentException("field " + INCARNATION + " is missing or empty");
    }
    if (!(validSince instanceof String since) || !since.matches("-?\\d{1,19}")) {
      throw new IllegalArgumentException("field " + VALID_SINCE + " is not epoch seconds");
    }
    return Optional.of(new DeviceAuthRecord(inc, Instant.ofEpochSecond(Long.parseLong(since))));
  }
}
