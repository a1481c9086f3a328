package io.parley.signal.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Scalar25519Test {

  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private final SecureRandom random = new SecureRandom();

  @Test
  void reducesLikeBigIntegerIncludingTheEdges() {
    byte[][] edges = {
      littleEndian(BigInteger.ZERO, 64),
      littleEndian(L, 32),
      littleEndian(L.subtract(BigInteger.ONE), 32),
      littleEndian(L.shiftLeft(1), 32),
      littleEndian(BigInteger.TWO.pow(512).subtract(BigInteger.ONE), 64),
    };
    for (byte[] edge : edges) {
      assertThat(Scalar25519.reduce(edge)).isEqualTo(littleEndian(value(edge).mod(L), 32));
    }
    for (int i = 0; i < 500; i++) {
      byte[] x = new byte[64];
      random.nextBytes(x);
      assertThat(Scalar25519.reduce(x)).isEqualTo(littleEndian(value(x).mod(L), 32));
    }
  }

  @Test
  void multiplyAddsLikeBigInteger() {
    for (int i = 0; i < 500; i++) {
      byte[] h = new byte[32];
      byte[] a = new byte[32];
      byte[] r = new byte[32];
      random.nextBytes(h);
      random.nextBytes(a);
      random.nextBytes(r);
      if (i == 0) {
        java.util.Arrays.fill(h, (byte) 0xFF);
        java.util.Arrays.fill(a, (byte) 0xFF);
        java.util.Arrays.fill(r, (byte) 0xFF);
      }
      BigInteger expected = value(h).multiply(value(a)).add(value(r)).mod(L);
      assertThat(Scalar25519.multiplyAdd(h, a, r)).isEqualTo(littleEndian(expected, 32));
    }
  }

  static BigInteger value(byte[] littleEndian) {
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  static byte[] littleEndian(BigInteger value, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = value.shiftRight(8 * i).byteValue();
    }
    return out;
  }
}
