package io.parley.keys.crypto;

import java.math.BigInteger;

/**
 * The arithmetic XEdDSA verification needs on edwards25519 (RFC 8032 section 5.1), written for
 * clarity with {@link BigInteger}.
 *
 * <p>Nothing here is constant-time, and nothing here needs to be: it only ever handles public keys,
 * public signatures and public messages. It is not an Ed25519 signer and must not become one.
 */
final class Edwards25519 {

  /** The field prime p = 2^255 - 19. */
  static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /** The order of the prime-order subgroup, L = 2^252 + 27742317777372353535851937790883648493. */
  static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** The curve constant d = -121665 / 121666. */
  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(inverse(BigInteger.valueOf(121666))).mod(P);

  private static final BigInteger TWO_D = D.shiftLeft(1).mod(P);

  /** A square root of -1, 2^((p - 1) / 4). */
  private static final BigInteger SQRT_MINUS_ONE =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  private static final BigInteger SQRT_EXPONENT = P.subtract(BigInteger.valueOf(5)).shiftRight(3);

  private static final BigInteger MASK_255 = BigInteger.TWO.pow(255).subtract(BigInteger.ONE);

  static final Point IDENTITY =
      new Point(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

  /** The base point: y = 4/5 with the even x. */
  static final Point BASE =
      decompress(BigInteger.valueOf(4).multiply(inverse(BigInteger.valueOf(5))).mod(P), 0);

  private Edwards25519() {}

  /** A point in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x*y = T/Z (RFC 8032 5.1.4). */
  static final class Point {
    final BigInteger x;
    final BigInteger y;
    final BigInteger z;
    final BigInteger t;

    private Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
      this.x = x;
      this.y = y;
      this.z = z;
      this.t = t;
    }

    static Point affine(BigInteger x, BigInteger y) {
      return new Point(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    Point negate() {
      return new Point(P.subtract(x).mod(P), y, z, P.subtract(t).mod(P));
    }

    /** Unified addition; complete on edwards25519, so it also doubles and adds the identity. */
    Point add(Point q) {
      BigInteger a = y.subtract(x).multiply(q.y.subtract(q.x)).mod(P);
      BigInteger b = y.add(x).multiply(q.y.add(q.x)).mod(P);
      BigInteger c = t.multiply(TWO_D).mod(P).multiply(q.t).mod(P);
      BigInteger d = z.shiftLeft(1).multiply(q.z).mod(P);
      BigInteger e = b.subtract(a);
      BigInteger f = d.subtract(c);
      BigInteger g = d.add(c);
      BigInteger h = b.add(a);
      return new Point(
          e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
    }

    Point twice() {
      BigInteger a = x.multiply(x).mod(P);
      BigInteger b = y.multiply(y).mod(P);
      BigInteger c = z.multiply(z).shiftLeft(1).mod(P);
      BigInteger h = a.add(b);
      BigInteger xPlusY = x.add(y);
      BigInteger e = h.subtract(xPlusY.multiply(xPlusY)).mod(P);
      BigInteger g = a.subtract(b);
      BigInteger f = c.add(g);
      return new Point(
          e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
    }

    /** The canonical 32-byte encoding: y little-endian, the low bit of x in bit 255. */
    byte[] encode() {
      BigInteger zInverse = inverse(z);
      BigInteger affineX = x.multiply(zInverse).mod(P);
      BigInteger affineY = y.multiply(zInverse).mod(P);
      byte[] encoded = toLittleEndian32(affineY);
      if (affineX.testBit(0)) {
        encoded[31] |= (byte) 0x80;
      }
      return encoded;
    }
  }

  /**
   * The point with Edwards coordinate {@code y} (which must be reduced mod p) whose x is made odd
   * when {@code sign} is 1 and even when it is 0, or {@code null} if no point has that y.
   *
   * <p>As curve25519-dalek's {@code CompressedEdwardsY::decompress}: when x is 0 the sign is
   * ignored rather than rejected (RFC 8032 would reject it).
   */
  static Point decompress(BigInteger y, int sign) {
    BigInteger ySquared = y.multiply(y).mod(P);
    BigInteger u = ySquared.subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(ySquared).add(BigInteger.ONE).mod(P);
    // x = sqrt(u / v), computed as u * v^3 * (u * v^7)^((p - 5) / 8) (RFC 8032 5.1.3).
    BigInteger v3 = v.multiply(v).multiply(v).mod(P);
    BigInteger v7 = v3.multiply(v3).multiply(v).mod(P);
    BigInteger x = u.multiply(v3).multiply(u.multiply(v7).modPow(SQRT_EXPONENT, P)).mod(P);
    BigInteger vxx = v.multiply(x).multiply(x).mod(P);
    if (!vxx.equals(u)) {
      if (!vxx.equals(P.subtract(u).mod(P))) {
        return null;
      }
      x = x.multiply(SQRT_MINUS_ONE).mod(P);
    }
    if (x.testBit(0) != (sign == 1)) {
      x = P.subtract(x).mod(P);
    }
    return Point.affine(x, y);
  }

  /** {@code a * A + b * BASE}, variable-time (Straus: one shared chain of doublings). */
  static Point doubleScalarMultiplyBase(BigInteger a, Point bigA, BigInteger b) {
    Point both = bigA.add(BASE);
    Point result = IDENTITY;
    for (int bit = Math.max(a.bitLength(), b.bitLength()) - 1; bit >= 0; bit--) {
      result = result.twice();
      boolean aBit = a.testBit(bit);
      boolean bBit = b.testBit(bit);
      if (aBit && bBit) {
        result = result.add(both);
      } else if (aBit) {
        result = result.add(bigA);
      } else if (bBit) {
        result = result.add(BASE);
      }
    }
    return result;
  }

  /** A 32-byte little-endian field element with bit 255 ignored, reduced mod p (as dalek). */
  static BigInteger decodeFieldElement(byte[] littleEndian32) {
    return fromLittleEndian(littleEndian32).and(MASK_255).mod(P);
  }

  static BigInteger fromLittleEndian(byte[] littleEndian) {
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  /** {@code value} (0 <= value < 2^256) as 32 little-endian bytes. */
  static byte[] toLittleEndian32(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] littleEndian = new byte[32];
    for (int i = 0; i < Math.min(bigEndian.length, 32); i++) {
      littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return littleEndian;
  }

  static BigInteger inverse(BigInteger value) {
    return value.modInverse(P);
  }
}
