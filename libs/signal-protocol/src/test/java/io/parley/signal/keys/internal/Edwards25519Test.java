package io.parley.signal.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

/**
 * Our constant-time Edwards base-point multiplication against Bouncy Castle's X25519 (a different
 * curve model and code path): k*B on edwards25519 must map to X25519(k, 9) by u = (1 + y)/(1 - y).
 */
class Edwards25519Test {

  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  private final SecureRandom random = new SecureRandom();

  @Test
  void baseMultiplicationAgreesWithX25519OnRandomAndEdgeScalars() {
    for (int i = 0; i < 200; i++) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      if (i == 0) {
        java.util.Arrays.fill(k, (byte) 0xFF);
      } else if (i == 1) {
        k = new byte[32];
        k[0] = 1;
      }
      byte[] encoded = Edwards25519.scalarMultiplyBase(k).encode();
      byte[] yBytes = encoded.clone();
      yBytes[31] &= 0x7F;
      BigInteger y = Scalar25519Test.value(yBytes);
      BigInteger u =
          BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);

      byte[] x25519 = new byte[32];
      X25519.scalarMult(
          k,
          0,
          new byte[] {
            9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0
          },
          0,
          x25519,
          0);
      // X25519 clamps k, so compare with the clamped scalar's point.
      byte[] clamped = k.clone();
      clamped[0] &= (byte) 248;
      clamped[31] &= 127;
      clamped[31] |= 64;
      byte[] clampedEncoded = Edwards25519.scalarMultiplyBase(clamped).encode();
      byte[] clampedY = clampedEncoded.clone();
      clampedY[31] &= 0x7F;
      BigInteger yc = Scalar25519Test.value(clampedY);
      BigInteger uc =
          BigInteger.ONE.add(yc).multiply(BigInteger.ONE.subtract(yc).mod(P).modInverse(P)).mod(P);
      assertThat(Scalar25519Test.littleEndian(uc, 32)).isEqualTo(x25519);
      assertThat(u.signum()).isNotNegative();
    }
  }

  @Test
  void decompressInvertsEncodeForRandomPoints() {
    for (int i = 0; i < 100; i++) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      byte[] encoded = Edwards25519.scalarMultiplyBase(k).encode();
      assertThat(Edwards25519.decompress(encoded).encode()).isEqualTo(encoded);
    }
  }

  @Test
  void multiplicationIsLinearInTheScalar() {
    byte[] a = new byte[32];
    random.nextBytes(a);
    a[31] &= 0x0F;
    byte[] b = new byte[32];
    random.nextBytes(b);
    b[31] &= 0x0F;
    byte[] sum =
        Scalar25519Test.littleEndian(Scalar25519Test.value(a).add(Scalar25519Test.value(b)), 32);
    // a*B + b*B computed as doubleScalarMultiplyBase(a, B, b)
    byte[] viaDouble = Edwards25519.doubleScalarMultiplyBase(a, Edwards25519.BASE, b).encode();
    assertThat(viaDouble).isEqualTo(Edwards25519.scalarMultiplyBase(sum).encode());
  }
}
