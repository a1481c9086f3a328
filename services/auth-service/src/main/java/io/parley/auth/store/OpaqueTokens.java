package io.parley.auth.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random opaque values (session ids, link codes, refresh tokens, device incarnations) and the
 * SHA-256 they are stored under. All base64url without padding.
 */
public final class OpaqueTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private OpaqueTokens() {}

  /** {@code bytes} random bytes: 16 for ids and codes, 32 for refresh tokens. */
  public static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return URL.encodeToString(value);
  }

  /** A fresh device incarnation: a reassigned device id never matches an old one. */
  public static String incarnation() {
    return random(16);
  }

  /**
   * SHA-256 of a high-entropy value, for storing it without the value (no key needed: guessing the
   * input is as hard as guessing the value).
   */
  public static String sha256(String value) {
    try {
      return URL.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
