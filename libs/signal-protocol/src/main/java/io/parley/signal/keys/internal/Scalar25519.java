package io.parley.signal.keys.internal;

/**
 * Scalars mod L = 2^252 + 27742317777372353535851937790883648493, the order of edwards25519's prime
 * subgroup, in constant time: the reduction walks all 512 bits with a masked conditional
 * subtraction at each, so neither timing nor memory access depends on the value.
 */
public final class Scalar25519 {

  /** L as eight little-endian 32-bit words. */
  private static final int[] L = {
    0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000
  };

  private Scalar25519() {}

  /** {@code value} (little-endian, up to 64 bytes) mod L, as 32 little-endian bytes. */
  public static byte[] reduce(byte[] value) {
    int[] words = new int[16];
    for (int i = 0; i < value.length; i++) {
      words[i >>> 2] |= (value[i] & 0xFF) << ((i & 3) << 3);
    }
    return toBytes(reduceWords(words));
  }

  /** (h * a + r) mod L for 32-byte little-endian h, a, r. */
  public static byte[] multiplyAdd(byte[] h, byte[] a, byte[] r) {
    int[] x = toWords(h);
    int[] y = toWords(a);
    int[] product = new int[16];
    for (int i = 0; i < 8; i++) {
      long carry = 0;
      long xi = x[i] & 0xFFFFFFFFL;
      for (int j = 0; j < 8; j++) {
        // at most (2^32-1)^2 + 2(2^32-1) = 2^64 - 1: fits unsigned
        long t = xi * (y[j] & 0xFFFFFFFFL) + (product[i + j] & 0xFFFFFFFFL) + carry;
        product[i + j] = (int) t;
        carry = t >>> 32;
      }
      product[i + 8] = (int) carry;
    }
    int[] z = toWords(r);
    long carry = 0;
    for (int i = 0; i < 16; i++) {
      long t = (product[i] & 0xFFFFFFFFL) + (i < 8 ? z[i] & 0xFFFFFFFFL : 0) + carry;
      product[i] = (int) t;
      carry = t >>> 32;
    }
    return toBytes(reduceWords(product));
  }

  /** words (512 bits) mod L, bit by bit from the top: acc = 2 acc + bit, minus L if not below. */
  private static int[] reduceWords(int[] words) {
    int[] acc = new int[8];
    int[] difference = new int[8];
    for (int bit = 511; bit >= 0; bit--) {
      int in = (words[bit >>> 5] >>> (bit & 31)) & 1;
      // acc < L < 2^253, so 2 acc + 1 < 2^254: no word overflows.
      for (int i = 7; i > 0; i--) {
        acc[i] = (acc[i] << 1) | (acc[i - 1] >>> 31);
      }
      acc[0] = (acc[0] << 1) | in;
      long borrow = 0;
      for (int i = 0; i < 8; i++) {
        long t = (acc[i] & 0xFFFFFFFFL) - (L[i] & 0xFFFFFFFFL) + borrow;
        difference[i] = (int) t;
        borrow = t >> 32; // 0 or -1
      }
      int keep = (int) borrow; // -1: acc < L, keep acc; 0: take the difference
      for (int i = 0; i < 8; i++) {
        acc[i] = (acc[i] & keep) | (difference[i] & ~keep);
      }
    }
    return acc;
  }

  private static int[] toWords(byte[] littleEndian32) {
    int[] words = new int[8];
    for (int i = 0; i < 32; i++) {
      words[i >>> 2] |= (littleEndian32[i] & 0xFF) << ((i & 3) << 3);
    }
    return words;
  }

  private static byte[] toBytes(int[] words) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < 32; i++) {
      bytes[i] = (byte) (words[i >>> 2] >>> ((i & 3) << 3));
    }
    return bytes;
  }
}
