package io.parley.scenario;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 keys in the encodings Web Push uses: a public key is the 65-byte uncompressed point ({@code
 * 04 || x || y}), a private key the 32-byte scalar, both base64url without padding on the wire.
 */
final class P256 {

  static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

  private static final ECParameterSpec CURVE = curve();

  private P256() {}

  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys", e);
    }
  }

  /** The 65-byte uncompressed point. */
  static byte[] encode(ECPublicKey key) {
    byte[] point = new byte[65];
    point[0] = 0x04;
    System.arraycopy(fixed32(key.getW().getAffineX()), 0, point, 1, 32);
    System.arraycopy(fixed32(key.getW().getAffineY()), 0, point, 33, 32);
    return point;
  }

  /** The 32-byte scalar. */
  static byte[] encode(ECPrivateKey key) {
    return fixed32(key.getS());
  }

  /**
   * The key of an uncompressed point. Whether the point is on the curve is checked where it is used
   * (the JDK's ECDH refuses off-curve keys; an ECDSA signature never verifies with one).
   *
   * @throws IllegalArgumentException if {@code point} is not 65 bytes starting with {@code 04}
   */
  static ECPublicKey publicKey(byte[] point) {
    if (point.length != 65 || point[0] != 0x04) {
      throw new IllegalArgumentException(
          "not a 65-byte uncompressed P-256 point (" + point.length + " bytes)");
    }
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, CURVE));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 public key", e);
    }
  }

  static ECPrivateKey privateKey(byte[] scalar) {
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC")
              .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), CURVE));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 private key", e);
    }
  }

  private static byte[] fixed32(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
    return out;
  }

  private static ECParameterSpec curve() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256", e);
    }
  }
}
