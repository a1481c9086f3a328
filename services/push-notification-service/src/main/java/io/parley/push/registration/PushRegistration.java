package io.parley.push.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where one device is woken: exactly one provider's token or subscription. The token itself is
 * never logged; {@link #fingerprint()} identifies it in logs and in compare-and-delete.
 */
public sealed interface PushRegistration
    permits FcmRegistration, ApnsRegistration, WebPushRegistration {

  Provider provider();

  /** The provider address this registration names (token or endpoint), secret-ish. */
  String address();

  /** First 16 hex digits of SHA-256 over the provider and address: loggable, stable. */
  default String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((provider().tag() + "|" + address()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
