package io.parley.keys.crypto;

import java.util.Arrays;

/**
 * A libsignal Kyber1024 public key in its serialized form: {@code 0x08} then 1568 key bytes. Used
 * for Kyber (post-quantum) prekeys, which the identity key signs like EC signed prekeys.
 *
 * @param serialized the 1569 serialized bytes; copied in and out
 */
public record Kyber1024PublicKey(byte[] serialized) {

  /**
   * @throws InvalidKeyEncodingException if {@code serialized} is {@code null}, not 1569 bytes, or
   *     not type 0x08
   */
  public Kyber1024PublicKey {
    KeyEncodings.requireSerialized(
        serialized,
        KeyEncodings.KYBER_1024_PUBLIC_KEY_LENGTH,
        KeyEncodings.KYBER_1024_TYPE,
        "Kyber1024 public key",
        "type byte 0x08 then 1568 key bytes");
    serialized = serialized.clone();
  }

  /** The 1569 serialized bytes, as signed by the identity key. */
  @Override
  public byte[] serialized() {
    return serialized.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Kyber1024PublicKey that && Arrays.equals(serialized, that.serialized);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(serialized);
  }

  /** Type and length only: key bytes stay out of logs. */
  @Override
  public String toString() {
    return "Kyber1024PublicKey[type=0x08, " + serialized.length + " bytes]";
  }
}
