package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.mailbox.MailboxEntry;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A steady stream of messages from several senders to one recipient, each client behaving as a real
 * one does: a sender sends its next message only after the RECEIPT of the previous one, sends it
 * again (same client message id) when no RECEIPT comes, and reconnects — to whichever edge node
 * answers — when its socket is gone; the recipient ACKs what it got and reconnects likewise. What
 * it checks afterwards is the delivery promise: every message whose sender got a RECEIPT is
 * delivered, in order per sender device, and a message seen twice has the same GUID.
 */
final class MessageStream implements AutoCloseable {

  private final Platform platform;
  private final List<Peer> senders = new ArrayList<>();
  private final Peer recipient;
  private final Map<Peer, List<String>> receipted = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger nextEdge = new AtomicInteger();
  private volatile boolean running = true;

  MessageStream(Platform platform, int senderCount) {
    this.platform = platform;
    this.recipient = new Peer(platform.device());
    for (int i = 0; i < senderCount; i++) {
      Peer sender = new Peer(platform.device());
      senders.add(sender);
      receipted.put(sender, java.util.Collections.synchronizedList(new ArrayList<>()));
    }
  }

  MessageStream start() {
    threads.add(thread("recipient", this::receive));
    for (int i = 0; i < senders.size(); i++) {
      Peer sender = senders.get(i);
      String prefix = "s" + i + "-";
      threads.add(thread("sender-" + i, () -> send(sender, prefix)));
    }
    return this;
  }

  private Thread thread(String name, Runnable body) {
    Thread thread = new Thread(body, "stream-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Connects to a live edge node, trying each in turn until one accepts. */
  private void ensureConnected(Peer peer, boolean autoAck) {
    while (running && !peer.isOpen()) {
      ServiceProcess edge =
          platform.edges.get(Math.floorMod(nextEdge.getAndIncrement(), platform.edges.size()));
      if (!edge.isAlive()) {
        continue;
      }
      try {
        peer.close();
        peer.connect(edge.port(), autoAck);
      } catch (Throwable refusedOrDown) {
        ServiceProcess.sleep(200);
      }
    }
  }

  private void receive() {
    while (running) {
      ensureConnected(recipient, true);
      ServiceProcess.sleep(50);
    }
  }

  private void send(Peer sender, String prefix) {
    int next = 0;
    while (running) {
      ensureConnected(sender, true);
      String id = prefix + next;
      sender.send(id, false, recipient.device);
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (running && !sender.hasReceipt(id) && sender.isOpen() && System.nanoTime() < deadline) {
        ServiceProcess.sleep(2);
      }
      if (sender.hasReceipt(id)) {
        receipted.get(sender).add(id);
        next++;
      }
      // else: no RECEIPT (node gone, Kafka down, "unavailable"): the same message again
    }
  }

  int receiptedCount() {
    return receipted.values().stream().mapToInt(List::size).sum();
  }

  /** Lets the stream run until at least {@code more} further messages were receipted. */
  void runFor(int more, Duration timeout) {
    int target = receiptedCount() + more;
    Peer.await(target + " receipted messages", timeout, () -> receiptedCount() >= target);
  }

  /** Stops sending, then checks the delivery promise. */
  void stopAndVerify(Duration timeout) {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    senders.forEach(Peer::close);
    // the recipient stays until everything receipted is in
    IntSupplier missing =
        () -> {
          Set<String> got = ConcurrentHashMap.newKeySet();
          recipient.received(MailboxEntry.MESSAGE).forEach(m -> got.add(m.clientMessageId()));
          return (int)
              receipted.values().stream()
                  .flatMap(List::stream)
                  .filter(id -> !got.contains(id))
                  .count();
        };
    long deadline = System.nanoTime() + timeout.toNanos();
    while (missing.getAsInt() > 0 && System.nanoTime() < deadline) {
      if (!recipient.isOpen()) {
        ensureConnectedOnce();
      }
      ServiceProcess.sleep(100);
    }
    List<Peer.Received> got = recipient.received(MailboxEntry.MESSAGE);
    recipient.close();
    System.out.printf(
        "[stream] %d senders: %d messages receipted, %d MESSAGE frames received (%d distinct)%n",
        senders.size(),
        receiptedCount(),
        got.size(),
        got.stream().map(Peer.Received::clientMessageId).distinct().count());
    assertThat(missing.getAsInt())
        .as("receipted messages not delivered (of %d receipted)", receiptedCount())
        .isZero();
    Map<String, String> guidOf = new HashMap<>();
    Map<String, Integer> lastIndex = new HashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Peer.Received message : got) {
      String previous = guidOf.putIfAbsent(message.clientMessageId(), message.guid());
      assertThat(previous == null || previous.equals(message.guid()))
          .as("a duplicate of %s with another GUID", message.clientMessageId())
          .isTrue();
      if (!seen.add(message.clientMessageId())) {
        continue; // a redelivery: allowed, same GUID
      }
      String[] parts = message.clientMessageId().split("-");
      int index = Integer.parseInt(parts[1]);
      Integer last = lastIndex.put(parts[0], index);
      assertThat(last == null || index > last)
          .as("order of sender %s: %d after %d", parts[0], index, last)
          .isTrue();
    }
  }

  private void ensureConnectedOnce() {
    running = true;
    try {
      for (int i = 0; i < platform.edges.size() * 3 && !recipient.isOpen(); i++) {
        ensureConnectedStep();
      }
    } finally {
      running = false;
    }
  }

  private void ensureConnectedStep() {
    ServiceProcess edge =
        platform.edges.get(Math.floorMod(nextEdge.getAndIncrement(), platform.edges.size()));
    if (!edge.isAlive()) {
      return;
    }
    try {
      recipient.connect(edge.port(), true);
    } catch (Throwable refused) {
      ServiceProcess.sleep(200);
    }
  }

  TestDevices.Device recipientDevice() {
    return recipient.device;
  }

  @Override
  public void close() {
    running = false;
    senders.forEach(Peer::close);
    recipient.close();
  }
}
