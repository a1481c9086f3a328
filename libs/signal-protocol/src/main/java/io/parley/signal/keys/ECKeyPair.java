package io.parley.signal.keys;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A Curve25519 key pair: an identity key pair, a prekey, a base key or a ratchet key.
 *
 * @param publicKey the public half
 * @param privateKey the private half (its {@code toString} is redacted)
 */
public record ECKeyPair(ECPublicKey publicKey, ECPrivateKey privateKey) {

  public ECKeyPair {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** A fresh random key pair. */
  public static ECKeyPair generate(SecureRandom random) {
    ECPrivateKey privateKey = ECPrivateKey.generate(random);
    return new ECKeyPair(privateKey.publicKey(), privateKey);
  }

  /** The pair of a private key. */
  public static ECKeyPair of(ECPrivateKey privateKey) {
    return new ECKeyPair(privateKey.publicKey(), privateKey);
  }

  /** XEdDSA signature of {@code message} by this key pair. */
  public byte[] sign(byte[] message, SecureRandom random) {
    return XEdDSA.sign(privateKey, message, random);
  }
}
