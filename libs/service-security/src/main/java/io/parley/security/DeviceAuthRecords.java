package io.parley.security;

import java.util.Optional;
import java.util.UUID;

/** Where the verifier reads a device's auth record: Redis, through a short cache. */
@FunctionalInterface
interface DeviceAuthRecords {

  /**
   * The device's record, empty when it has none.
   *
   * @throws TokenVerificationUnavailableException the store cannot be read now
   */
  Optional<DeviceAuthRecord> find(UUID accountId, int deviceId);
}
