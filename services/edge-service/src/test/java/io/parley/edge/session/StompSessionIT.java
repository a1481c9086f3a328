package io.parley.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeviceConnected;
import io.parley.contracts.events.v1.DisconnectReason;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.contracts.kafka.ProtobufSerializer;
import io.parley.edge.support.EdgeIntegrationTest;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.KafkaEvents;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.stomp.StompTestClient;
import io.parley.testsupport.stomp.StompTestClient.Frame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sessions: authentication, deadlines, one session per device, re-auth, and what ends them. */
class StompSessionIT extends EdgeIntegrationTest {

  @Autowired NodeLease lease;

  @Test
  void acceptsAValidTokenNegotiatesHeartBeatsAndAnnouncesConnectAndDisconnect() {
    TestDevices.Device device = devices.register();
    Frame connected;
    try (StompTestClient client = StompTestClient.open(port)) {
      StringBuilder frame =
          new StringBuilder(
              "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:10000,10000\n");
      frame.append("Authorization:Bearer ").append(device.token()).append("\n\n\0");
      client.sendRaw(frame.toString());
      connected = client.next(WAIT);
      assertThat(connected.command()).isEqualTo("CONNECTED");
      assertThat(connected.header("version")).isEqualTo("1.2");
      assertThat(connected.header("heart-beat")).isEqualTo("10000,10000");
      assertThat(redis.hasKey(NodeLease.key(lease.nodeId()))).isTrue();
      assertThat(
              redis
                  .<String, String>opsForHash()
                  .get(ConnectionRecords.key(device.accountId(), 1), "node"))
          .isEqualTo(lease.nodeId());
      client.sendRaw("DISCONNECT\nreceipt:bye\n\n\0");
      assertThat(client.awaitReceipt("bye", WAIT)).isNotNull();
    }
    List<SessionEvent> events =
        KafkaEvents.byKey(Topics.SESSIONS, device.accountId().toString(), 2);
    assertThat(events).hasSize(2);
    DeviceConnected up = events.get(0).getDeviceConnected();
    assertThat(up.getDevice()).isEqualTo(Events.device(device.accountId(), 1));
    assertThat(up.getNodeId()).isEqualTo(lease.nodeId());
    assertThat(up.getConnectionEpoch()).isPositive();
    var down = events.get(1).getDeviceDisconnected();
    assertThat(down.getSessionId()).isEqualTo(up.getSessionId());
    assertThat(down.getReason()).isEqualTo(DisconnectReason.DISCONNECT_REASON_CLIENT_CLOSED);
    assertThat(
            redis
                .<String, String>opsForHash()
                .get(ConnectionRecords.key(device.accountId(), 1), "session"))
        .isNull();
  }

  @Test
  void refusesAMissingAForgedAnExpiredAndARevokedTokenWithAnErrorAndCloses() {
    TestDevices.Device device = devices.register();
    String expired =
        TestDevices.token(
            device.accountId(),
            1,
            device.incarnation(),
            Instant.now().minus(Duration.ofHours(1)),
            Duration.ofMinutes(15));
    String[] header = device.token().split("\\.");
    String forged =
        header[0]
            + "."
            + header[1]
            + "."
            + header[2].substring(0, 10)
            + "AAAA"
            + header[2].substring(14);
    String otherIncarnation =
        TestDevices.token(device.accountId(), 1, "old", Instant.now(), Duration.ofMinutes(5));
    Map<String, String> cases =
        new java.util.LinkedHashMap<>(
            Map.of("missing", "", "bad_signature", forged, "expired", expired));
    cases.put("device_replaced", otherIncarnation);
    cases.forEach(
        (reason, token) -> {
          try (StompTestClient client = StompTestClient.open(port)) {
            Frame error = client.connect(token.isEmpty() ? null : token);
            assertThat(error.command()).as(reason).isEqualTo("ERROR");
            assertThat(error.header("code")).as(reason).isEqualTo("invalid_token");
            assertThat(error.header("reason")).as(reason).isEqualTo(reason);
            assertThat(error.header("message")).doesNotContain(device.token());
            client.awaitClose(WAIT);
          }
        });
  }

