package io.parley.signal.keys;

import io.parley.signal.keys.internal.Edwards25519;
import io.parley.signal.keys.internal.Scalar25519;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * XEdDSA signatures with Curve25519 keys, as libsignal makes and checks them.
 *
 * <p>Signing with the clamped X25519 scalar k: a = k mod L, A = a*B on edwards25519 (constant-time,
 * {@link Edwards25519#scalarMultiplyBase}); r = SHA-512(0xFE || 0xFF*31 || k || M || Z) mod L with
 * 64 random bytes Z; R = r*B; h = SHA-512(R || A || M) mod L; S = h*a + r mod L. The signature is R
 * || S with A's sign bit (the sign of x, which an X25519 key does not carry) in bit 7 of the last
 * byte. Unlike the XEdDSA paper, A is not forced even; the sign travels in the signature instead.
 *
 * <p>Verifying: y = (u - 1) / (u + 1) from the Montgomery key, x's sign from that bit, S with the
 * bit cleared must be below 2^253 and is used mod L; accept iff the encoding of S*B - h*A is R byte
 * for byte (cofactorless, as libsignal).
 */
public final class XEdDSA {

  /** The signature length. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final byte[] PREFIX = new byte[32];

  static {
    Arrays.fill(PREFIX, (byte) 0xFF);
    PREFIX[0] = (byte) 0xFE;
  }

  private XEdDSA() {}

  /** Signs {@code message} with {@code privateKey}; 64 random bytes from {@code random}. */
  public static byte[] sign(ECPrivateKey privateKey, byte[] message, SecureRandom random) {
    Objects.requireNonNull(message, "message");
    byte[] k = privateKey.scalarUnsafe();
    byte[] a = Scalar25519.reduce(k);
    byte[] bigA = Edwards25519.scalarMultiplyBase(a).encode();
    byte[] z = new byte[64];
    random.nextBytes(z);

    MessageDigest sha512 = sha512();
    sha512.update(PREFIX);
    sha512.update(k);
    sha512.update(message);
    sha512.update(z);
    byte[] r = Scalar25519.reduce(sha512.digest());
    byte[] bigR = Edwards25519.scalarMultiplyBase(r).encode();

    sha512.update(bigR);
    sha512.update(bigA);
    sha512.update(message);
    byte[] h = Scalar25519.reduce(sha512.digest());
    byte[] s = Scalar25519.multiplyAdd(h, a, r);

    byte[] signature = new byte[SIGNATURE_LENGTH];
    System.arraycopy(bigR, 0, signature, 0, 32);
    System.arraycopy(s, 0, signature, 32, 32);
    signature[63] = (byte) ((signature[63] & 0x7F) | (bigA[31] & 0x80));
    Arrays.fill(a, (byte) 0);
    Arrays.fill(r, (byte) 0);
    return signature;
  }

  /** Whether {@code signature} is {@code publicKey}'s over {@code message}. */
  public static boolean verify(ECPublicKey publicKey, byte[] message, byte[] signature) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(message, "message");
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    byte[] encodedA =
        Edwards25519.montgomeryToEdwards(
            publicKey.montgomeryUnsafe(), (signature[63] & 0x80) >>> 7);
    if (encodedA == null) {
      return false;
    }
    Edwards25519.Point bigA = Edwards25519.decompress(encodedA);
    if (bigA == null) {
      return false;
    }
    byte[] bigR = Arrays.copyOfRange(signature, 0, 32);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    s[31] &= 0x7F;
    if ((s[31] & 0xE0) != 0) {
      return false;
    }
    MessageDigest sha512 = sha512();
    sha512.update(bigR);
    sha512.update(bigA.encode());
    sha512.update(message);
    byte[] h = Scalar25519.reduce(sha512.digest());
    byte[] check =
        Edwards25519.doubleScalarMultiplyBase(h, bigA.negate(), Scalar25519.reduce(s)).encode();
    return MessageDigest.isEqual(check, bigR);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is unavailable", e);
    }
  }
}
