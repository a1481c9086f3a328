package io.parley.auth.store;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh device incarnations: 128 random bits, so an id reassigned later never matches. */
public final class Incarnations {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Incarnations() {}

  public static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