  @Test
  void anyFrameBeforeConnectGetsAnErrorAndTheSocketIsClosed() {
    try (StompTestClient client = StompTestClient.open(port)) {
      client.sendRaw("SUBSCRIBE\nid:1\ndestination:/user/queue/messages\n\n\0");
      Frame error = client.next(WAIT);
      assertThat(error.command()).isEqualTo("ERROR");
      assertThat(error.header("code")).isEqualTo("not_connected");
      client.awaitClose(WAIT);
    }
    try (StompTestClient client = StompTestClient.open(port)) {
      client.send("/app/messages", "r1", "{}");
      assertThat(client.next(WAIT).header("code")).isEqualTo("not_connected");
      client.awaitClose(WAIT);
    }
  }

  @Test
  void closesASocketThatSendsNoValidConnectWithinTheDeadline() {
    try (StompTestClient client = StompTestClient.open(port)) {
      assertThat(client.awaitClose(Duration.ofSeconds(6))).isEqualTo(4008);
    }
  }

  @Test
  void malformedFramesEndTheSessionWithAnError() {
    TestDevices.Device device = devices.register();
    try (StompTestClient client = connected(device)) {
      client.sendRaw("NOT A STOMP FRAME\n\0");
      Frame error = client.await(f -> "ERROR".equals(f.command()), WAIT);
      assertThat(error.header("code")).isEqualTo("malformed_frame");
      client.awaitClose(WAIT);
    }
  }

  @Test
  void aSecondConnectionOfTheDeviceClosesTheFirstAsConnectedElsewhere() {
    TestDevices.Device device = devices.register();
    try (StompTestClient first = connected(device);
        StompTestClient second = connected(device)) {
      Frame error = first.await(f -> "ERROR".equals(f.command()), WAIT);
      assertThat(error.header("code")).isEqualTo("connected_elsewhere");
      first.awaitClose(WAIT);
      second.subscribe("more", "/user/queue/presence", null);
      assertThat(second.isClosed()).isFalse();
    }
    List<SessionEvent> events =
        KafkaEvents.byKey(Topics.SESSIONS, device.accountId().toString(), 4);
    assertThat(events)
        .filteredOn(SessionEvent::hasDeviceDisconnected)
        .extracting(e -> e.getDeviceDisconnected().getReason())
        .contains(DisconnectReason.DISCONNECT_REASON_CONNECTED_ELSEWHERE);
  }

