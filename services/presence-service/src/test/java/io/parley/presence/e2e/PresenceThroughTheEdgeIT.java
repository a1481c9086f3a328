package io.parley.presence.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.presence.support.PresenceIntegrationTest;
import io.parley.presence.watch.WatchStore;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.stomp.StompTestClient;
import io.parley.testsupport.stomp.StompTestClient.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole path with real clients: devices hold STOMP sessions on a real edge-service node (its
 * jar, its own JVM), which announces them on Kafka; presence-service (this test's application)
 * keeps presence in Redis, answers REST routed through the edge, and sends changes to the edge node
 * of each watcher, which writes them on {@code /user/queue/presence}. One test kills an edge node
 * with SIGKILL.
 */
class PresenceThroughTheEdgeIT extends PresenceIntegrationTest {

  private static final String PRESENCE = "/user/queue/presence";

  /** Connected to an edge node and subscribed to its events queue. */
  private static StompTestClient connect(int port, String token) {
    StompTestClient client = StompTestClient.open(port);
    client.sendRaw(
        "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer "
            + token
            + "\n\n\0");
    Frame reply = client.next(Duration.ofSeconds(15));
    if (!"CONNECTED".equals(reply.command())) {
      client.close();
      throw new AssertionError("expected CONNECTED, got " + reply);
    }
    client.subscribe("events", "/user/queue/events", null);
    return client;
  }

  private static final Duration QUIET = Duration.ofMillis(3000);
  private static EdgeProcess edge;

  @BeforeEach
  void edgeRunning() throws Exception {
    if (edge == null) {
      edge = EdgeProcess.start(port);
    }
  }

  @AfterAll
  static void stopEdge() {
    if (edge != null) {
      edge.close();
      edge = null;
    }
  }

  private StompTestClient stomp(TestDevices.Device device) {
    return connect(edge.port, device.token());
  }

  /** A client watching the accounts: subscribed to presence; answers the snapshot. */
  private JsonNode watch(StompTestClient client, UUID... accounts) {
    String receipt = "w-" + UUID.randomUUID();
    client.send("/app/presence/watch", receipt, body(accounts));
    Frame snapshot = client.await(f -> f.isMessageOn(PRESENCE), WAIT);
    client.awaitReceipt(receipt, WAIT);
    JsonNode json = JSON.readTree(snapshot.body());
    assertThat(json.get("type").asString()).isEqualTo("snapshot");
    return json.get("presence");
  }

  private static String body(UUID... accounts) {
    List<String> ids = new ArrayList<>();
    for (UUID account : accounts) {
      ids.add(account.toString());
    }
    return JSON.writeValueAsString(Map.of("accounts", ids));
  }

  private static JsonNode change(StompTestClient client, TestDevices.Device about) {
    Frame frame =
        client.await(
            f -> f.isMessageOn(PRESENCE) && f.body().contains(about.accountId().toString()), WAIT);
    JsonNode json = JSON.readTree(frame.body());
    assertThat(json.get("type").asString()).isEqualTo("change");
    return json;
  }

  private static List<Frame> presenceFrames(StompTestClient client, Duration during) {
    return client.collect(f -> f.isMessageOn(PRESENCE), during);
  }

  private void everyone(TestDevices.Device... accounts) {
    for (TestDevices.Device device : accounts) {
      Response response =
          call(
              edge.port,
              "PUT",
              "/v1/presence/settings",
              Map.of("online", "everyone", "lastSeen", "everyone"),
              device.token());
      assertThat(response.status()).as("settings through the edge").isEqualTo(200);
    }
  }

  @Test
  void aWatcherGetsASnapshotThenOnlineAndOfflineAcrossSeveralDevices() {
    TestDevices.Device alice = devices.register();
    TestDevices.Device alicesLaptop = devices.link(alice.accountId(), 2);
    TestDevices.Device bob = devices.register();
    everyone(alice, bob);
    try (StompTestClient watcher = stomp(bob)) {
      watcher.subscribe("presence", PRESENCE, null);
      JsonNode snapshot = watch(watcher, alice.accountId());
      assertThat(snapshot.get(0).get("accountId").asString())
          .isEqualTo(alice.accountId().toString());
      assertThat(snapshot.get(0).get("online").asBoolean()).isFalse();

      StompTestClient phone = stomp(alice);
      assertThat(change(watcher, alice).get("online").asBoolean()).isTrue();
      StompTestClient laptop = stomp(alicesLaptop);
      phone.disconnect();
      // One device still connected, well past the offline delay: nothing to tell.
      assertThat(presenceFrames(watcher, QUIET)).isEmpty();

      Instant lastLeft = Instant.now();
      laptop.disconnect();
      JsonNode offline = change(watcher, alice);
      assertThat(offline.get("online").asBoolean()).isFalse();
      assertThat(Instant.parse(offline.get("lastSeen").asString()))
          .isBetween(lastLeft.minusSeconds(1), lastLeft.plusSeconds(2));

      // The same through REST on the edge's one base URL.
      Response rest =
          call(edge.port, "GET", "/v1/presence/" + alice.accountId(), null, bob.token());
      assertThat(rest.status()).isEqualTo(200);
      assertThat(rest.body().get("online").asBoolean()).isFalse();
      assertThat(rest.body().get("lastSeen").asString())
          .isEqualTo(offline.get("lastSeen").asString());
    }
  }

  @Test
  void eachWatcherSeesOnlyWhatTheTargetsSettingsAndTheReciprocalRuleAllow() {
    TestDevices.Device target = devices.register();
    TestDevices.Device friend = devices.register();
    TestDevices.Device hider = devices.register();
    TestDevices.Device stranger = devices.register();
    call(
        edge.port,
        "PUT",
        "/v1/presence/settings",
        Map.of("online", "contacts", "lastSeen", "contacts"),
        target.token());
    assertThat(
            call(
                    edge.port,
                    "PUT",
                    "/v1/presence/contacts",
                    Map.of(
                        "accounts",
                        List.of(friend.accountId().toString(), hider.accountId().toString())),
                    target.token())
                .status())
        .isEqualTo(204);
    everyone(friend, stranger);
    // The hider hides its own last seen: it cannot see the target's either.
    call(
        edge.port,
        "PUT",
        "/v1/presence/settings",
        Map.of("online", "everyone", "lastSeen", "nobody"),
        hider.token());

    try (StompTestClient f = stomp(friend);
        StompTestClient h = stomp(hider);
        StompTestClient s = stomp(stranger)) {
      for (StompTestClient c : List.of(f, h, s)) {
        c.subscribe("presence", PRESENCE, null);
      }
      assertThat(watch(f, target.accountId()).get(0).has("online")).isTrue();
      assertThat(watch(h, target.accountId()).get(0).has("online")).isTrue();
      assertThat(watch(s, target.accountId()).get(0).has("online")).isFalse();

      StompTestClient session = stomp(target);
      assertThat(change(f, target).get("online").asBoolean()).isTrue();
      assertThat(change(h, target).get("online").asBoolean()).isTrue();
      session.disconnect();
      assertThat(change(f, target).has("lastSeen")).isTrue();
      JsonNode hidersView = change(h, target);
      assertThat(hidersView.get("online").asBoolean()).isFalse();
      assertThat(hidersView.has("lastSeen")).isFalse();
      assertThat(presenceFrames(s, Duration.ofMillis(500))).isEmpty();

      // Going "nobody" re-tells watchers: the friend now sees nothing.
      call(
          edge.port,
          "PUT",
          "/v1/presence/settings",
          Map.of("online", "nobody", "lastSeen", "nobody"),
          target.token());
      JsonNode hidden = change(f, target);
      assertThat(hidden.has("online")).isFalse();
      assertThat(hidden.has("lastSeen")).isFalse();
    }
  }

  @Test
  void reconnectsWithinTheOfflineDelayReachNoWatcher() {
    TestDevices.Device flaky = devices.register();
    TestDevices.Device watcherDevice = devices.register();
    everyone(flaky, watcherDevice);
    try (StompTestClient watcher = stomp(watcherDevice)) {
      watcher.subscribe("presence", PRESENCE, null);
      watch(watcher, flaky.accountId());
      StompTestClient session = stomp(flaky);
      assertThat(change(watcher, flaky).get("online").asBoolean()).isTrue();
      for (int i = 0; i < 4; i++) {
        session.disconnect();
        session = stomp(flaky);
      }
      assertThat(presenceFrames(watcher, QUIET)).isEmpty();
      session.disconnect();
      assertThat(change(watcher, flaky).get("online").asBoolean()).isFalse();
    }
  }

  @Test
  void anEdgeNodeKilledWithoutDisconnectsTakesItsDevicesOfflineWithinItsLease() throws Exception {
    TestDevices.Device victim = devices.register();
    TestDevices.Device watcherDevice = devices.register();
    everyone(victim, watcherDevice);
    try (EdgeProcess doomed = EdgeProcess.start(port);
        StompTestClient watcher = stomp(watcherDevice)) {
      watcher.subscribe("presence", PRESENCE, null);
      watch(watcher, victim.accountId());
      StompTestClient onDoomed = connect(doomed.port, victim.token());
      assertThat(change(watcher, victim).get("online").asBoolean()).isTrue();

      Instant killed = Instant.now();
      doomed.kill();
      onDoomed.close();
      JsonNode offline = change(watcher, victim);
      Duration took = Duration.between(killed, Instant.now());
      assertThat(offline.get("online").asBoolean()).isFalse();
      // Lease TTL 4 s (refreshed each second) + a 300 ms sweep; no offline delay for a dead node.
      assertThat(took).isLessThan(Duration.ofMillis(4000 + 300 + 1500));
      assertThat(redis.opsForSet().isMember("presence:nodes", doomed.nodeId)).isFalse();
    }
  }

  @Test
  void limitsAndBadInputAreRefusedWithNoticesAndProblemDetails() {
    TestDevices.Device device = devices.register();
    try (StompTestClient client = stomp(device)) {
      client.send("/app/presence/watch", "early", body(UUID.randomUUID()));
      assertThat(client.await(f -> f.isNotice("presence_not_subscribed"), WAIT).body())
          .contains("\"receiptId\":\"early\"");

      client.subscribe("presence", PRESENCE, null);
      client.send("/app/presence/watch", "bad", "{\"accounts\":[\"not-an-id\"]}");
      assertThat(client.await(f -> f.isNotice("invalid_watch"), WAIT).body())
          .contains("accounts[0] is not an account id");
      client.send("/app/presence/watch", "garbage", "[1,2");
      client.await(f -> f.isNotice("malformed_body"), WAIT);

      UUID[] five = new UUID[5];
      for (int i = 0; i < five.length; i++) {
        five[i] = UUID.randomUUID();
      }
      assertThat(watch(client, five)).hasSize(5);
      client.send("/app/presence/watch", "sixth", body(UUID.randomUUID()));
      Frame refused = client.await(f -> f.isNotice("watch_limit_exceeded"), WAIT);
      assertThat(refused.body()).contains("\"maxWatches\":5").contains("\"receiptId\":\"sixth\"");
      // Unwatching makes room.
      client.send("/app/presence/unwatch", "un", body(five[0]));
      client.awaitReceipt("un", WAIT);
      assertThat(watch(client, UUID.randomUUID())).hasSize(1);
    }

    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      tooMany.add(UUID.randomUUID().toString());
    }
    Response contacts =
        call(
            edge.port, "PUT", "/v1/presence/contacts", Map.of("accounts", tooMany), device.token());
    assertThat(contacts.status()).isEqualTo(400);
    assertThat(contacts.body().get("type").asString())
        .isEqualTo("https://parley.io/problems/too-many-contacts");
    // Internal endpoints are not on the public base URL.
    assertThat(
            call(edge.port, "POST", "/internal/v1/presence/watches", "{}", device.token()).status())
        .isIn(401, 404);
  }

  @Test
  void closingASessionDropsItsWatchesAndDeletingAnAccountPurgesIt() {
    TestDevices.Device target = devices.register();
    TestDevices.Device viewer = devices.register();
    everyone(target, viewer);
    StompTestClient watcher = stomp(viewer);
    watcher.subscribe("presence", PRESENCE, null);
    watch(watcher, target.accountId());
    assertThat(redis.opsForHash().keys(WatchStore.watchersKey(target.accountId())))
        .containsExactly(viewer.accountId() + "|" + edge.nodeId);
    watcher.disconnect();
    await().atMost(WAIT).until(() -> !redis.hasKey(WatchStore.watchersKey(target.accountId())));

    StompTestClient session = stomp(target);
    await().atMost(WAIT).until(() -> redis.hasKey("presence:{" + target.accountId() + "}"));
    devices.deleteAccount(target.accountId(), 1);
    await()
        .atMost(WAIT)
        .until(
            () ->
                !redis.hasKey("presence:{" + target.accountId() + "}")
                    && !redis.hasKey("presence:settings:{" + target.accountId() + "}"));
    session.close();
  }
}
