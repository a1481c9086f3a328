package io.parley.signal;

import java.util.Objects;

/**
 * A peer device: the account's name (an id, never a phone number in logs) and its device id.
 *
 * @param name the account
 * @param deviceId the device, 1 for the primary
 */
public record SignalProtocolAddress(String name, int deviceId) {

  public SignalProtocolAddress {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return name + "." + deviceId;
  }
}
