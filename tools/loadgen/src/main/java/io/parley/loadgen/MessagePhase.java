package io.parley.loadgen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bookkeeping of one phase of {@code messages} (warm-up, burst, paced): per message, when it
 * was sent (burst) or due (paced), and how long until its RECEIPT, its MESSAGE at the recipient and
 * its delivered receipt back at the sender. A message is named {@code <tag>.<index>} (its
 * clientMessageId and the SEND's receipt id), so every answer finds its slot without a map.
 */
final class MessagePhase {

  final String name;
  final char tag;
  final int total;

  /** Refused messages are sent again (warm-up, while the device read model catches up). */
  final boolean retryRefused;

  private final AtomicLongArray sentNanos;
  private final AtomicLongArray receiptNanos;
  private final AtomicLongArray deliveredNanos;
  private final AtomicLongArray deliveredReceiptNanos;
  final AtomicInteger sent = new AtomicInteger();
  final AtomicInteger receipts = new AtomicInteger();
  final AtomicInteger delivered = new AtomicInteger();
  final AtomicInteger duplicates = new AtomicInteger();
  final AtomicInteger deliveredReceipts = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger retried = new AtomicInteger();
  final AtomicInteger rejected = new AtomicInteger();
  final Map<String, LongAdder> notices = new ConcurrentHashMap<>();
  final AtomicLong lastDeliveredAt = new AtomicLong();
  final AtomicLong lastDeliveredReceiptAt = new AtomicLong();
  final AtomicLong lastReceiptAt = new AtomicLong();

  /** Paced only: how late the load generator sent a message after its slot, at worst. */
  final AtomicLong maxSendLagNanos = new AtomicLong();

  volatile long startNanos;

  /** The load generator's own CPU time (ns) when the phase started, to report its share. */
  volatile long startCpuNanos;

  MessagePhase(String name, char tag, int total, boolean retryRefused) {
    this.name = name;
    this.tag = tag;
    this.total = total;
    this.retryRefused = retryRefused;
    sentNanos = new AtomicLongArray(total);
    receiptNanos = filled(total);
    deliveredNanos = filled(total);
    deliveredReceiptNanos = filled(total);
  }

  private static AtomicLongArray filled(int n) {
    AtomicLongArray a = new AtomicLongArray(n);
    for (int i = 0; i < n; i++) {
      a.set(i, -1);
    }
    return a;
  }

  String id(int index) {
    return tag + "." + index;
  }

  /** The index of a message id of this phase, or -1 when it is not one. */
  int index(String id) {
    if (id == null || id.length() < 3 || id.charAt(0) != tag || id.charAt(1) != '.') {
      return -1;
    }
    try {
      int i = Integer.parseInt(id, 2, id.length(), 10);
      return i >= 0 && i < total ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Marks message {@code i} sent (or due) at {@code nanos}; latencies are measured from it. */
  void sent(int i, long nanos) {
    sentNanos.set(i, nanos);
    sent.incrementAndGet();
  }

  void receipt(int i, long now) {
    if (receiptNanos.compareAndSet(i, -1, now - sentNanos.get(i))) {
      receipts.incrementAndGet();
      lastReceiptAt.accumulateAndGet(now, Math::max);
    }
  }

  void delivered(int i, long now) {
    if (deliveredNanos.compareAndSet(i, -1, now - sentNanos.get(i))) {
      delivered.incrementAndGet();
      lastDeliveredAt.accumulateAndGet(now, Math::max);
    } else {
      duplicates.incrementAndGet();
    }
  }

  void deliveredReceipt(int i, long now) {
    if (deliveredReceiptNanos.compareAndSet(i, -1, now - sentNanos.get(i))) {
      deliveredReceipts.incrementAndGet();
      lastDeliveredReceiptAt.accumulateAndGet(now, Math::max);
    }
  }

  void notice(String code) {
    notices.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  /** Every message delivered and its delivered receipt back (refused ones given up). */
  boolean complete() {
    int gaveUp = refused.get() + rejected.get();
    return delivered.get() + gaveUp >= total && deliveredReceipts.get() + gaveUp >= total;
  }

  Percentiles deliveryLatencies() {
    return latencies(deliveredNanos);
  }

  Percentiles receiptLatencies() {
    return latencies(receiptNanos);
  }

  Percentiles deliveredReceiptLatencies() {
    return latencies(deliveredReceiptNanos);
  }

  private static Percentiles latencies(AtomicLongArray nanos) {
    long[] values = new long[nanos.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = nanos.get(i);
    }
    return new Percentiles(values);
  }
}
