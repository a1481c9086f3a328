package io.parley.edge.delivery;

import io.parley.edge.session.EdgeSession;
import io.parley.mailbox.MailboxAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery state of one session subscribed to its messages: how far it has read the mailbox, what
 * is in flight, and whether a read is running or wanted. Reads of one session never run at the same
 * time ({@link #scheduled}); acknowledgements arrive on other threads.
 */
final class SessionDelivery {

  /** A message written to the session and not yet acknowledged. */
  record InFlight(
      long sequence,
      String kind,
      String senderAccount,
      int senderDevice,
      String clientMessageId,
      boolean ephemeral) {}

  final EdgeSession session;
  final MailboxAddress address;
  final String subscriptionId;
  final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

  /** The highest sequence read; entries after it are read next. */
  final AtomicLong cursor = new AtomicLong();

  /** A read task is queued or running. */
  final AtomicBoolean scheduled = new AtomicBoolean();

  /** Something may have changed since the running read began: read again. */
  final AtomicBoolean again = new AtomicBoolean();

  /** Whether the "queue empty" event was sent for this session's backlog. */
  volatile boolean backlogDrained;

  volatile boolean closed;

  SessionDelivery(EdgeSession session, MailboxAddress address, String subscriptionId) {
    this.session = session;
    this.address = address;
    this.subscriptionId = subscriptionId;
  }

  /** Makes an entry readable again (its acknowledgement could not be completed). */
  void rewind(long sequence) {
    cursor.accumulateAndGet(sequence - 1, Math::min);
  }
}
