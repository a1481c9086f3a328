package io.parley.signal.kem;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A Kyber1024 key pair.
 *
 * @param publicKey the public key
 * @param secretKey the secret key
 */
public record KyberKeyPair(KyberPublicKey publicKey, KyberSecretKey secretKey) {

  public KyberKeyPair {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(secretKey, "secretKey");
  }

  /** A fresh key pair. */
  public static KyberKeyPair generate(SecureRandom random) {
    return Kyber1024.generate(random);
  }
}
