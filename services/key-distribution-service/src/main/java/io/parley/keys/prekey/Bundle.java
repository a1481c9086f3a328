package io.parley.keys.prekey;

import java.util.List;

/** {@code GET /v1/keys/{accountId}/...}: what a sender needs to start sessions with devices. */
public record Bundle(String identityKey, List<DeviceBundle> devices) {

  /** One device's keys; {@code preKey} is null when its one-time EC prekeys ran out. */
  public record DeviceBundle(
      int deviceId,
      int registrationId,
      SignedView signedPreKey,
      KeyView preKey,
      SignedView pqPreKey) {}

  public record SignedView(long keyId, String publicKey, String signature) {}

  public record KeyView(long keyId, String publicKey) {}
}
