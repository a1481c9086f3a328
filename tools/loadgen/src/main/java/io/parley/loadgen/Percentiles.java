package io.parley.loadgen;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies by the nearest-rank method: the p-th percentile is the smallest
 * value such that at least p % of the values are at or below it (so p99 of 100 values is the 99th
 * smallest, and of 20,000 values the 19,800th). No interpolation: every figure printed is a latency
 * that was measured.
 */
final class Percentiles {

  private final long[] sorted;

  /**
   * @param values the measured values; entries below 0 mean "not measured" and are left out
   */
  Percentiles(long[] values) {
    this.sorted = Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
  }

  int count() {
    return sorted.length;
  }

  /** The p-th percentile (0 < p ≤ 100); -1 when there are no values. */
  long percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  long max() {
    return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
  }
}
