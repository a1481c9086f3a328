package io.parley.keys.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/** The curve arithmetic behind {@link XEdDSA}, checked against Bouncy Castle's Ed25519. */
class Edwards25519Test {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void hasTheRfc8032BasePoint() {
    assertThat(HexFormat.of().formatHex(Edwards25519.BASE.encode()))
        .isEqualTo("5866666666666666666666666666666666666666666666666666666666666666");
  }

  @Test
  void theBasePointHasOrderL() {
    Edwards25519.Point lTimesBase =
        Edwards25519.doubleScalarMultiplyBase(
            BigInteger.ZERO, Edwards25519.IDENTITY, Edwards25519.L);
    Edwards25519.Point lMinusOneTimesBase =
        Edwards25519.doubleScalarMultiplyBase(
            BigInteger.ZERO, Edwards25519.IDENTITY, Edwards25519.L.subtract(BigInteger.ONE));

    assertThat(lTimesBase.encode()).isEqualTo(Edwards25519.IDENTITY.encode());
    assertThat(lMinusOneTimesBase.encode()).isEqualTo(Edwards25519.BASE.negate().encode());
  }

  @Test
  void doublingAgreesWithAddition() {
    Edwards25519.Point point = randomMultipleOfBase();

    assertThat(point.twice().encode()).isEqualTo(point.add(point).encode());
    assertThat(point.add(point.negate()).encode()).isEqualTo(Edwards25519.IDENTITY.encode());
  }

  @Test
  void decodesAndReencodesBouncyCastlePublicKeys() {
    for (int i = 0; i < 50; i++) {
      byte[] publicKey = bouncyCastlePublicKey(randomBytes(32));

      assertThat(decode(publicKey).encode()).isEqualTo(publicKey);
    }
  }

  @Test
  void aYWithoutAnXDecodesToNothing() {
    int offCurve = 0;
    for (int i = 0; i < 200; i++) {
      BigInteger y = new BigInteger(255, RANDOM).mod(Edwards25519.P);
      if (Edwards25519.decompress(y, 0) == null) {
        offCurve++;
        assertThat(Edwards25519.decompress(y, 1)).isNull();
      }
    }
    // About half of all y have no x.
    assertThat(offCurve).isBetween(50, 150);
  }

  @Test
  void verifiesWhatBouncyCastleSignsAndRejectsWhatItRejects() {
    for (int i = 0; i < 100; i++) {
      byte[] secretKey = randomBytes(32);
      byte[] publicKey = bouncyCastlePublicKey(secretKey);
      byte[] message = randomBytes(RANDOM.nextInt(200));
      byte[] signature = new byte[64];
      Ed25519.sign(secretKey, 0, message, 0, message.length, signature, 0);

      assertThat(XEdDSA.verifyEdwards(decode(publicKey), message, signature)).isTrue();

      // Any bit but 511: that one is XEdDSA's sign bit, which verifyEdwards leaves to its caller.
      int bit = RANDOM.nextInt(511);
      byte[] tampered = signature.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(XEdDSA.verifyEdwards(decode(publicKey), message, tampered))
          .isEqualTo(Ed25519.verify(tampered, 0, publicKey, 0, message, 0, message.length))
          .isFalse();
    }
  }

  private static Edwards25519.Point decode(byte[] encoded) {
    return Edwards25519.decompress(
        Edwards25519.decodeFieldElement(encoded), (encoded[31] & 0x80) >>> 7);
  }

  private static byte[] bouncyCastlePublicKey(byte[] secretKey) {
    byte[] publicKey = new byte[32];
    Ed25519.generatePublicKey(secretKey, 0, publicKey, 0);
    return publicKey;
  }

  private static Edwards25519.Point randomMultipleOfBase() {
    return Edwards25519.doubleScalarMultiplyBase(
        BigInteger.ZERO, Edwards25519.IDENTITY, new BigInteger(256, RANDOM).mod(Edwards25519.L));
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
