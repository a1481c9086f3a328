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
    byte[] basePointU = new byte[32];
    basePointU[0] = 9;
    for (int i = 0; i < 200; i++) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      if (i == 0) {
        java.util.Arrays.fill(k, (byte) 0xFF);
      } else if (i == 1) {
        java.util.Arrays.fill(k, (byte) 0);
      }
      // X25519 clamps its scalar: compare with the clamped scalar's Edwards point.
      k[0] &= (byte) 248;
      k[31] &= 127;
      k[31] |= 64;
      byte[] x25519 = new byte[32];
      X25519.scalarMult(k, 0, basePointU, 0, x25519, 0);

      byte[] yBytes = Edwards25519.scalarMultiplyBase(k).encode();
      yBytes[31] &= 0x7F;
      BigInteger y = Scalar25519Test.value(yBytes);
      BigInteger u =
          BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);

      assertThat(Scalar25519Test.littleEndian(u, 32)).as("scalar %d", i).isEqualTo(x25519);
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
