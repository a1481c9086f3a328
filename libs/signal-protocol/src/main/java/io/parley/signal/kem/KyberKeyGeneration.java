package io.parley.signal.kem;

import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * Kyber1024 round-3 key generation (Kyber v3.02 {@code indcpa_keypair}): (rho, sigma) = SHA3-512(d)
 * — where ML-KEM hashes d || k, which is why Bouncy Castle's ML-KEM key generation cannot be used
 * to reproduce the round-3 known answers — then s, e from CBD_2(SHAKE256(sigma || nonce)), Â from
 * SHAKE128(rho || j || i), t̂ = Â ∘ NTT(s) + NTT(e). The NTT, its base multiplication and the
 * 12-bit encoding are the ones FIPS 203 kept from round 3.
 *
 * <p>Constant-time: no branch or table index depends on sigma, s or e; reductions mod q use
 * multiplication and masks, not division. Only the rejection sampling of Â (public) branches.
 */
final class KyberKeyGeneration {

  private static final int K = 4;
  private static final int N = 256;
  private static final int Q = 3329;
  private static final int POLY_BYTES = 384;

  /** 17^BitRev7(i) mod q for i in 0..127: the NTT's twiddle factors. */
  private static final int[] ZETAS = new int[128];

  /** 17^(2 BitRev7(i) + 1) mod q for i in 0..127: the base multiplication's gammas. */
  private static final int[] GAMMAS = new int[128];

  static {
    for (int i = 0; i < 128; i++) {
      int reversed = Integer.reverse(i) >>> 25;
      ZETAS[i] = power(17, reversed);
      GAMMAS[i] = power(17, 2 * reversed + 1);
    }
  }

  private KyberKeyGeneration() {}

  /** {public key (1568 bytes), secret key (3168 bytes)} from the 32-byte seeds d and z. */
  static byte[][] generate(byte[] d, byte[] z) {
    byte[] seeds = new byte[64];
    SHA3Digest g = new SHA3Digest(512);
    g.update(d, 0, 32);
    g.doFinal(seeds, 0);
    byte[] rho = java.util.Arrays.copyOfRange(seeds, 0, 32);
    byte[] sigma = java.util.Arrays.copyOfRange(seeds, 32, 64);

    int[][] s = new int[K][];
    int[][] e = new int[K][];
    int nonce = 0;
    for (int i = 0; i < K; i++) {
      s[i] = ntt(noise(sigma, nonce++));
    }
    for (int i = 0; i < K; i++) {
      e[i] = ntt(noise(sigma, nonce++));
    }
    byte[] publicKey = new byte[K * POLY_BYTES + 32];
    for (int i = 0; i < K; i++) {
      int[] t = e[i].clone();
      for (int j = 0; j < K; j++) {
        int[] product = multiplyNtt(sampleNtt(rho, j, i), s[j]);
        for (int c = 0; c < N; c++) {
          t[c] = reduce(t[c] + product[c]);
        }
      }
      encode(t, publicKey, i * POLY_BYTES);
    }
    System.arraycopy(rho, 0, publicKey, K * POLY_BYTES, 32);

    byte[] secretKey = new byte[KyberSecretKey.RAW_LENGTH];
    for (int i = 0; i < K; i++) {
      encode(s[i], secretKey, i * POLY_BYTES);
    }
    int offset = K * POLY_BYTES;
    System.arraycopy(publicKey, 0, secretKey, offset, publicKey.length);
    offset += publicKey.length;
    SHA3Digest h = new SHA3Digest(256);
    h.update(publicKey, 0, publicKey.length);
    h.doFinal(secretKey, offset);
    System.arraycopy(z, 0, secretKey, offset + 32, 32);
    java.util.Arrays.fill(sigma, (byte) 0);
    java.util.Arrays.fill(seeds, (byte) 0);
    return new byte[][] {publicKey, secretKey};
  }

