package io.parley.presence.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.presence.support.NodeChannel;
import io.parley.presence.support.PresenceIntegrationTest;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Watches registered by edge nodes: a snapshot first, then each change only to the nodes with a
 * watcher allowed to see it, never to others.
 */
class WatchFanOutIT extends PresenceIntegrationTest {

  private static boolean about(JsonNode message, TestDevices.Device target) {
    return message.get("accountId").asString().equals(target.accountId().toString());
  }

  @Test
  void snapshotThenChangesGoOnlyToNodesWithWatchersEachWithWhatItsViewerMaySee() {
    TestDevices.Device target = devices.register();
    TestDevices.Device friend = devices.register();
    TestDevices.Device stranger = devices.register();
    TestDevices.Device hider = devices.register();
    settings(target, "contacts", "contacts");
    contacts(target, friend.accountId(), hider.accountId());
    settings(friend, "everyone", "everyone");
    settings(hider, "everyone", "nobody");
    String nodeA = liveNode(Duration.ofMinutes(1));
    String nodeB = liveNode(Duration.ofMinutes(1));
    String quietNode = liveNode(Duration.ofMinutes(1));
    try (NodeChannel a = channel(nodeA);
        NodeChannel b = channel(nodeB);
        NodeChannel quiet = channel(quietNode)) {
      Response snapshot = watch(nodeA, friend.accountId(), target.accountId());
      assertThat(snapshot.status()).isEqualTo(200);
      assertThat(snapshot.body().get("presence").get(0))
          .isEqualTo(
              JSON.readTree("{\"accountId\":\"" + target.accountId() + "\",\"online\":false}"));
      watch(nodeB, stranger.accountId(), target.accountId());
      watch(nodeB, hider.accountId(), target.accountId());

      Session session = connect(target, liveNode(Duration.ofMinutes(1)));
      JsonNode online = a.await(m -> about(m, target), WAIT);
      assertThat(online.get("views").get(friend.accountId().toString()).get("online").asBoolean())
          .isTrue();
      // The hider may see online status (a contact) but not last seen; the stranger nothing.
      JsonNode onB = b.await(m -> about(m, target), WAIT);
      assertThat(onB.get("views").propertyNames()).containsExactly(hider.accountId().toString());

      disconnect(session);
      JsonNode offline = a.await(m -> about(m, target), WAIT);
      JsonNode friendView = offline.get("views").get(friend.accountId().toString());
      assertThat(friendView.get("online").asBoolean()).isFalse();
      assertThat(friendView.has("lastSeen")).isTrue();
      JsonNode hiderView =
          b.await(m -> about(m, target), WAIT).get("views").get(hider.accountId().toString());
      assertThat(hiderView.get("online").asBoolean()).isFalse();
      assertThat(hiderView.has("lastSeen")).isFalse();

      assertThat(quiet.drain(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void aPrivacyChangeReTellsWatchersWhatTheyMaySeeNow() {
    TestDevices.Device target = devices.register();
    TestDevices.Device viewer = devices.register();
    settings(target, "everyone", "everyone");
    String node = liveNode(Duration.ofMinutes(1));
    try (NodeChannel channel = channel(node)) {
      watch(node, viewer.accountId(), target.accountId());
      settings(target, "nobody", "nobody");
      JsonNode hidden = channel.await(m -> about(m, target), WAIT);
      assertThat(hidden.get("views").get(viewer.accountId().toString()))
          .isEqualTo(JSON.readTree("{\"accountId\":\"" + target.accountId() + "\"}"));
    }
  }

  @Test
  void releasedWatchesAndWatchesOfADeadNodeHearNothingMore() {
    TestDevices.Device target = devices.register();
    TestDevices.Device viewer = devices.register();
    settings(target, "everyone", "everyone");
    String released = liveNode(Duration.ofMinutes(1));
    String dying = liveNode(Duration.ofMinutes(1));
    try (NodeChannel a = channel(released);
        NodeChannel b = channel(dying)) {
      // Two sessions of the viewer on one node: released once, one still watches.
      watch(released, viewer.accountId(), target.accountId());
      watch(released, viewer.accountId(), target.accountId());
      watch(dying, viewer.accountId(), target.accountId());
      call(
          "POST",
          "/internal/v1/presence/watches/release",
          Map.of(
              "node",
              released,
              "viewer",
              viewer.accountId().toString(),
              "accounts",
              List.of(target.accountId().toString())),
          null);
      redis.delete(leaseKey(dying));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  redis.opsForHash().keys(WatchStore.watchersKey(target.accountId())).stream()
                      .noneMatch(f -> f.toString().endsWith(dying)));

      Session session = connect(target, liveNode(Duration.ofMinutes(1)));
      a.await(m -> about(m, target), WAIT);
      assertThat(b.drain(Duration.ofMillis(500))).isEmpty();

      call(
          "POST",
          "/internal/v1/presence/watches/release",
          Map.of(
              "node",
              released,
              "viewer",
              viewer.accountId().toString(),
              "accounts",
              List.of(target.accountId().toString())),
          null);
      assertThat(redis.hasKey(WatchStore.watchersKey(target.accountId()))).isFalse();
      disconnect(session);
      assertThat(a.drain(Duration.ofMillis(2500))).isEmpty();
    }
  }

  @Test
  void refusesMoreAccountsThanTheLimitAndMalformedRequests() {
    UUID viewer = UUID.randomUUID();
    String node = liveNode(Duration.ofMinutes(1));
    UUID[] six = new UUID[6];
    for (int i = 0; i < six.length; i++) {
      six[i] = UUID.randomUUID();
    }
    Response tooMany = watch(node, viewer, six);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body().get("type").asString()).endsWith("/too-many-watches");
    assertThat(redis.hasKey(WatchStore.watchingKey(viewer))).isFalse();
    assertThat(watch(node, viewer).status()).isEqualTo(400);
    assertThat(
            call(
                    "POST",
                    "/internal/v1/presence/watches",
                    Map.of("node", "bad node!", "viewer", viewer.toString(), "accounts", List.of()),
                    null)
                .status())
        .isEqualTo(400);
  }
}
