package io.parley.keys.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Verifies XEdDSA signatures made with a Curve25519 (Montgomery) key, accepting exactly what
 * libsignal's {@code curve25519::PrivateKey::verify_signature} accepts.
 *
 * <p>In Signal a signed prekey's signature is made by the account's identity key over the prekey's
 * <em>serialized</em> public key: the 33 bytes {@code 0x05 || u} of an EC prekey, or the 1569 bytes
 * {@code 0x08 || key} of a Kyber1024 prekey, type byte included. {@link #verifySignedPreKey}
 * encodes that rule; with the other methods the caller must pass those bytes as the message.
 *
 * <p>What libsignal does, and so what this class does:
 *
 * <ol>
 *   <li>Read the 32-byte u-coordinate little-endian, <b>ignore its bit 255 and reduce it mod p</b>
 *       (p = 2^255 - 19); a non-canonical u is not rejected. u = -1 (p - 1) has no Edwards image
 *       and fails verification; so does a u whose Edwards y is not on the curve.
 *   <li>Map u to the Edwards y = (u - 1) / (u + 1) and take the sign of x from bit 7 of the
 *       signature's last byte (libsignal's signer puts the Edwards key's sign bit there, since an
 *       X25519 key does not carry it).
 *   <li>Clear that bit to get S, and fail if S is still 2^253 or more. S is then used mod L, so an
 *       S in [L, 2^253) is accepted; strict RFC 8032 verifiers (Bouncy Castle's {@code Ed25519})
 *       reject it.
 *   <li>h = SHA-512(R || A || message) mod L with A the canonical re-encoding of the Edwards key,
 *       and accept iff the canonical encoding of S*B - h*A equals the signature's R byte for byte
 *       (cofactorless).
 * </ol>
 *
 * <p>Like libsignal, nothing here rejects low-order or mixed-order keys; a signature "by" such a
 * key can be forged. Key-validity policy beyond libsignal's belongs to the caller.
 */
public final class XEdDSA {

  private static final BigInteger MINUS_ONE = Edwards25519.P.subtract(BigInteger.ONE);

  private XEdDSA() {}

  /**
   * Verifies {@code signature} over {@code message} with a raw 32-byte Curve25519 public key (the
   * u-coordinate, without libsignal's 0x05 type byte).
   *
   * @return whether the signature verifies; a {@code null} signature or one that is not 64 bytes
   *     does not (libsignal returns false too)
   * @throws InvalidKeyEncodingException if the key is {@code null} or not 32 bytes
   * @throws NullPointerException if the message is {@code null}
   */
  public static boolean verify(byte[] montgomeryPublicKey, byte[] message, byte[] signature) {
    KeyEncodings.requireLength(
        montgomeryPublicKey, KeyEncodings.CURVE25519_KEY_LENGTH, "Curve25519 public key");
    Objects.requireNonNull(message, "message");
    if (signature == null || signature.length != KeyEncodings.SIGNATURE_LENGTH) {
      return false;
    }
    return verifyUnchecked(montgomeryPublicKey, message, signature);
  }

  /**
   * Verifies {@code signature} over {@code message} with a libsignal-serialized EC public key (33
   * bytes, {@code 0x05 || u}).
   *
   * @throws InvalidKeyEncodingException if the key is {@code null}, not 33 bytes or not type 0x05
   * @throws NullPointerException if the message is {@code null}
   * @see #verify(byte[], byte[], byte[])
   */
  public static boolean verifySerialized(
      byte[] serializedEcPublicKey, byte[] message, byte[] signature) {
    return verify(
        KeyEncodings.ecPublicKey(serializedEcPublicKey).montgomeryPublicKey(), message, signature);
  }

  /** Verifies {@code signature} over {@code message} with {@code publicKey}. */
  public static boolean verify(EcPublicKey publicKey, byte[] message, EcSignature signature) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    return verifyUnchecked(publicKey.montgomeryPublicKey(), message, signature.bytes());
  }

  /** Whether {@code signature} is {@code identityKey}'s signature of the EC {@code preKey}. */
  public static boolean verifySignedPreKey(
      EcPublicKey identityKey, EcPublicKey preKey, EcSignature signature) {
    Objects.requireNonNull(preKey, "preKey");
    return verify(identityKey, preKey.serialized(), signature);
  }

  /** Whether {@code signature} is {@code identityKey}'s signature of the Kyber {@code preKey}. */
  public static boolean verifySignedPreKey(
      EcPublicKey identityKey, Kyber1024PublicKey preKey, EcSignature signature) {
    Objects.requireNonNull(preKey, "preKey");
    return verify(identityKey, preKey.serialized(), signature);
  }

  /** Steps 1 and 2 of the class comment; lengths already checked. */
  private static boolean verifyUnchecked(byte[] montgomeryPublicKey, byte[] message, byte[] sig) {
    BigInteger u = Edwards25519.decodeFieldElement(montgomeryPublicKey);
    if (u.equals(MINUS_ONE)) {
      return false;
    }
    BigInteger y =
        u.subtract(BigInteger.ONE)
            .multiply(Edwards25519.inverse(u.add(BigInteger.ONE)))
            .mod(Edwards25519.P);
    int sign = (sig[KeyEncodings.SIGNATURE_LENGTH - 1] & 0x80) >>> 7;
    Edwards25519.Point edwardsKey = Edwards25519.decompress(y, sign);
    return edwardsKey != null && verifyEdwards(edwardsKey, message, sig);
  }

  /**
   * Steps 3 and 4 of the class comment, given the Edwards public key; package-private so tests can
   * check it against a standard Ed25519 implementation.
   */
  static boolean verifyEdwards(Edwards25519.Point publicKey, byte[] message, byte[] signature) {
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    s[31] &= 0x7F;
    if ((s[31] & 0xE0) != 0) {
      return false;
    }
    MessageDigest sha512 = sha512();
    sha512.update(r);
    sha512.update(publicKey.encode());
    sha512.update(message);
    BigInteger h = Edwards25519.fromLittleEndian(sha512.digest()).mod(Edwards25519.L);
    BigInteger sModL = Edwards25519.fromLittleEndian(s).mod(Edwards25519.L);
    byte[] expectedR = Edwards25519.doubleScalarMultiplyBase(h, publicKey.negate(), sModL).encode();
    return MessageDigest.isEqual(expectedR, r);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-512 (MessageDigest javadoc).
      throw new IllegalStateException("SHA-512 is unavailable", e);
    }
  }
}
