package io.parley.keys.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.ecc.ECKeyPair;

/**
 * Differential tests against signal-protocol-java 2.8.1 (libsignal's former Java implementation,
 * test scope only): what it signs we accept, and where a bad input is made from one of its
 * signatures we reject what it rejects.
 */
class XEdDSATest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void acceptsEverySignatureLibsignalMakesOverMessagesAndSerializedPreKeys() throws Exception {
    int withSignBit = 0;
    for (int i = 0; i < 200; i++) {
      ECKeyPair identity = Curve.generateKeyPair();
      byte[] message =
          i % 2 == 0
              ? Curve.generateKeyPair().getPublicKey().serialize()
              : randomBytes(RANDOM.nextInt(300));
      byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
      byte[] serializedKey = identity.getPublicKey().serialize();
      String inputs = describe(serializedKey, message, signature);

      assertThat(serializedKey).hasSize(33).startsWith(0x05);
      assertThat(XEdDSA.verifySerialized(serializedKey, message, signature)).as(inputs).isTrue();
      assertThat(XEdDSA.verify(Arrays.copyOfRange(serializedKey, 1, 33), message, signature))
          .as(inputs)
          .isTrue();
      assertThat(
              XEdDSA.verify(
                  KeyEncodings.ecPublicKey(serializedKey),
                  message,
                  KeyEncodings.signature(signature)))
          .as(inputs)
          .isTrue();
      withSignBit += (signature[63] & 0x80) >>> 7;
    }
    // Half the Edwards keys are "negative"; both branches of the sign-bit handling were exercised.
    assertThat(withSignBit).isBetween(1, 199);
  }

  @Test
  void verifiesASignedPreKeyOverItsSerializedFormOnly() throws Exception {
    ECKeyPair identity = Curve.generateKeyPair();
    EcPublicKey identityKey = KeyEncodings.ecPublicKey(identity.getPublicKey().serialize());
    byte[] preKey = Curve.generateKeyPair().getPublicKey().serialize();
    byte[] rawPreKey = Arrays.copyOfRange(preKey, 1, 33);

    EcSignature overSerialized =
        KeyEncodings.signature(Curve.calculateSignature(identity.getPrivateKey(), preKey));
    EcSignature overRaw =
        KeyEncodings.signature(Curve.calculateSignature(identity.getPrivateKey(), rawPreKey));

    assertThat(
            XEdDSA.verifySignedPreKey(
                identityKey, KeyEncodings.ecPublicKey(preKey), overSerialized))
        .isTrue();
    assertThat(XEdDSA.verifySignedPreKey(identityKey, KeyEncodings.ecPublicKey(preKey), overRaw))
        .isFalse();
  }

  @Test
  void verifiesASignedKyberPreKeyOverItsSerializedForm() throws Exception {
    ECKeyPair identity = Curve.generateKeyPair();
    EcPublicKey identityKey = KeyEncodings.ecPublicKey(identity.getPublicKey().serialize());
    byte[] kyberKey = randomBytes(1569);
    kyberKey[0] = KeyEncodings.KYBER_1024_TYPE;

    byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), kyberKey);
    byte[] overRaw =
        Curve.calculateSignature(
            identity.getPrivateKey(), Arrays.copyOfRange(kyberKey, 1, kyberKey.length));

    Kyber1024PublicKey preKey = KeyEncodings.kyber1024PublicKey(kyberKey);
    assertThat(XEdDSA.verifySignedPreKey(identityKey, preKey, KeyEncodings.signature(signature)))
        .isTrue();
    assertThat(XEdDSA.verifySerialized(identity.getPublicKey().serialize(), kyberKey, signature))
        .isTrue();
    assertThat(XEdDSA.verifySignedPreKey(identityKey, preKey, KeyEncodings.signature(overRaw)))
        .isFalse();
    kyberKey[1000] ^= 0x10;
    assertThat(XEdDSA.verifySerialized(identity.getPublicKey().serialize(), kyberKey, signature))
        .isFalse();
  }

  @Test
  void rejectsAMessageWithAFlippedBit() throws Exception {
    for (int i = 0; i < 50; i++) {
      ECKeyPair identity = Curve.generateKeyPair();
      byte[] message = randomBytes(1 + RANDOM.nextInt(100));
      byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
      int bit = RANDOM.nextInt(message.length * 8);
      message[bit / 8] ^= (byte) (1 << (bit % 8));

      assertRejectedLikeLibsignal(identity.getPublicKey().serialize(), message, signature);
    }
  }

  @Test
  void rejectsEveryBitFlipInR() throws Exception {
    assertEveryBitFlipRejected(0, 256);
  }

  /** Bits 256 to 510: S, including the three top bits libsignal requires to be clear. */
  @Test
  void rejectsEveryBitFlipInS() throws Exception {
    assertEveryBitFlipRejected(256, 511);
  }

  /** Bit 511 carries the Edwards key's sign: flipping it verifies against the negated key. */
  @Test
  void rejectsAFlippedSignBit() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertEveryBitFlipRejected(511, 512);
    }
  }

  @Test
  void rejectsASignatureByAnotherIdentityKey() throws Exception {
    for (int i = 0; i < 50; i++) {
      byte[] message = Curve.generateKeyPair().getPublicKey().serialize();
      byte[] signature = Curve.calculateSignature(Curve.generateKeyPair().getPrivateKey(), message);

      assertRejectedLikeLibsignal(
          Curve.generateKeyPair().getPublicKey().serialize(), message, signature);
    }
  }

  @Test
  void refusesPublicKeysThatAreNotLibsignalEncoded() throws Exception {
    ECKeyPair identity = Curve.generateKeyPair();
    byte[] message = randomBytes(33);
    byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
    byte[] serialized = identity.getPublicKey().serialize();
    byte[] raw = Arrays.copyOfRange(serialized, 1, 33);
    byte[] wrongType = serialized.clone();
    wrongType[0] = KeyEncodings.KYBER_1024_TYPE;
    byte[] trailingByte = Arrays.copyOf(serialized, 34);

    assertThatThrownBy(() -> XEdDSA.verifySerialized(raw, message, signature))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessageContaining("must be 33 bytes")
        .hasMessageEndingWith("got 32");
    assertThatThrownBy(() -> XEdDSA.verifySerialized(trailingByte, message, signature))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessageEndingWith("got 34");
    assertThatThrownBy(() -> XEdDSA.verifySerialized(wrongType, message, signature))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("EC public key has type byte 0x08, expected 0x05");
    assertThatThrownBy(() -> XEdDSA.verifySerialized(null, message, signature))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("EC public key is missing");
    assertThatThrownBy(() -> XEdDSA.verify(serialized, message, signature))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("Curve25519 public key must be 32 bytes, got 33");
    assertThatThrownBy(() -> XEdDSA.verify((byte[]) null, message, signature))
        .isInstanceOf(InvalidKeyEncodingException.class)
        .hasMessage("Curve25519 public key is missing");
  }

  @Test
  void aSignatureThatIsNot64BytesDoesNotVerify() throws Exception {
    ECKeyPair identity = Curve.generateKeyPair();
    byte[] key = identity.getPublicKey().serialize();
    byte[] message = randomBytes(33);
    byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);

    assertThat(XEdDSA.verifySerialized(key, message, signature)).isTrue();
    for (byte[] malformed :
        List.of(
            Arrays.copyOf(signature, 63),
            Arrays.copyOf(signature, 65),
            Arrays.copyOf(signature, 128),
            new byte[0])) {
      assertThat(XEdDSA.verifySerialized(key, message, malformed))
          .as("%d-byte signature", malformed.length)
          .isFalse();
    }
    assertThat(XEdDSA.verifySerialized(key, message, null)).isFalse();
  }

  @Test
  void aMissingMessageIsAProgrammingError() {
    assertThatThrownBy(() -> XEdDSA.verify(new byte[32], null, new byte[64]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("message");
  }

  /**
   * libsignal reduces S mod L after checking only its top three bits, so S + L verifies; a strict
   * RFC 8032 verifier such as Bouncy Castle's rejects it. This is why verification is not delegated
   * to Bouncy Castle.
   */
  @Test
  void acceptsAnSThatIsNotReducedModLAsLibsignalDoes() throws Exception {
    int checked = 0;
    while (checked < 10) {
      ECKeyPair identity = Curve.generateKeyPair();
      byte[] message = randomBytes(33);
      byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
      byte[] s = Arrays.copyOfRange(signature, 32, 64);
      int signBit = s[31] & 0x80;
      s[31] &= 0x7F;
      BigInteger sPlusL = Edwards25519.fromLittleEndian(s).add(Edwards25519.L);
      if (sPlusL.bitLength() > 253) {
        continue;
      }
      byte[] malleated = signature.clone();
      System.arraycopy(Edwards25519.toLittleEndian32(sPlusL), 0, malleated, 32, 32);
      malleated[63] |= (byte) signBit;
      byte[] serialized = identity.getPublicKey().serialize();
      byte[] edwardsKey = edwardsKey(Arrays.copyOfRange(serialized, 1, 33), signBit >>> 7).encode();
      byte[] strict = malleated.clone();
      strict[63] &= 0x7F;
      byte[] strictOriginal = signature.clone();
      strictOriginal[63] &= 0x7F;

      assertThat(XEdDSA.verifySerialized(serialized, message, malleated)).isTrue();
      assertThat(libsignalVerifies(serialized, message, malleated)).isTrue();
      assertThat(Ed25519.verify(strictOriginal, 0, edwardsKey, 0, message, 0, message.length))
          .isTrue();
      assertThat(Ed25519.verify(strict, 0, edwardsKey, 0, message, 0, message.length)).isFalse();
      checked++;
    }
  }

  /** S + k * L is the same scalar, but libsignal refuses any S of 2^253 or more before reducing. */
  @Test
  void rejectsAnSOf2To253OrMoreEvenWhenItIsCongruentModL() throws Exception {
    int rejected = 0;
    for (int i = 0; i < 5; i++) {
      ECKeyPair identity = Curve.generateKeyPair();
      byte[] key = identity.getPublicKey().serialize();
      byte[] message = randomBytes(33);
      byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
      byte[] s = Arrays.copyOfRange(signature, 32, 64);
      int signBit = s[31] & 0x80;
      s[31] &= 0x7F;
      for (int k = 1; k <= 7; k++) {
        BigInteger congruent =
            Edwards25519.fromLittleEndian(s).add(Edwards25519.L.multiply(BigInteger.valueOf(k)));
        if (congruent.bitLength() > 255) {
          continue;
        }
        byte[] malleated = signature.clone();
        System.arraycopy(Edwards25519.toLittleEndian32(congruent), 0, malleated, 32, 32);
        malleated[63] |= (byte) signBit;
        boolean expected = congruent.bitLength() <= 253;
        String inputs = "k=" + k + " " + describe(key, message, malleated);

        assertThat(libsignalVerifies(key, message, malleated)).as(inputs).isEqualTo(expected);
        assertThat(XEdDSA.verifySerialized(key, message, malleated)).as(inputs).isEqualTo(expected);
        rejected += expected ? 0 : 1;
      }
    }
    assertThat(rejected).isPositive();
  }

  /** libsignal compares encodings, so R plus a small-order point never verifies. */
  @Test
  void rejectsAnROffsetByASmallOrderPoint() throws Exception {
    Edwards25519.Point orderTwo =
        Edwards25519.decompress(Edwards25519.P.subtract(BigInteger.ONE), 0);
    Edwards25519.Point orderFour = Edwards25519.decompress(BigInteger.ZERO, 0);
    for (int i = 0; i < 20; i++) {
      ECKeyPair identity = Curve.generateKeyPair();
      byte[] message = randomBytes(33);
      byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
      byte[] r = Arrays.copyOfRange(signature, 0, 32);
      Edwards25519.Point bigR =
          Edwards25519.decompress(Edwards25519.decodeFieldElement(r), (r[31] & 0x80) >>> 7);
      for (Edwards25519.Point torsion : List.of(orderTwo, orderFour, orderTwo.add(orderFour))) {
        byte[] offset = signature.clone();
        System.arraycopy(bigR.add(torsion).encode(), 0, offset, 0, 32);

        assertRejectedLikeLibsignal(identity.getPublicKey().serialize(), message, offset);
      }
    }
  }

  /**
   * X25519 and libsignal ignore bit 255 of a u-coordinate, so a key with it set is the same key.
   */
  @Test
  void ignoresBit255OfTheMontgomeryKeyAsLibsignalDoes() throws Exception {
    for (int i = 0; i < 20; i++) {
      ECKeyPair identity = Curve.generateKeyPair();
      byte[] message = randomBytes(33);
      byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
      byte[] highBitSet = identity.getPublicKey().serialize();
      highBitSet[32] |= (byte) 0x80;

      assertThat(XEdDSA.verifySerialized(highBitSet, message, signature)).isTrue();
      assertThat(libsignalVerifies(highBitSet, message, signature)).isTrue();
    }
  }

  /**
   * Keys at the edges of the field: 0 and p (which reduces to 0) map to the order-2 point, 1 and p
   * + 1 to an order-4 point, p - 1 (u = -1) and its bit-255 twin have no Edwards image, 2^255 - 1
   * reduces to 18. None may throw; none accepts an ordinary signature.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1",
        "p-1",
        "p",
        "p+1",
        "p+18",
        "2^255-1",
        "2^255+p-1",
        "2^256-1",
      })
  void edgeKeysNeverThrowAndRejectOrdinarySignatures(String u) throws Exception {
    byte[] key = littleEndian(u);
    for (int i = 0; i < 20; i++) {
      ECKeyPair someoneElse = Curve.generateKeyPair();
      byte[] message = randomBytes(33);
      byte[] signature =
          i % 2 == 0
              ? Curve.calculateSignature(someoneElse.getPrivateKey(), message)
              : randomBytes(64);
      signature[63] = (byte) ((signature[63] & 0x1F) | (i % 4 < 2 ? 0x80 : 0));

      assertThat(XEdDSA.verify(key, message, signature)).as(u).isFalse();
    }
  }

  /** u = -1 is refused before anything else, whatever the signature says. */
  @Test
  void minusOneNeverVerifies() {
    byte[] minusOne = littleEndian("p-1");
    for (int sign = 0; sign < 2; sign++) {
      byte[] signature = new byte[64];
      signature[63] = (byte) (sign << 7);
      assertThat(XEdDSA.verify(minusOne, new byte[0], signature)).isFalse();
      assertThat(XEdDSA.verify(minusOne, new byte[0], randomBytes(64))).isFalse();
    }
  }

  /**
   * The all-zero key is the order-2 point (0, -1): whoever holds no private key at all can sign for
   * it half the time. libsignal accepts such signatures and so do we; refusing weak identity keys
   * is a policy above signature verification.
   */
  @Test
  void acceptsAForgeryForTheAllZeroKeyAsLibsignalDoes() throws Exception {
    byte[] zeroKey = new byte[33];
    zeroKey[0] = KeyEncodings.DJB_TYPE;
    byte[] message = randomBytes(33);
    byte[] forgery = forgeForOrderTwoKey(message, 0);

    assertThat(XEdDSA.verifySerialized(zeroKey, message, forgery)).isTrue();
    assertThat(libsignalVerifies(zeroKey, message, forgery)).isTrue();
    assertThat(XEdDSA.verifySerialized(zeroKey, message, randomBytes(64))).isFalse();
  }

  /**
   * libsignal (Rust) hashes the re-encoded Edwards key, whose sign bit is 0 when x is 0, not the
   * key with the signature's sign bit pasted in (signal-protocol-java did the latter).
   */
  @Test
  void hashesTheReencodedEdwardsKeyAsLibsignalDoes() {
    byte[] message = randomBytes(33);

    byte[] forgery = forgeForOrderTwoKey(message, 1);

    assertThat(XEdDSA.verify(new byte[32], message, forgery)).isTrue();
  }

  /** A signature for the u = 0 key made without any private key; sign bit as given. */
  private static byte[] forgeForOrderTwoKey(byte[] message, int signBit) {
    Edwards25519.Point orderTwo =
        Edwards25519.decompress(Edwards25519.P.subtract(BigInteger.ONE), 0);
    while (true) {
      BigInteger s = new BigInteger(320, RANDOM).mod(Edwards25519.L);
      byte[] r = Edwards25519.doubleScalarMultiplyBase(BigInteger.ZERO, orderTwo, s).encode();
      MessageDigest sha512 = sha512();
      sha512.update(r);
      sha512.update(orderTwo.encode());
      sha512.update(message);
      BigInteger h = Edwards25519.fromLittleEndian(sha512.digest()).mod(Edwards25519.L);
      if (!h.testBit(0)) {
        // h * A is the identity, so S * B - h * A = S * B = R.
        byte[] signature = new byte[64];
        System.arraycopy(r, 0, signature, 0, 32);
        System.arraycopy(Edwards25519.toLittleEndian32(s), 0, signature, 32, 32);
        signature[63] |= (byte) (signBit << 7);
        return signature;
      }
    }
  }

  private static void assertEveryBitFlipRejected(int fromBit, int toBit) throws Exception {
    ECKeyPair identity = Curve.generateKeyPair();
    byte[] key = identity.getPublicKey().serialize();
    byte[] message = Curve.generateKeyPair().getPublicKey().serialize();
    byte[] signature = Curve.calculateSignature(identity.getPrivateKey(), message);
    assertThat(XEdDSA.verifySerialized(key, message, signature)).isTrue();
    for (int bit = fromBit; bit < toBit; bit++) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));

      assertRejectedLikeLibsignal(key, message, flipped);
    }
  }

  private static void assertRejectedLikeLibsignal(byte[] key, byte[] message, byte[] signature)
      throws Exception {
    String inputs = describe(key, message, signature);
    assertThat(libsignalVerifies(key, message, signature)).as(inputs).isFalse();
    assertThat(XEdDSA.verifySerialized(key, message, signature)).as(inputs).isFalse();
  }

  private static boolean libsignalVerifies(byte[] key, byte[] message, byte[] signature)
      throws Exception {
    return Curve.verifySignature(Curve.decodePoint(key, 0), message, signature);
  }

  private static Edwards25519.Point edwardsKey(byte[] montgomeryKey, int sign) {
    BigInteger u = Edwards25519.decodeFieldElement(montgomeryKey);
    BigInteger y =
        u.subtract(BigInteger.ONE)
            .multiply(Edwards25519.inverse(u.add(BigInteger.ONE)))
            .mod(Edwards25519.P);
    return Edwards25519.decompress(y, sign);
  }

  /** "p+18", "2^255-1" and the like as 32 little-endian bytes (truncated above bit 255). */
  private static byte[] littleEndian(String expression) {
    BigInteger value =
        switch (expression) {
          case "p-1" -> Edwards25519.P.subtract(BigInteger.ONE);
          case "p" -> Edwards25519.P;
          case "p+1" -> Edwards25519.P.add(BigInteger.ONE);
          case "p+18" -> Edwards25519.P.add(BigInteger.valueOf(18));
          case "2^255-1" -> BigInteger.TWO.pow(255).subtract(BigInteger.ONE);
          case "2^255+p-1" -> BigInteger.TWO.pow(255).add(Edwards25519.P).subtract(BigInteger.ONE);
          case "2^256-1" -> BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
          default -> new BigInteger(expression);
        };
    return Edwards25519.toLittleEndian32(value);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(byte[] key, byte[] message, byte[] signature) {
    return "key="
        + HEX.formatHex(key)
        + " message="
        + HEX.formatHex(message)
        + " signature="
        + HEX.formatHex(signature);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
