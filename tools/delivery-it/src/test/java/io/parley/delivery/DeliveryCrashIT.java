package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.mailbox.MailboxEntry;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfraTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crashes in the middle of a stream of messages from several senders: kill -9 of
 * message-routing-service, kill -9 of an edge node, kill -9 of Redis (which runs with {@code
 * appendonly yes}, {@code appendfsync always}, as documented) and a Kafka stop. After each, every
 * message whose sender got a RECEIPT is delivered, in order per sender device, duplicates only
 * under the same GUID ({@link MessageStream#stopAndVerify}).
 */
@ParleyInfraTest
class DeliveryCrashIT {

  private static final Duration RECOVERY = Duration.ofSeconds(90);
  private static Platform platform;

  @BeforeAll
  static void start() {
    platform = Platform.shared();
  }

  @Test
  void killingTheRoutingServiceLosesNothing() {
    try (MessageStream stream = new MessageStream(platform, 3).start()) {
      stream.runFor(60, RECOVERY);
      platform.routing.kill();
      stream.runFor(40, RECOVERY); // the edge still accepts; Kafka keeps them
      platform.routing.start();
      stream.runFor(60, RECOVERY);
      stream.stopAndVerify(RECOVERY);
    }
  }

  @Test
  void killingAnEdgeNodeLosesNothing() {
    try (MessageStream stream = new MessageStream(platform, 3).start()) {
      stream.runFor(60, RECOVERY);
      platform.edge(0).kill();
      stream.runFor(60, RECOVERY); // everyone is on the other node now
      platform.edge(0).start();
      stream.runFor(60, RECOVERY);
      stream.stopAndVerify(RECOVERY);
    }
  }

  @Test
  void killingRedisLosesNothingThatWasAcknowledged() {
    platform.redis.assumeRestartable();
    try (MessageStream stream = new MessageStream(platform, 3).start()) {
      stream.runFor(60, RECOVERY);
      platform.redis.kill();
      ServiceProcess.sleep(2_000);
      platform.redis.start();
      stream.runFor(60, RECOVERY);
      stream.stopAndVerify(RECOVERY);
    }
  }

  @Test
  void stoppingKafkaLosesNothing() {
    platform.kafka.assumeRestartable();
    try (MessageStream stream = new MessageStream(platform, 3).start()) {
      stream.runFor(60, RECOVERY);
      platform.kafka.stop();
      ServiceProcess.sleep(3_000);
      platform.kafka.start();
      stream.runFor(60, RECOVERY);
      stream.stopAndVerify(RECOVERY);
    }
  }

  /**
   * A device list that changes between the edge's check and routing's append: the message was
   * receipted, so the sender learns of the refusal from a {@code send_rejected} envelope.
   */
  @Test
  void aRefusalAfterTheReceiptReachesTheSender() {
    TestDevices.Device alice = platform.device();
    TestDevices.Device bob = platform.device();
    try (Peer a = new Peer(alice).connect(platform.edge(0).port(), true)) {
      platform.routing.stop();
      a.send("before-the-link", false, bob);
      Peer.await("receipt", RECOVERY, () -> a.hasReceipt("before-the-link"));
      platform.link(bob, 2); // bob's new device, which the message was not encrypted for
      platform.routing.start();
      Peer.await(
          "send_rejected", RECOVERY, () -> !a.received(MailboxEntry.SEND_REJECTED).isEmpty());
      assertThat(a.received(MailboxEntry.SEND_REJECTED).get(0).body())
          .contains("\"reason\":\"devices_changed\"")
          .contains("\"clientMessageId\":\"before-the-link\"")
          .contains("\"receiptId\":\"before-the-link\"")
          .contains("\"missingDevices\":[2]");
    }
    assertThat(platform.mailbox.length(bob.accountId(), 1)).isZero();
  }
}
