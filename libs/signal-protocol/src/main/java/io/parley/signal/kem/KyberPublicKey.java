package io.parley.signal.kem;

import io.parley.signal.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;

/** A Kyber1024 public key, serialized as libsignal does: {@code 0x08} then 1568 bytes. */
public final class KyberPublicKey {

  /** libsignal's type byte for Kyber1024 keys and ciphertexts. */
  public static final byte KYBER_1024_TYPE = 0x08;

  public static final int RAW_LENGTH = 1568;

  private final byte[] raw;

  KyberPublicKey(byte[] raw) {
    this.raw = raw;
  }

  /**
   * @throws InvalidKeyException if not exactly 1569 bytes of type 0x08
   */
  public static KyberPublicKey deserialize(byte[] serialized) throws InvalidKeyException {
    if (serialized == null || serialized.length != RAW_LENGTH + 1) {
      throw new InvalidKeyException("Kyber1024 public key must be 1569 bytes (0x08 then 1568)");
    }
    if (serialized[0] != KYBER_1024_TYPE) {
      throw new InvalidKeyException("Kyber public key is not type 0x08 (Kyber1024)");
    }
    return new KyberPublicKey(Arrays.copyOfRange(serialized, 1, serialized.length));
  }

  public byte[] serialize() {
    byte[] serialized = new byte[RAW_LENGTH + 1];
    serialized[0] = KYBER_1024_TYPE;
    System.arraycopy(raw, 0, serialized, 1, RAW_LENGTH);
    return serialized;
  }

  byte[] rawUnsafe() {
    return raw;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KyberPublicKey that && MessageDigest.isEqual(raw, that.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "KyberPublicKey[Kyber1024]";
  }
}