  /** CBD_2 of SHAKE256(sigma || nonce): coefficients in [-2, 2], stored mod q. */
  private static int[] noise(byte[] sigma, int nonce) {
    byte[] buffer = new byte[2 * N / 4];
    SHAKEDigest prf = new SHAKEDigest(256);
    prf.update(sigma, 0, 32);
    prf.update((byte) nonce);
    prf.doFinal(buffer, 0, buffer.length);
    int[] poly = new int[N];
    for (int i = 0; i < N / 8; i++) {
      int t =
          (buffer[4 * i] & 0xFF)
              | (buffer[4 * i + 1] & 0xFF) << 8
              | (buffer[4 * i + 2] & 0xFF) << 16
              | (buffer[4 * i + 3] & 0xFF) << 24;
      int d = (t & 0x55555555) + ((t >>> 1) & 0x55555555);
      for (int j = 0; j < 8; j++) {
        int a = (d >>> (4 * j)) & 3;
        int b = (d >>> (4 * j + 2)) & 3;
        poly[8 * i + j] = a - b + Q; // in [q-2, q+2]: reduced below
      }
    }
    for (int i = 0; i < N; i++) {
      poly[i] = reduce(poly[i]);
    }
    java.util.Arrays.fill(buffer, (byte) 0);
    return poly;
  }

  /** Â[i][j] by rejection sampling from SHAKE128(rho || j || i) (public). */
  private static int[] sampleNtt(byte[] rho, int j, int i) {
    SHAKEDigest xof = new SHAKEDigest(128);
    xof.update(rho, 0, 32);
    xof.update((byte) j);
    xof.update((byte) i);
    int[] poly = new int[N];
    byte[] block = new byte[168];
    int count = 0;
    while (count < N) {
      xof.doOutput(block, 0, block.length);
      for (int k = 0; k + 3 <= block.length && count < N; k += 3) {
        int d1 = (block[k] & 0xFF) | ((block[k + 1] & 0x0F) << 8);
        int d2 = ((block[k + 1] & 0xFF) >>> 4) | ((block[k + 2] & 0xFF) << 4);
        if (d1 < Q) {
          poly[count++] = d1;
        }
        if (d2 < Q && count < N) {
          poly[count++] = d2;
        }
      }
    }
    return poly;
  }

  /** The number-theoretic transform (FIPS 203 algorithm 9, the same as round 3's), in place. */
  private static int[] ntt(int[] f) {
    int k = 1;
    for (int length = 128; length >= 2; length >>= 1) {
      for (int start = 0; start < N; start += 2 * length) {
        int zeta = ZETAS[k++];
        for (int j = start; j < start + length; j++) {
          int t = reduce(zeta * f[j + length]);
          f[j + length] = reduce(f[j] - t + Q);
          f[j] = reduce(f[j] + t);
        }
      }
    }
    return f;
  }

  /** Product in the NTT domain (FIPS 203 algorithms 11 and 12). */
  private static int[] multiplyNtt(int[] f, int[] g) {
    int[] h = new int[N];
    for (int i = 0; i < 128; i++) {
      int a0 = f[2 * i];
      int a1 = f[2 * i + 1];
      int b0 = g[2 * i];
      int b1 = g[2 * i + 1];
      h[2 * i] = reduce(a0 * b0 + reduce(reduce(a1 * b1) * GAMMAS[i]));
      h[2 * i + 1] = reduce(a0 * b1 + a1 * b0);
    }
    return h;
  }

  /** 256 coefficients in [0, q) as 12-bit little-endian pairs (ByteEncode_12). */
  private static void encode(int[] poly, byte[] out, int offset) {
    for (int i = 0; i < N / 2; i++) {
      int t0 = poly[2 * i];
      int t1 = poly[2 * i + 1];
      out[offset + 3 * i] = (byte) t0;
      out[offset + 3 * i + 1] = (byte) ((t0 >>> 8) | (t1 << 4));
      out[offset + 3 * i + 2] = (byte) (t1 >>> 4);
    }
  }

  /**
   * a mod q for 0 <= a < 2^31 without division: the quotient estimate floor(a * floor(2^32/q) /
   * 2^32) is at most one short, so one masked subtraction finishes.
   */
  static int reduce(int a) {
    int quotient = (int) ((a * 1290167L) >>> 32);
    int r = a - quotient * Q - Q;
    return r + ((r >> 31) & Q);
  }

  private static int power(int base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result = result * base % Q;
    }
    return (int) result;
  }
}
