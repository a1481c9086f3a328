package io.parley.signal.kem;

import io.parley.signal.InvalidKeyException;
import java.util.Arrays;

/**
 * A Kyber1024 secret key (s, pk, H(pk), z: 3168 bytes), serialized as libsignal does with {@code
 * 0x08} first. {@link #toString()} never shows it.
 */
public final class KyberSecretKey {

  public static final int RAW_LENGTH = 3168;

  private final byte[] raw;

  KyberSecretKey(byte[] raw) {
    this.raw = raw;
  }

  /**
   * @throws InvalidKeyException if not exactly 3169 bytes of type 0x08
   */
  public static KyberSecretKey deserialize(byte[] serialized) throws InvalidKeyException {
    if (serialized == null
        || serialized.length != RAW_LENGTH + 1
        || serialized[0] != KyberPublicKey.KYBER_1024_TYPE) {
      throw new InvalidKeyException("Kyber1024 secret key must be 0x08 then 3168 bytes");
    }
    return new KyberSecretKey(Arrays.copyOfRange(serialized, 1, serialized.length));
  }

  public byte[] serialize() {
    byte[] serialized = new byte[RAW_LENGTH + 1];
    serialized[0] = KyberPublicKey.KYBER_1024_TYPE;
    System.arraycopy(raw, 0, serialized, 1, RAW_LENGTH);
    return serialized;
  }

  byte[] rawUnsafe() {
    return raw;
  }

  @Override
  public String toString() {
    return "KyberSecretKey[redacted]";
  }
}
