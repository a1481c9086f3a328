package io.parley.push.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/**
 * NIST P-256 keys in the encodings Web Push uses: public keys as the 65-byte uncompressed point
 * ({@code 0x04 || x || y}), private keys as the 32-byte scalar. The JDK does not check that a
 * decoded point lies on the curve, so {@link #publicKey(byte[])} does (an off-curve point given to
 * ECDH can leak key bits).
 */
public final class P256 {

  private static final BigInteger P =
      new BigInteger("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", 16);
  private static final BigInteger B =
      new BigInteger("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B", 16);
  private static final ECParameterSpec PARAMS = params();

  private P256() {}

  private static ECParameterSpec params() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is part of every JDK", e);
    }
  }

  public static ECParameterSpec parameters() {
    return PARAMS;
  }

  /** Whether the bytes are an uncompressed point on P-256 (not the point at infinity). */
  public static boolean isValidPublicKey(byte[] encoded) {
    if (encoded == null || encoded.length != 65 || encoded[0] != 0x04) {
      return false;
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 33, 65));
    if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(P);
    BigInteger right = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
    return left.equals(right);
  }

  /** The public key of an uncompressed point; throws for anything else. */
  public static ECPublicKey publicKey(byte[] encoded) {
    if (!isValidPublicKey(encoded)) {
      throw new IllegalArgumentException("not an uncompressed P-256 point");
    }
    ECPoint point =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(encoded, 33, 65)));
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 public key", e);
    }
  }

  /** The private key of a 32-byte scalar. */
  public static ECPrivateKey privateKey(byte[] scalar) {
    if (scalar == null || scalar.length != 32) {
      throw new IllegalArgumentException("a P-256 private key is 32 bytes");
    }
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC")
              .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 private key", e);
    }
  }

  /** The 65-byte uncompressed encoding of a public key. */
  public static byte[] encode(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 0x04;
    copyUnsigned(key.getW().getAffineX(), out, 1);
    copyUnsigned(key.getW().getAffineY(), out, 33);
    return out;
  }

  private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 32 ? bytes.length - 32 : 0;
    int length = bytes.length - start;
    System.arraycopy(bytes, start, out, offset + 32 - length, length);
  }
}
