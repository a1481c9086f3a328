package io.parley.push.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Private keys in PEM-wrapped PKCS #8 ({@code -----BEGIN PRIVATE KEY-----}): .p8 and Google keys.
 */
public final class Pem {

  private Pem() {}

  /**
   * @param algorithm {@code RSA} or {@code EC}
   * @param what what the key is, for the message (the message never contains key material)
   */
  public static PrivateKey privateKey(String pem, String algorithm, String what) {
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    if (body.isEmpty() || pem.contains("-----BEGIN " + algorithm + " PRIVATE KEY-----")) {
      throw new IllegalStateException(
          what + " must be a PEM PKCS #8 private key (-----BEGIN PRIVATE KEY-----)");
    }
    try {
      byte[] der = Base64.getDecoder().decode(body);
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalStateException(
          what + " is not a readable " + algorithm + " PKCS #8 private key", e);
    }
  }
}
