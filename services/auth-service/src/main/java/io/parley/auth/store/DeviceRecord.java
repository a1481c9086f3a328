package io.parley.auth.store;

import java.time.Instant;

/**
 * A device of an account as auth-service keeps it.
 *
 * @param incarnation new each time the device id is (re)assigned; access tokens carry it
 */
public record DeviceRecord(
    int id, String name, int registrationId, String incarnation, Instant createdAt) {

  public boolean primary() {
    return id == 1;
  }

  String encode() {
    return registrationId + "|" + incarnation + "|" + createdAt.toEpochMilli() + "|" + name;
  }

  static DeviceRecord decode(int id, String value) {
    String[] parts = value.split("\\|", 4);
    return new DeviceRecord(
        id,
        parts[3],
        Integer.parseInt(parts[0]),
        parts[1],
        Instant.ofEpochMilli(Long.parseLong(parts[2])));
  }
}
