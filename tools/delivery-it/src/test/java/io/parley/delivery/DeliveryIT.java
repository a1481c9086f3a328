package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.PushEvent;
import io.parley.mailbox.MailboxAddress;
import io.parley.mailbox.MailboxEntry;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.KafkaEvents;
import io.parley.testsupport.ParleyInfraTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery path end to end: senders and recipients are STOMP clients of real edge nodes, the
 * message goes through Kafka and message-routing-service into the recipient's mailbox in Redis and
 * out through the edge node that holds the recipient's session.
 */
@ParleyInfraTest
class DeliveryIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Platform platform;

  @BeforeAll
  static void start() {
    platform = Platform.shared();
  }

  private static int edge(int i) {
    return platform.edge(i).port();
  }

  private static void sendAll(Peer sender, String prefix, int count, TestDevices.Device... to) {
    for (int i = 0; i < count; i++) {
      sender.send(prefix + i, false, to);
    }
    Peer.await(
        count + " receipts",
        WAIT,
        () -> IntStream.range(0, count).allMatch(i -> sender.hasReceipt(prefix + i)));
  }

  private static List<String> ids(List<Peer.Received> messages) {
    return messages.stream().map(Peer.Received::clientMessageId).toList();
  }

  @Test
  void offlineThenOnlineInOrderWithOnePushForTheBurst() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer a = new Peer(alice).connect(edge(0), true)) {
      sendAll(a, "burst-", 30, bob);
      try (Peer b = new Peer(bob).connect(edge(1), true)) {
        Peer.await("30 messages", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() >= 30);
        Peer.await("queue_empty", WAIT, () -> b.noticed("queue_empty"));
        assertThat(ids(b.received(MailboxEntry.MESSAGE)))
            .containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> "burst-" + i).toList());
        assertThat(b.received(MailboxEntry.MESSAGE))
            .allSatisfy(m -> assertThat(m.sender()).isEqualTo(alice.accountId() + ":1"));
        // every message acknowledged: the mailbox is empty, and alice hears "delivered" 30 times
        Peer.await("mailbox emptied", WAIT, () -> platform.mailbox.length(bob.accountId(), 1) == 0);
        Peer.await(
            "30 delivery receipts",
            WAIT,
            () -> a.received(MailboxEntry.DELIVERY_RECEIPT).size() >= 30);
      }
    }
    List<PushEvent> pushes = KafkaEvents.byKey(Topics.PUSH_REQUESTS, bob.accountId().toString(), 1);
    assertThat(pushes).hasSize(1);
    assertThat(pushes.get(0).getPushRequested().getDevice().getDeviceId()).isEqualTo(1);
  }

  @Test
  void liveDeliveryAndTheDeliveredReceiptReachEveryDeviceOfTheSender() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device aliceLaptop = platform.link(alice, 2);
    TestDevices.Device bob = platform.device();
    try (Peer b = new Peer(bob).connect(edge(1), true);
        Peer a = new Peer(alice).connect(edge(0), true);
        Peer laptop = new Peer(aliceLaptop).connect(edge(1), true)) {
      Peer.await("bob's empty backlog", WAIT, () -> b.noticed("queue_empty"));
      a.send("live-1", false, bob, aliceLaptop);
      Peer.await("bob gets it", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() == 1);
      Peer.await("the sync copy", WAIT, () -> laptop.received(MailboxEntry.MESSAGE).size() == 1);
      Peer.await(
          "alice's receipt", WAIT, () -> a.received(MailboxEntry.DELIVERY_RECEIPT).size() == 1);
      Peer.await(
          "the laptop's receipt",
          WAIT,
          () -> laptop.received(MailboxEntry.DELIVERY_RECEIPT).size() == 1);
      Peer.Received receipt = a.received(MailboxEntry.DELIVERY_RECEIPT).get(0);
      assertThat(receipt.body())
          .contains("\"clientMessageId\":\"live-1\"")
          .contains("\"messageGuid\":\"" + b.received(MailboxEntry.MESSAGE).get(0).guid() + "\"")
          .contains("\"accountId\":\"" + bob.accountId() + "\"");
    }
  }

  /** The trace id of the log line that mentions {@code text}, from a service's log. */
  private static String traceOf(java.nio.file.Path log, String text) {
    java.util.regex.Pattern traced =
        java.util.regex.Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\]");
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(log)) {
      return lines
          .filter(line -> line.contains(text))
          .map(traced::matcher)
          .filter(java.util.regex.Matcher::find)
          .map(m -> m.group(1))
          .findFirst()
          .orElse(null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void oneTraceRunsFromRoutingsAppendToTheEdgesMessageFrame() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer b = new Peer(bob).connect(edge(1), true);
        Peer a = new Peer(alice).connect(edge(0), true)) {
      Peer.await("bob's empty backlog", WAIT, () -> b.noticed("queue_empty"));
      a.send("traced", false, bob);
      Peer.await("delivered", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() == 1);
      String guid = b.received(MailboxEntry.MESSAGE).get(0).guid();
      String[] traces = new String[2];
      Peer.await(
          "both log lines",
          WAIT,
          () -> {
            traces[0] = traceOf(platform.routing.log(), "message " + guid + " to");
            traces[1] = traceOf(platform.edge(1).log(), "delivered " + guid);
            return traces[0] != null && traces[1] != null;
          });
      assertThat(traces[1]).isEqualTo(traces[0]);
    }
  }

  @Test
  void aBacklogOf5000IsPagedWithBoundedInFlightThenQueueEmpty() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer a = new Peer(alice).connect(edge(0), false)) {
      sendAll(a, "page-", 5000, bob);
    }
    Peer.await(
        "5000 in the mailbox", WAIT, () -> platform.mailbox.length(bob.accountId(), 1) == 5000);
    try (Peer b = new Peer(bob).connect(edge(1), false)) {
      // without ACKs the edge stops at its in-flight bound (64)
      Peer.await("the first window", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() == 64);
      ServiceProcess.sleep(500);
      assertThat(b.received(MailboxEntry.MESSAGE)).hasSize(64);
      assertThat(b.noticed("queue_empty")).isFalse();
      int acked = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (acked < 5000 && System.nanoTime() < deadline) {
        List<Peer.Received> got = b.received(MailboxEntry.MESSAGE);
        for (; acked < got.size(); acked++) {
          b.ack(got.get(acked).ack());
        }
        ServiceProcess.sleep(5);
      }
      Peer.await("queue_empty after 5000", WAIT, () -> b.noticed("queue_empty"));
      assertThat(ids(b.received(MailboxEntry.MESSAGE)))
          .containsExactlyElementsOf(IntStream.range(0, 5000).mapToObj(i -> "page-" + i).toList());
    }
    Peer.await("all deleted", WAIT, () -> platform.mailbox.length(bob.accountId(), 1) == 0);
  }

  @Test
  void withoutAnAckAMessageIsDeliveredAgainAndAnAckRemovesIt() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer a = new Peer(alice).connect(edge(0), true)) {
      sendAll(a, "noack-", 2, bob);
    }
    String firstGuid;
    try (Peer b = new Peer(bob).connect(edge(0), false)) {
      Peer.await("two messages", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() == 2);
      firstGuid = b.received(MailboxEntry.MESSAGE).get(0).guid();
      b.nack(b.received(MailboxEntry.MESSAGE).get(1).ack(), "nack-1");
      Peer.await("NACK receipt", WAIT, () -> b.hasReceipt("nack-1"));
      b.ack("no-such-id", "bad-ack");
      Peer.await("unknown_ack", WAIT, () -> b.noticed("unknown_ack"));
    } // closed without ACKs
    try (Peer b = new Peer(bob).connect(edge(1), false)) {
      Peer.await("redelivered", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() == 2);
      assertThat(b.received(MailboxEntry.MESSAGE).get(0).guid()).isEqualTo(firstGuid);
      for (Peer.Received m : b.received(MailboxEntry.MESSAGE)) {
        b.ack(m.ack(), "ack-" + m.guid());
      }
      Peer.await(
          "ACK receipts",
          WAIT,
          () ->
              b.received(MailboxEntry.MESSAGE).stream()
                  .allMatch(m -> b.hasReceipt("ack-" + m.guid())));
    }
    assertThat(platform.mailbox.length(bob.accountId(), 1)).isZero();
    try (Peer b = new Peer(bob).connect(edge(0), false)) {
      Peer.await("queue_empty", WAIT, () -> b.noticed("queue_empty"));
      assertThat(b.received(MailboxEntry.MESSAGE)).isEmpty();
    }
  }

  @Test
  void aResentMessageIsDeliveredOnce() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer a = new Peer(alice).connect(edge(0), true)) {
      a.send("twice", false, bob);
      Peer.await("receipt", WAIT, () -> a.hasReceipt("twice"));
      a.receipts.clear();
      a.send("twice", false, bob); // the client did not see the RECEIPT and sent it again
      Peer.await("receipt again", WAIT, () -> a.hasReceipt("twice"));
      try (Peer b = new Peer(bob).connect(edge(1), true)) {
        Peer.await("queue_empty", WAIT, () -> b.noticed("queue_empty"));
        Peer.await("one message", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() == 1);
        ServiceProcess.sleep(1_000);
        assertThat(b.received(MailboxEntry.MESSAGE)).hasSize(1);
      }
      // acknowledged, then sent a third time: still known (the dedupe window), not delivered again
      Peer.await("emptied", WAIT, () -> platform.mailbox.length(bob.accountId(), 1) == 0);
      a.receipts.clear();
      a.send("twice", false, bob);
      Peer.await("third receipt", WAIT, () -> a.hasReceipt("twice"));
      ServiceProcess.sleep(1_000);
      assertThat(platform.mailbox.length(bob.accountId(), 1)).isZero();
    }
  }

  @Test
  void aSignalLostOnTheWayDelaysAMessageButDoesNotStrandIt() {
    TestDevices.Device bob = platform.device();
    try (Peer b = new Peer(bob).connect(edge(0), true)) {
      Peer.await("queue_empty", WAIT, () -> b.noticed("queue_empty"));
      // appended behind routing's back: no signal is ever sent for it
      MailboxAddress address = new MailboxAddress(bob.accountId(), 1, bob.incarnation());
      String body = "{\"kind\":\"message\",\"guid\":\"lost-signal\",\"clientMessageId\":\"lost\"}";
      platform.mailbox.append(
          address,
          "lost-signal",
          new MailboxEntry(
              MailboxEntry.MESSAGE,
              System.currentTimeMillis(),
              System.currentTimeMillis() + 60_000,
              bob.accountId().toString(),
              1,
              "lost",
              body));
      // the edge nodes re-read every 2 s in this test platform
      Peer.await(
          "picked up by the timer",
          Duration.ofSeconds(10),
          () -> b.received(MailboxEntry.MESSAGE).size() == 1);
    }
  }

  @Test
  void ephemeralEnvelopesReachOnlyConnectedDevicesAndAreNeverPushed() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer a = new Peer(alice).connect(edge(0), true)) {
      a.send("typing-offline", true, bob);
      Peer.await("receipt", WAIT, () -> a.hasReceipt("typing-offline"));
      ServiceProcess.sleep(2_000);
      assertThat(platform.mailbox.length(bob.accountId(), 1)).isZero();
      try (Peer b = new Peer(bob).connect(edge(1), true)) {
        Peer.await("queue_empty", WAIT, () -> b.noticed("queue_empty"));
        assertThat(b.received(MailboxEntry.MESSAGE)).isEmpty();
        a.send("typing-online", true, bob);
        Peer.await("live ephemeral", WAIT, () -> b.received(MailboxEntry.MESSAGE).size() == 1);
        assertThat(b.received(MailboxEntry.MESSAGE).get(0).body()).contains("\"ephemeral\":true");
      }
    }
    assertThat(KafkaEvents.byKey(Topics.PUSH_REQUESTS, bob.accountId().toString(), 0)).isEmpty();
  }

  @Test
  void connectingWhileMessagesArriveLosesNone() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    int count = 200;
    try (Peer a = new Peer(alice).connect(edge(0), true)) {
      Thread sender =
          new Thread(
              () -> {
                for (int i = 0; i < count; i++) {
                  a.send("race-" + i, false, bob);
                  if (i % 10 == 0) {
                    ServiceProcess.sleep(5);
                  }
                }
              });
      sender.start();
      // bob's sessions come and go on both nodes while the messages arrive
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int round = 0; round < 8; round++) {
        Peer b = new Peer(bob).connect(edge(round % 2), true);
        try (b) {
          ServiceProcess.sleep(150);
        }
        // read after the session closed: it acknowledges what it gets until then
        b.received(MailboxEntry.MESSAGE).forEach(m -> seen.add(m.clientMessageId()));
      }
      Peer.await(
          "receipts",
          WAIT,
          () -> IntStream.range(0, count).allMatch(i -> a.hasReceipt("race-" + i)));
      try (Peer b = new Peer(bob).connect(edge(1), true)) {
        Peer.await("queue_empty", WAIT, () -> b.noticed("queue_empty"));
        Peer.await("the rest", WAIT, () -> platform.mailbox.length(bob.accountId(), 1) == 0);
        b.received(MailboxEntry.MESSAGE).forEach(m -> seen.add(m.clientMessageId()));
        List<String> last = ids(b.received(MailboxEntry.MESSAGE));
        // within one session, order per sender device holds
        assertThat(last)
            .isSortedAccordingTo(
                java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(5))));
      }
      assertThat(seen).hasSize(count);
    }
  }

  @Test
  void deletingTheAccountPurgesItsMailbox() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer a = new Peer(alice).connect(edge(0), true)) {
      sendAll(a, "purge-", 3, bob);
    }
    Peer.await("queued", WAIT, () -> platform.mailbox.length(bob.accountId(), 1) == 3);
    platform.devices.deleteAccount(bob.accountId(), 1);
    Peer.await("purged", WAIT, () -> !platform.mailbox.exists(bob.accountId(), 1));
  }
}
