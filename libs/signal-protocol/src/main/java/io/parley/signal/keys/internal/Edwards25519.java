package io.parley.signal.keys.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * edwards25519 (RFC 8032 section 5.1) in extended coordinates on Bouncy Castle's {@link
 * X25519Field}, for XEdDSA.
 *
 * <p>{@link #scalarMultiplyBase} handles secret scalars and is constant-time: a fixed sequence of
 * 252 doublings and 64 additions (the formulas are complete, so adding the identity needs no
 * branch) with each table entry chosen by a full scan with masked moves, never by an index that
 * depends on the scalar. Field operations are Bouncy Castle's, which are constant-time. {@link
 * #decompress} and {@link #doubleScalarMultiplyBase} only ever see public data (keys, signatures).
 */
public final class Edwards25519 {

  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  private static final int[] TWO_D;
  private static final int[] D;
  private static final int[] SQRT_MINUS_ONE;

  /** The base point B (y = 4/5, x even). */
  public static final Point BASE;

  /** 0*B, 1*B, ..., 15*B. */
  private static final Point[] BASE_TABLE;

  static {
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    D = constant(d);
    TWO_D = constant(d.shiftLeft(1).mod(P));
    SQRT_MINUS_ONE = constant(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P));
    BigInteger baseY = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
    BASE = decompress(toLittleEndian(baseY));
    BASE_TABLE = table(BASE);
  }

  private Edwards25519() {}

  /** A point (X:Y:Z:T) with x = X/Z, y = Y/Z, xy = T/Z. Mutable, owned by its caller. */
  public static final class Point {
    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();

    private Point() {}

    static Point identity() {
      Point p = new Point();
      X25519Field.one(p.y);
      X25519Field.one(p.z);
      return p;
    }

    Point copy() {
      Point c = new Point();
      X25519Field.copy(x, 0, c.x, 0);
      X25519Field.copy(y, 0, c.y, 0);
      X25519Field.copy(z, 0, c.z, 0);
      X25519Field.copy(t, 0, c.t, 0);
      return c;
    }

    /** -P. */
    public Point negate() {
      Point n = copy();
      X25519Field.negate(n.x, n.x);
      X25519Field.negate(n.t, n.t);
      X25519Field.carry(n.x);
      X25519Field.carry(n.t);
      return n;
    }

    /** The canonical 32-byte encoding: y little-endian, the low bit of x in bit 255. */
    public byte[] encode() {
      int[] zInverse = X25519Field.create();
      X25519Field.inv(z, zInverse);
      int[] affineX = X25519Field.create();
      int[] affineY = X25519Field.create();
      X25519Field.mul(x, zInverse, affineX);
      X25519Field.mul(y, zInverse, affineY);
      X25519Field.normalize(affineX);
      X25519Field.normalize(affineY);
      byte[] xBytes = new byte[32];
      byte[] encoded = new byte[32];
      X25519Field.encode(affineX, xBytes, 0);
      X25519Field.encode(affineY, encoded, 0);
      encoded[31] |= (byte) ((xBytes[0] & 1) << 7);
      return encoded;
    }
  }

  /** r = p + q; complete (also doubles, also adds the identity). r may be p or q. */
  static void add(Point p, Point q, Point r) {
    int[] a = X25519Field.create();
    int[] b = X25519Field.create();
    int[] c = X25519Field.create();
    int[] d = X25519Field.create();
    int[] e = X25519Field.create();
    int[] f = X25519Field.create();
    int[] g = X25519Field.create();
    int[] h = X25519Field.create();
    X25519Field.sub(p.y, p.x, a);
    X25519Field.sub(q.y, q.x, e);
    X25519Field.carry(a);
    X25519Field.carry(e);
    X25519Field.mul(a, e, a);
    X25519Field.add(p.y, p.x, b);
    X25519Field.add(q.y, q.x, e);
    X25519Field.carry(b);
    X25519Field.carry(e);
    X25519Field.mul(b, e, b);
    X25519Field.mul(p.t, TWO_D, c);
    X25519Field.mul(c, q.t, c);
    X25519Field.add(p.z, p.z, d);
    X25519Field.carry(d);
    X25519Field.mul(d, q.z, d);
    X25519Field.sub(b, a, e);
    X25519Field.sub(d, c, f);
    X25519Field.add(d, c, g);
    X25519Field.add(b, a, h);
    X25519Field.carry(e);
    X25519Field.carry(f);
    X25519Field.carry(g);
    X25519Field.carry(h);
    X25519Field.mul(e, f, r.x);
    X25519Field.mul(g, h, r.y);
    X25519Field.mul(f, g, r.z);
    X25519Field.mul(e, h, r.t);
  }

  /** r = 2p (dbl-2008-hwcd). r may be p. */
  static void twice(Point p, Point r) {
    int[] a = X25519Field.create();
    int[] b = X25519Field.create();
    int[] c = X25519Field.create();
    int[] e = X25519Field.create();
    int[] f = X25519Field.create();
    int[] g = X25519Field.create();
    int[] h = X25519Field.create();
    X25519Field.sqr(p.x, a);
    X25519Field.sqr(p.y, b);
    X25519Field.sqr(p.z, c);
    X25519Field.add(c, c, c);
    X25519Field.add(a, b, h);
    X25519Field.add(p.x, p.y, e);
    X25519Field.carry(h);
    X25519Field.carry(e);
    X25519Field.sqr(e, e);
    X25519Field.sub(h, e, e);
    X25519Field.sub(a, b, g);
    X25519Field.add(c, g, f);
    X25519Field.carry(c);
    X25519Field.carry(e);
    X25519Field.carry(g);
    X25519Field.carry(f);
    X25519Field.mul(e, f, r.x);
    X25519Field.mul(g, h, r.y);
    X25519Field.mul(f, g, r.z);
    X25519Field.mul(e, h, r.t);
  }

  /** 0*p, 1*p, ..., 15*p. */
  private static Point[] table(Point p) {
    Point[] table = new Point[16];
    table[0] = Point.identity();
    table[1] = p.copy();
    for (int i = 2; i < 16; i++) {
      table[i] = new Point();
      add(table[i - 1], p, table[i]);
    }
    return table;
  }

  /** Sets r to table[index] after reading every entry: the memory access does not leak index. */
  private static void select(Point[] table, int index, Point r) {
    X25519Field.zero(r.x);
    X25519Field.one(r.y);
    X25519Field.one(r.z);
    X25519Field.zero(r.t);
    for (int i = 0; i < table.length; i++) {
      int mask = ((index ^ i) - 1) >> 31; // -1 when index == i, else 0
      X25519Field.cmov(mask, table[i].x, 0, r.x, 0);
      X25519Field.cmov(mask, table[i].y, 0, r.y, 0);
      X25519Field.cmov(mask, table[i].z, 0, r.z, 0);
      X25519Field.cmov(mask, table[i].t, 0, r.t, 0);
    }
  }

  private static int nibble(byte[] scalar, int index) {
    return (scalar[index >>> 1] >>> ((index & 1) << 2)) & 0x0F;
  }

  /**
   * k*B for a secret 32-byte little-endian scalar k (any 256-bit value), in constant time: the same
   * operations and memory accesses whatever k is.
   */
  public static Point scalarMultiplyBase(byte[] k) {
    Point result = Point.identity();
    Point entry = new Point();
    for (int i = 63; i >= 0; i--) {
      for (int j = 0; j < 4; j++) {
        twice(result, result);
      }
      select(BASE_TABLE, nibble(k, i), entry);
      add(result, entry, result);
    }
    return result;
  }

  /** a*A + b*B with one shared chain of doublings. Only for public a, A and b (verification). */
  public static Point doubleScalarMultiplyBase(byte[] a, Point bigA, byte[] b) {
    Point[] aTable = table(bigA);
    Point result = Point.identity();
    for (int i = 63; i >= 0; i--) {
      for (int j = 0; j < 4; j++) {
        twice(result, result);
      }
      add(result, aTable[nibble(a, i)], result);
      add(result, BASE_TABLE[nibble(b, i)], result);
    }
    return result;
  }

  /**
   * The point whose encoding is {@code encoded} (bit 255 the sign of x, the rest y, which need not
   * be reduced), or {@code null} if y is not on the curve. As curve25519-dalek, and unlike RFC
   * 8032, x = 0 with the sign bit set is accepted (as x = 0). Public data only: not constant-time.
   */
  public static Point decompress(byte[] encoded) {
    int sign = (encoded[31] & 0x80) >>> 7;
    Point p = new Point();
    X25519Field.decode255(encoded, 0, p.y, 0); // ignores bit 255
    int[] yy = X25519Field.create();
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(p.y, yy);
    X25519Field.sub(yy, one(), u);
    X25519Field.carry(u);
    X25519Field.mul(yy, D, v);
    X25519Field.addOne(v);
    X25519Field.carry(v);
    // x = u v^3 (u v^7)^((p-5)/8) (RFC 8032 5.1.3)
    int[] v3 = X25519Field.create();
    int[] v7 = X25519Field.create();
    X25519Field.sqr(v, v3);
    X25519Field.mul(v3, v, v3);
    X25519Field.sqr(v3, v7);
    X25519Field.mul(v7, v, v7);
    int[] x = X25519Field.create();
    X25519Field.mul(u, v7, x);
    powP58(x, x);
    X25519Field.mul(x, v3, x);
    X25519Field.mul(x, u, x);
    int[] vxx = X25519Field.create();
    X25519Field.sqr(x, vxx);
    X25519Field.mul(vxx, v, vxx);
    int[] check = X25519Field.create();
    X25519Field.sub(vxx, u, check);
    X25519Field.carry(check);
    X25519Field.normalize(check);
    if (X25519Field.isZeroVar(check)) {
      // x is a root
    } else {
      X25519Field.add(vxx, u, check);
      X25519Field.carry(check);
      X25519Field.normalize(check);
      if (!X25519Field.isZeroVar(check)) {
        return null;
      }
      X25519Field.mul(x, SQRT_MINUS_ONE, x);
    }
    X25519Field.normalize(x);
    byte[] xBytes = new byte[32];
    X25519Field.encode(x, xBytes, 0);
    if ((xBytes[0] & 1) != sign) {
      X25519Field.negate(x, x);
      X25519Field.carry(x);
    }
    X25519Field.copy(x, 0, p.x, 0);
    X25519Field.one(p.z);
    X25519Field.mul(p.x, p.y, p.t);
    return p;
  }

  /** z = x^((p-5)/8) = x^(2^252 - 3): bits 251..2 set, bit 1 clear, bit 0 set. */
  private static void powP58(int[] x, int[] z) {
    int[] base = X25519Field.create();
    X25519Field.copy(x, 0, base, 0);
    int[] result = X25519Field.create();
    X25519Field.one(result);
    for (int bit = 251; bit >= 0; bit--) {
      X25519Field.sqr(result, result);
      if (bit != 1) {
        X25519Field.mul(result, base, result);
      }
    }
    X25519Field.copy(result, 0, z, 0);
  }

  /**
   * The Edwards y of the Montgomery u (y = (u - 1) / (u + 1)), encoded with {@code signBit} in bit
   * 255, or {@code null} when u = -1 (no Edwards image). u is read as X25519 reads it: bit 255
   * ignored, not necessarily reduced. Public keys only.
   */
  public static byte[] montgomeryToEdwards(byte[] montgomeryU, int signBit) {
    int[] u = X25519Field.create();
    X25519Field.decode255(montgomeryU, 0, u, 0);
    int[] numerator = X25519Field.create();
    int[] denominator = X25519Field.create();
    X25519Field.copy(u, 0, numerator, 0);
    X25519Field.subOne(numerator);
    X25519Field.copy(u, 0, denominator, 0);
    X25519Field.addOne(denominator);
    X25519Field.carry(numerator);
    X25519Field.carry(denominator);
    X25519Field.normalize(denominator);
    if (X25519Field.isZeroVar(denominator)) {
      return null;
    }
    X25519Field.inv(denominator, denominator);
    int[] y = X25519Field.create();
    X25519Field.mul(numerator, denominator, y);
    X25519Field.normalize(y);
    byte[] encoded = new byte[32];
    X25519Field.encode(y, encoded, 0);
    encoded[31] |= (byte) (signBit << 7);
    return encoded;
  }

  private static int[] one() {
    int[] one = X25519Field.create();
    X25519Field.one(one);
    return one;
  }

  private static int[] constant(BigInteger value) {
    int[] element = X25519Field.create();
    X25519Field.decode255(toLittleEndian(value), 0, element, 0);
    return element;
  }

  private static byte[] toLittleEndian(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] littleEndian = new byte[32];
    for (int i = 0; i < Math.min(bigEndian.length, 32); i++) {
      littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return littleEndian;
  }
}
