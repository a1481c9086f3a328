package io.parley.signal.keys;

import io.parley.signal.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A Curve25519 public key: the Montgomery u-coordinate, serialized as libsignal does with the type
 * byte {@code 0x05} first (33 bytes). Identity keys, prekeys, base and ratchet keys are all these.
 */
public final class ECPublicKey {

  /** libsignal's type byte for Curve25519 ("DJB") keys. */
  public static final byte DJB_TYPE = 0x05;

  /** The serialized length: type byte and u. */
  public static final int SERIALIZED_LENGTH = 33;

  private final byte[] u;

  private ECPublicKey(byte[] u) {
    this.u = u;
  }

  /**
   * Parses a serialized key. As libsignal, bytes after the 33 are ignored.
   *
   * @throws InvalidKeyException if it is missing, shorter than 33 bytes or not type 0x05
   */
  public static ECPublicKey deserialize(byte[] serialized) throws InvalidKeyException {
    if (serialized == null || serialized.length == 0) {
      throw new InvalidKeyException("public key is missing");
    }
    if (serialized[0] != DJB_TYPE) {
      throw new InvalidKeyException(
          "public key has type byte " + String.format("0x%02x", serialized[0]) + ", expected 0x05");
    }
    if (serialized.length < SERIALIZED_LENGTH) {
      throw new InvalidKeyException(
          "public key must be 33 bytes (0x05 then 32), got " + serialized.length);
    }
    return new ECPublicKey(Arrays.copyOfRange(serialized, 1, SERIALIZED_LENGTH));
  }

  /** A key from its raw 32-byte u-coordinate. */
  public static ECPublicKey fromMontgomery(byte[] u) throws InvalidKeyException {
    if (u == null || u.length != 32) {
      throw new InvalidKeyException("raw Curve25519 public key must be 32 bytes");
    }
    return new ECPublicKey(u.clone());
  }

  /** {@code 0x05} then the 32-byte u-coordinate. */
  public byte[] serialize() {
    byte[] serialized = new byte[SERIALIZED_LENGTH];
    serialized[0] = DJB_TYPE;
    System.arraycopy(u, 0, serialized, 1, 32);
    return serialized;
  }

  /** The 32-byte u-coordinate. */
  public byte[] montgomery() {
    return u.clone();
  }

  byte[] montgomeryUnsafe() {
    return u;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ECPublicKey that && MessageDigest.isEqual(u, that.u);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(u);
  }

  /** A short fingerprint (first four bytes) to tell keys apart in diagnostics; keys are public. */
  @Override
  public String toString() {
    return String.format(
        "ECPublicKey[05%02x%02x%02x%02x…]", u[0] & 0xFF, u[1] & 0xFF, u[2] & 0xFF, u[3] & 0xFF);
  }
}
