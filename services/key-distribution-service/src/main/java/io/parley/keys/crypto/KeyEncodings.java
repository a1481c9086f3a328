package io.parley.keys.crypto;

/**
 * libsignal's wire encodings of public keys and signatures, and parsers that check them.
 *
 * <ul>
 *   <li>EC (Curve25519) public key: 33 bytes, the type byte {@code 0x05} then the 32-byte
 *       Montgomery u-coordinate (libsignal {@code curve::PublicKey::serialize}).
 *   <li>Kyber1024 public key: 1569 bytes, the type byte {@code 0x08} then 1568 key bytes (libsignal
 *       {@code kem::PublicKey::serialize}).
 *   <li>Signature: 64 bytes (XEdDSA, see {@link XEdDSA}).
 * </ul>
 *
 * <p>The parsers check lengths exactly: libsignal's EC deserializer tolerates trailing bytes after
 * the 33, but a client that sends them is sending something other than a serialized key. They check
 * only the encoding; whether a key is a usable curve point is not decided here (libsignal does not
 * decide it at parse time either).
 */
public final class KeyEncodings {

  /** libsignal's type byte for Curve25519 ("DJB") public keys. */
  public static final byte DJB_TYPE = 0x05;

  /** libsignal's type byte for Kyber1024 public keys. */
  public static final byte KYBER_1024_TYPE = 0x08;

  /** A raw Curve25519 public key: the Montgomery u-coordinate, little-endian. */
  public static final int CURVE25519_KEY_LENGTH = 32;

  /** A serialized EC public key: type byte and u-coordinate. */
  public static final int EC_PUBLIC_KEY_LENGTH = 1 + CURVE25519_KEY_LENGTH;

  /** A raw Kyber1024 public key. */
  public static final int KYBER_1024_KEY_LENGTH = 1568;

  /** A serialized Kyber1024 public key: type byte and key. */
  public static final int KYBER_1024_PUBLIC_KEY_LENGTH = 1 + KYBER_1024_KEY_LENGTH;

  /** An XEdDSA signature: R (32 bytes) then S (32 bytes, Edwards sign bit in the top bit). */
  public static final int SIGNATURE_LENGTH = 64;

  private KeyEncodings() {}

  /**
   * Parses a serialized EC public key.
   *
   * @throws InvalidKeyEncodingException if it is {@code null}, not 33 bytes, or not type 0x05
   */
  public static EcPublicKey ecPublicKey(byte[] serialized) {
    return new EcPublicKey(serialized);
  }

  /**
   * Parses a serialized Kyber1024 public key.
   *
   * @throws InvalidKeyEncodingException if it is {@code null}, not 1569 bytes, or not type 0x08
   */
  public static Kyber1024PublicKey kyber1024PublicKey(byte[] serialized) {
    return new Kyber1024PublicKey(serialized);
  }

  /**
   * Parses a signature.
   *
   * @throws InvalidKeyEncodingException if it is {@code null} or not 64 bytes
   */
  public static EcSignature signature(byte[] bytes) {
    return new EcSignature(bytes);
  }

  static void requireLength(byte[] bytes, int length, String what) {
    if (bytes == null) {
      throw new InvalidKeyEncodingException(what + " is missing");
    }
    if (bytes.length != length) {
      throw new InvalidKeyEncodingException(
          what + " must be " + length + " bytes, got " + bytes.length);
    }
  }

  static void requireSerialized(
      byte[] serialized, int length, byte type, String what, String layout) {
    if (serialized == null) {
      throw new InvalidKeyEncodingException(what + " is missing");
    }
    if (serialized.length != length) {
      throw new InvalidKeyEncodingException(
          what + " must be " + length + " bytes (" + layout + "), got " + serialized.length);
    }
    if (serialized[0] != type) {
      throw new InvalidKeyEncodingException(
          what + " has type byte " + hex(serialized[0]) + ", expected " + hex(type));
    }
  }

  static String hex(byte b) {
    return String.format("0x%02x", b & 0xFF);
  }
}
