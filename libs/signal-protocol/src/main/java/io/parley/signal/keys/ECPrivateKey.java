package io.parley.signal.keys;

import io.parley.signal.InvalidKeyException;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A Curve25519 private key: 32 bytes, clamped as X25519 requires (libsignal clamps on creation, so
 * the serialized form is the clamped scalar). {@link #toString()} never shows it.
 */
public final class ECPrivateKey {

  private final byte[] scalar;

  private ECPrivateKey(byte[] scalar) {
    this.scalar = scalar;
  }

  /** A fresh random key. */
  public static ECPrivateKey generate(SecureRandom random) {
    byte[] scalar = new byte[32];
    random.nextBytes(scalar);
    return new ECPrivateKey(clamp(scalar));
  }

  /** A key from 32 bytes, clamped as libsignal does. */
  public static ECPrivateKey deserialize(byte[] bytes) throws InvalidKeyException {
    if (bytes == null || bytes.length != 32) {
      throw new InvalidKeyException("private key must be 32 bytes");
    }
    return new ECPrivateKey(clamp(bytes.clone()));
  }

  private static byte[] clamp(byte[] scalar) {
    scalar[0] &= (byte) 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
    return scalar;
  }

  /** The 32 clamped scalar bytes: secret. */
  public byte[] serialize() {
    return scalar.clone();
  }

  byte[] scalarUnsafe() {
    return scalar;
  }

  /** The matching public key (X25519 of the base point). */
  public ECPublicKey publicKey() {
    byte[] u = new byte[32];
    X25519.scalarMultBase(scalar, 0, u, 0);
    try {
      return ECPublicKey.fromMontgomery(u);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("X25519 produced a malformed key", e);
    }
  }

  /**
   * X25519 agreement with {@code theirs}. As libsignal, a low-order peer key is not refused (the
   * result is then all zeros); such a key only weakens the session it is used in.
   */
  public byte[] calculateAgreement(ECPublicKey theirs) {
    byte[] shared = new byte[32];
    X25519.scalarMult(scalar, 0, theirs.montgomeryUnsafe(), 0, shared, 0);
    return shared;
  }

  @Override
  public String toString() {
    return "ECPrivateKey[redacted]";
  }
}
