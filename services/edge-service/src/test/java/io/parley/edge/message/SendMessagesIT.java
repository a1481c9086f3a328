package io.parley.edge.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.CiphertextType;
import io.parley.contracts.events.v1.MessageEvent;
import io.parley.contracts.events.v1.MessageSubmitted;
import io.parley.edge.support.EdgeIntegrationTest;
import io.parley.mailbox.DeviceDirectory;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.KafkaEvents;
import io.parley.testsupport.KafkaInfra;
import io.parley.testsupport.stomp.StompTestClient;
import io.parley.testsupport.stomp.StompTestClient.Frame;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** SEND /app/messages: checks, device lists, limits, and the RECEIPT that waits for Kafka. */
class SendMessagesIT extends EdgeIntegrationTest {

  @Autowired DeviceDirectory directory;

  private static final String CIPHERTEXT = Base64.getEncoder().encodeToString(new byte[] {3, 1, 4});

  /** A recipient account with devices 1 and 2, both with keys, known to the edge's read model. */
  private TestDevices.Device[] recipient() {
    TestDevices.Device primary = devices.register();
    TestDevices.Device second = devices.link(primary.accountId(), 2);
    devices.keysPublished(primary);
    devices.keysPublished(second);
    await()
        .atMost(WAIT)
        .until(
            () ->
                directory
                    .reachableDevices(primary.accountId())
                    .map(d -> d.size() == 2)
                    .orElse(false));
    return new TestDevices.Device[] {primary, second};
  }

  private static String device(TestDevices.Device d, int registrationId) {
    return "{\"deviceId\":"
        + d.deviceId()
        + ",\"registrationId\":"
        + registrationId
        + ",\"type\":\"prekey\",\"content\":\""
        + CIPHERTEXT
        + "\"}";
  }

  private static String envelope(String clientMessageId, UUID account, String... deviceJson) {
    return "{\"clientMessageId\":\""
        + clientMessageId
        + "\",\"clientTimestamp\":1764000000000,\"urgent\":true,\"recipients\":[{\"accountId\":\""
        + account
        + "\",\"devices\":["
        + String.join(",", deviceJson)
        + "]}]}";
  }

  private static List<MessageSubmitted> submitted(
      UUID sender, String clientMessageId, int expected) {
    return KafkaEvents.byKey(Topics.MESSAGES, sender.toString(), expected).stream()
        .map(MessageEvent::getMessageSubmitted)
        .filter(m -> m.getClientMessageId().equals(clientMessageId))
        .toList();
  }

