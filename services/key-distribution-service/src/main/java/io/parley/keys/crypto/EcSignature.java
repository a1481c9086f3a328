package io.parley.keys.crypto;

import java.util.Arrays;

/**
 * A 64-byte XEdDSA signature as libsignal makes it: R, then S with the signer's Edwards sign bit in
 * the top bit of the last byte. Only the length is checked here; {@link XEdDSA} decides validity.
 *
 * @param bytes the 64 signature bytes; copied in and out
 */
public record EcSignature(byte[] bytes) {

  /**
   * @throws InvalidKeyEncodingException if {@code bytes} is {@code null} or not 64 bytes
   */
  public EcSignature {
    KeyEncodings.requireLength(bytes, KeyEncodings.SIGNATURE_LENGTH, "signature");
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EcSignature that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "EcSignature[" + bytes.length + " bytes]";
  }
}
