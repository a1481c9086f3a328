package io.parley.loadgen;

/**
 * The fixed-interval schedule of a paced run: {@code total} messages at {@code perSecond} in all,
 * message {@code k} due at {@code start + k / perSecond} (computed from the start each time, so
 * rounding never accumulates) and sent by sender {@code k mod senders}, so each sender sends at
 * {@code perSecond / senders} and the senders take turns. A message is due at its slot whether or
 * not the one before went out in time: latency is measured from the slot, so a stall of the
 * platform (or of the load generator) counts against every message it delays, not only against the
 * one that was waiting (no coordinated omission).
 */
record PacedSchedule(long startNanos, double perSecond, int senders, int total) {

  PacedSchedule {
    if (!(perSecond > 0) || senders < 1 || total < 0) {
      throw new IllegalArgumentException("rate must be positive, senders at least 1");
    }
  }

  /** When message {@code k} is due, in {@link System#nanoTime()} terms. */
  long dueNanos(int k) {
    return startNanos + Math.round(k * 1e9 / perSecond);
  }

  /** Which sender sends message {@code k}. */
  int sender(int k) {
    return k % senders;
  }

  /** The messages of a run of {@code seconds} at {@code perSecond}. */
  static int messagesIn(double seconds, double perSecond) {
    return (int) Math.round(seconds * perSecond);
  }
}