  @Test
  void acceptsAMessageForEveryDeviceWithTheSenderFromTheSessionNotTheFrame() {
    TestDevices.Device[] bob = recipient();
    TestDevices.Device alice = devices.register();
    String forged =
        "{\"sender\":{\"accountId\":\""
            + bob[0].accountId()
            + "\",\"deviceId\":1},"
            + envelope(
                    "m-1",
                    bob[0].accountId(),
                    device(bob[0], bob[0].registrationId()),
                    device(bob[1], bob[1].registrationId()))
                .substring(1);
    try (StompTestClient client = connected(alice)) {
      client.send("/app/messages", "r-1", forged);
      client.awaitReceipt("r-1", WAIT);
    }
    List<MessageSubmitted> events = submitted(alice.accountId(), "m-1", 1);
    assertThat(events).hasSize(1);
    MessageSubmitted event = events.get(0);
    assertThat(event.getSender()).isEqualTo(Events.device(alice.accountId(), 1));
    assertThat(event.getReceiptId()).isEqualTo("r-1");
    assertThat(event.getUrgent()).isTrue();
    assertThat(event.getRecipientsList()).hasSize(1);
    assertThat(event.getRecipients(0).getAccountId()).isEqualTo(bob[0].accountId().toString());
    assertThat(event.getRecipients(0).getCiphertextsList())
        .extracting(c -> c.getDeviceId(), c -> c.getType())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, CiphertextType.CIPHERTEXT_TYPE_PREKEY),
            org.assertj.core.groups.Tuple.tuple(2, CiphertextType.CIPHERTEXT_TYPE_PREKEY));
  }

  @Test
  void answersADeviceMismatchAtOnceWithTheListsToFixAndProducesNothing() {
    TestDevices.Device[] bob = recipient();
    TestDevices.Device alice = devices.register();
    TestDevices.Device stranger = devices.register();
    try (StompTestClient client = connected(alice)) {
      client.send(
          "/app/messages",
          "mm",
          envelope(
              "m-mismatch",
              bob[0].accountId(),
              device(bob[0], bob[0].registrationId() % 16000 + 1),
              "{\"deviceId\":3,\"registrationId\":7,\"type\":\"whisper\",\"content\":\""
                  + CIPHERTEXT
                  + "\"}"));
      Frame notice = client.awaitNotice("device_mismatch", WAIT);
      assertThat(notice.body())
          .contains("\"receiptId\":\"mm\"")
          .contains("\"missingDevices\":[2]")
          .contains("\"extraDevices\":[3]")
          .contains("\"staleDevices\":[1]");
      client.send(
          "/app/messages",
          "nobody",
          envelope("m-nobody", stranger.accountId(), device(stranger, 5)));
      client.awaitNotice("unknown_recipient", WAIT);
      client.send(
          "/app/messages",
          "ok",
          envelope(
              "m-ok",
              bob[0].accountId(),
              device(bob[0], bob[0].registrationId()),
              device(bob[1], bob[1].registrationId())));
      client.awaitReceipt("ok", WAIT);
    }
    assertThat(submitted(alice.accountId(), "m-mismatch", 1)).isEmpty();
    assertThat(submitted(alice.accountId(), "m-nobody", 1)).isEmpty();
    assertThat(submitted(alice.accountId(), "m-ok", 1)).hasSize(1);
  }

  @Test
  void syncCopiesToTheSendersOwnAccountLeaveOutTheSendingDevice() {
    TestDevices.Device alice = devices.register();
    TestDevices.Device aliceLaptop = devices.link(alice.accountId(), 2);
    devices.keysPublished(alice);
    devices.keysPublished(aliceLaptop);
    await()
        .atMost(WAIT)
        .until(
            () ->
                directory
                    .reachableDevices(alice.accountId())
                    .map(d -> d.size() == 2)
                    .orElse(false));
    try (StompTestClient client = connected(alice)) {
      client.send(
          "/app/messages",
          "sync",
          envelope("m-sync", alice.accountId(), device(aliceLaptop, aliceLaptop.registrationId())));
      client.awaitReceipt("sync", WAIT);
    }
  }

  @Test
  void refusesMalformedInvalidAndOversizedMessagesAndTheSessionGoesOn() {
    TestDevices.Device[] bob = recipient();
    TestDevices.Device alice = devices.register();
    try (StompTestClient client = connected(alice)) {
      client.send("/app/messages", "json", "{not json");
      client.awaitNotice("malformed_body", WAIT);

      client.send(
          "/app/messages", "invalid", "{\"clientMessageId\":\"bad id!\",\"recipients\":[]}");
      Frame invalid = client.awaitNotice("invalid_message", WAIT);
      assertThat(invalid.body())
          .contains("clientMessageId")
          .contains("clientTimestamp")
          .contains("recipients");

      String big = Base64.getEncoder().encodeToString(new byte[5 * 1024]);
      client.send(
          "/app/messages",
          "cipher",
          envelope(
              "m-big",
              bob[0].accountId(),
              "{\"deviceId\":1,\"registrationId\":1,\"type\":\"prekey\",\"content\":\""
                  + big
                  + "\"}"));
      assertThat(client.awaitNotice("invalid_message", WAIT).body()).contains("content");

      client.send("/app/messages", "frame", "{\"pad\":\"" + "x".repeat(20 * 1024) + "\"}");
      assertThat(client.awaitNotice("frame_too_large", WAIT).body())
          .contains("\"receiptId\":\"frame\"");

      client.send(
          "/app/messages",
          "after",
          envelope(
              "m-after",
              bob[0].accountId(),
              device(bob[0], bob[0].registrationId()),
              device(bob[1], bob[1].registrationId())));
      client.awaitReceipt("after", WAIT);
    }
    assertThat(submitted(alice.accountId(), "m-big", 1)).isEmpty();
  }

  @Test
  void aFrameBeyondTheTransportLimitEndsTheSession() {
    TestDevices.Device alice = devices.register();
    try (StompTestClient client = connected(alice)) {
      client.send("/app/messages", "huge", "x".repeat(80 * 1024));
      Frame error = client.await(f -> "ERROR".equals(f.command()), WAIT);
      assertThat(error.header("code")).isEqualTo("malformed_frame");
      client.awaitClose(WAIT);
    }
  }

  @Test
  void limitsTheMessageRatePerDevice() {
    TestDevices.Device[] bob = recipient();
    TestDevices.Device alice = devices.register();
    String body =
        envelope(
            "m-rate",
            bob[0].accountId(),
            device(bob[0], bob[0].registrationId()),
            device(bob[1], bob[1].registrationId()));
    try (StompTestClient client = connected(alice)) {
      for (int i = 0; i < 25; i++) {
        client.send("/app/messages", "rate-" + i, body);
      }
      Frame limited = client.awaitNotice("rate_limited", WAIT);
      assertThat(limited.body()).contains("retryAfterMillis");
    }
  }

  @Test
  void answersTheReceiptOnlyOnceKafkaHasTheMessage(KafkaInfra kafka) {
    kafka.assumeRestartable();
    TestDevices.Device[] bob = recipient();
    TestDevices.Device alice = devices.register();
    String body =
        envelope(
            "m-kafka-down",
            bob[0].accountId(),
            device(bob[0], bob[0].registrationId()),
            device(bob[1], bob[1].registrationId()));
    try (StompTestClient client = connected(alice)) {
      kafka.stop();
      try {
        client.send("/app/messages", "while-down", body);
        Frame answer =
            client.await(
                f ->
                    ("MESSAGE".equals(f.command()) && !f.body().contains("queue_empty"))
                        || "RECEIPT".equals(f.command()),
                Duration.ofSeconds(30));
        assertThat(answer.command()).isEqualTo("MESSAGE");
        assertThat(answer.body()).contains("\"code\":\"unavailable\"").contains("while-down");
      } finally {
        kafka.start();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                client.send("/app/messages", "retry", body);
                assertThat(
                        client
                            .await(
                                f -> "RECEIPT".equals(f.command()) || f.body().contains("retry"),
                                Duration.ofSeconds(15))
                            .command())
                    .isEqualTo("RECEIPT");
              });
    }
    assertThat(submitted(alice.accountId(), "m-kafka-down", 1)).isNotEmpty();
  }
}