  @Test
  void aNewerSessionOnAnotherNodeClosesThisOne() throws Exception {
    TestDevices.Device device = devices.register();
    try (StompTestClient client = connected(device)) {
      SessionEvent elsewhere =
          SessionEvent.newBuilder()
              .setMetadata(Events.metadata(Clock.systemUTC(), "edge-service", "edge-other"))
              .setDeviceConnected(
                  DeviceConnected.newBuilder()
                      .setDevice(Events.device(device.accountId(), 1))
                      .setNodeId("edge-other")
                      .setSessionId("other-session")
                      .setConnectionEpoch(1_000_000))
              .build();
      try (KafkaProducer<String, SessionEvent> producer =
          new KafkaProducer<>(
              ParleyInfra.kafka().clientConfig(),
              new StringSerializer(),
              (t, data) -> new ProtobufSerializer().serialize(t, data))) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.SESSIONS.name(), device.accountId().toString(), elsewhere))
            .get(10, TimeUnit.SECONDS);
      }
      Frame error = client.await(f -> "ERROR".equals(f.command()), WAIT);
      assertThat(error.header("code")).isEqualTo("connected_elsewhere");
    }
  }

  @Test
  void aFreshTokenOnAppAuthKeepsTheSessionPastTheOldTokensExpiry() {
    TestDevices.Device device = devices.register();
    TestDevices.Device other = devices.register();
    try (StompTestClient renewed = StompTestClient.open(port);
        StompTestClient lapsing = StompTestClient.open(port)) {
      assertThat(renewed.connect(device.token(Duration.ofSeconds(3))).command())
          .isEqualTo("CONNECTED");
      renewed.subscribe("events", "/user/queue/events", null);
      assertThat(lapsing.connect(other.token(Duration.ofSeconds(3))).command())
          .isEqualTo("CONNECTED");

      renewed.send("/app/auth", "wrong", "{\"accessToken\":\"" + other.token() + "\"}");
      assertThat(renewed.awaitNotice("reauth_refused", WAIT).body()).contains("wrong_device");
      renewed.send("/app/auth", "fresh", "{\"accessToken\":\"" + device.token() + "\"}");
      renewed.awaitReceipt("fresh", WAIT);

      Frame expired = lapsing.await(f -> "ERROR".equals(f.command()), WAIT);
      assertThat(expired.header("code")).isEqualTo("token_expired");
      lapsing.awaitClose(WAIT);
      assertThat(renewed.poll(Duration.ofSeconds(2))).isNull();
      assertThat(renewed.isClosed()).isFalse();
    }
  }

  @Test
  void unlinkRevocationAndAccountDeletionCloseTheDevicesSession() {
    TestDevices.Device primary = devices.register();
    TestDevices.Device linked = devices.link(primary.accountId(), 2);
    TestDevices.Device revoked = devices.register();
    try (StompTestClient unlinkedClient = connected(linked);
        StompTestClient revokedClient = connected(revoked);
        StompTestClient deletedClient = connected(primary)) {
      devices.unlink(linked);
      assertThat(unlinkedClient.await(f -> "ERROR".equals(f.command()), WAIT).header("code"))
          .isEqualTo("device_removed");
      devices.revokeTokens(revoked);
      assertThat(revokedClient.await(f -> "ERROR".equals(f.command()), WAIT).header("code"))
          .isEqualTo("tokens_revoked");
      devices.deleteAccount(primary.accountId(), 1);
      assertThat(deletedClient.await(f -> "ERROR".equals(f.command()), WAIT).header("code"))
          .isEqualTo("account_deleted");
      unlinkedClient.awaitClose(WAIT);
      revokedClient.awaitClose(WAIT);
      deletedClient.awaitClose(WAIT);
    }
    assertThat(redis.hasKey(ConnectionRecords.key(primary.accountId(), 2))).isFalse();
  }

  @Test
  void refusesOtherDevicesQueuesUnknownDestinationsAndWrongAckModesAndGoesOn() {
    TestDevices.Device device = devices.register();
    UUID stranger = UUID.randomUUID();
    try (StompTestClient client = connected(device)) {
      client.sendRaw(
          "SUBSCRIBE\nid:x\ndestination:/user/" + stranger + ":1/queue/messages\nreceipt:a\n\n\0");
      assertThat(client.awaitNotice("forbidden_destination", WAIT).body())
          .contains("\"receiptId\":\"a\"");
      client.sendRaw("SUBSCRIBE\nid:y\ndestination:/topic/everything\nreceipt:b\n\n\0");
      client.awaitNotice("unknown_destination", WAIT);
      client.send("/app/nowhere", "c", "{}");
      client.awaitNotice("unknown_destination", WAIT);
      client.sendRaw("ACK\nid:not-a-delivery\nreceipt:d\n\n\0");
      client.awaitNotice("unknown_ack", WAIT);
      client.sendRaw("SUBSCRIBE\nid:z\ndestination:/user/queue/presence\nreceipt:e\n\n\0");
      client.awaitReceipt("e", WAIT);
      assertThat(client.isClosed()).isFalse();
    }
  }
}
