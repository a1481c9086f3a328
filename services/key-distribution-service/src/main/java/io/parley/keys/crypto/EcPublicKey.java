package io.parley.keys.crypto;

import java.util.Arrays;

/**
 * A libsignal EC public key in its serialized form: {@code 0x05} then the 32-byte Curve25519
 * u-coordinate. Used for identity keys, signed prekeys and one-time EC prekeys.
 *
 * @param serialized the 33 serialized bytes; copied in and out
 */
public record EcPublicKey(byte[] serialized) {

  /**
   * @throws InvalidKeyEncodingException if {@code serialized} is {@code null}, not 33 bytes, or not
   *     type 0x05
   */
  public EcPublicKey {
    KeyEncodings.requireSerialized(
        serialized,
        KeyEncodings.EC_PUBLIC_KEY_LENGTH,
        KeyEncodings.DJB_TYPE,
        "EC public key",
        "type byte 0x05 then a 32-byte Curve25519 key");
    serialized = serialized.clone();
  }

  /** The 33 serialized bytes, as signed when this key is a signed prekey. */
  @Override
  public byte[] serialized() {
    return serialized.clone();
  }

  /** The 32-byte Montgomery u-coordinate, without the type byte. */
  public byte[] montgomeryPublicKey() {
    return Arrays.copyOfRange(serialized, 1, KeyEncodings.EC_PUBLIC_KEY_LENGTH);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EcPublicKey that && Arrays.equals(serialized, that.serialized);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(serialized);
  }

  /** Type and length only: key bytes stay out of logs. */
  @Override
  public String toString() {
    return "EcPublicKey[type=0x05, " + serialized.length + " bytes]";
  }
}
