package io.parley.security;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified access token says beyond the device: the edge keeps a session open only until
 * {@link #expiresAt()}, and closes it when the device id is re-assigned ({@link #incarnation()}).
 *
 * @param device the device the token speaks for
 * @param incarnation the device's incarnation (claim {@code inc}); new each time the id is assigned
 * @param issuedAt claim {@code iat}
 * @param expiresAt claim {@code exp}
 */
public record VerifiedAccessToken(
    AuthenticatedDevice device, String incarnation, Instant issuedAt, Instant expiresAt) {

  public VerifiedAccessToken {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(incarnation, "incarnation");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
