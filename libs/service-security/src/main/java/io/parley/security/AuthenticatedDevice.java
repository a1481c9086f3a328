package io.parley.security;

import java.util.Objects;
import java.util.UUID;

/**
 * The device a verified access token speaks for: the principal of every authenticated request.
 * Controllers take it with Spring Security's {@code @AuthenticationPrincipal}:
 *
 * <pre>{@code
 * @GetMapping("/v1/devices/me")
 * DeviceView me(@AuthenticationPrincipal AuthenticatedDevice device) { ... }
 * }</pre>
 *
 * @param accountId the account (claim {@code sub})
 * @param deviceId the device within the account, 1 for the primary (claim {@code dev})
 */
public record AuthenticatedDevice(UUID accountId, int deviceId) {

  public AuthenticatedDevice {
    Objects.requireNonNull(accountId, "accountId");
    if (deviceId < 1) {
      throw new IllegalArgumentException("deviceId must be at least 1, not " + deviceId);
    }
  }

  @Override
  public String toString() {
    return accountId + ":" + deviceId;
  }
}
