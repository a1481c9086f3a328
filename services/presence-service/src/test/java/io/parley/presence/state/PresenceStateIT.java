package io.parley.presence.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.PresenceEvent;
import io.parley.presence.support.PresenceIntegrationTest;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.KafkaEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Online, offline and last seen from session events: several devices, stale events, edge nodes that
 * die without disconnects, flapping, and purges.
 */
class PresenceStateIT extends PresenceIntegrationTest {

  private JsonNode own(TestDevices.Device device) {
    return presence(device, device.accountId());
  }

  @Test
  void isOnlineWhileAnyDeviceHasASessionAndLastSeenIsWhenTheLastOneLeft() {
    TestDevices.Device phone = devices.register();
    TestDevices.Device laptop = devices.link(phone.accountId(), 2);
    String node = liveNode(Duration.ofMinutes(1));
    assertThat(own(phone).get("online").asBoolean()).isFalse();
    assertThat(own(phone).has("lastSeen")).isFalse();

    Session onPhone = connect(phone, node);
    await().atMost(WAIT).until(() -> own(phone).get("online").asBoolean());
    Session onLaptop = connect(laptop, node);
    disconnect(onPhone);
    // The laptop still holds a session: online, well past the offline delay.
    await().pollDelay(Duration.ofMillis(2500)).atMost(WAIT).until(() -> true);
    assertThat(own(phone).get("online").asBoolean()).isTrue();

    Instant beforeLastLeft = Instant.now();
    disconnect(onLaptop);
    await().atMost(WAIT).until(() -> !own(phone).get("online").asBoolean());
    Instant lastSeen = Instant.parse(own(phone).get("lastSeen").asString());
    assertThat(lastSeen).isBetween(beforeLastLeft.minusSeconds(1), Instant.now());

    List<PresenceEvent> events =
        KafkaEvents.byKey(Topics.PRESENCE, phone.accountId().toString(), 2);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).getPresenceChanged().getOnline()).isTrue();
    assertThat(events.get(1).getPresenceChanged().getOnline()).isFalse();
    assertThat(events.get(1).getPresenceChanged().getLastSeen().getSeconds())
        .isEqualTo(lastSeen.getEpochSecond());
  }

  @Test
  void ignoresADisconnectOfAnOlderSessionAndARedeliveredConnect() {
    TestDevices.Device phone = devices.register();
    String nodeA = liveNode(Duration.ofMinutes(1));
    String nodeB = liveNode(Duration.ofMinutes(1));
    Session older = connect(phone, nodeA, 10);
    Session newer = connect(phone, nodeB, 11);
    // The older session's disconnect arrives after the newer session's connect: still online.
    disconnect(older);
    await().pollDelay(Duration.ofMillis(2500)).atMost(WAIT).until(() -> true);
    assertThat(own(phone).get("online").asBoolean()).isTrue();

    disconnect(newer);
    await().atMost(WAIT).until(() -> !own(phone).get("online").asBoolean());
    // A connect of the ended session redelivered (or late) must not bring the device back.
    connect(phone, nodeB, 11);
    connect(phone, nodeA, 10);
    await().pollDelay(Duration.ofMillis(1500)).atMost(WAIT).until(() -> true);
    assertThat(own(phone).get("online").asBoolean()).isFalse();
  }

  @Test
  void anEdgeNodeWhoseLeaseLapsesWithoutDisconnectsLeavesNobodyOnline() {
    TestDevices.Device alice = devices.register();
    TestDevices.Device bob = devices.register();
    TestDevices.Device bobsLaptop = devices.link(bob.accountId(), 2);
    Duration leaseTtl = Duration.ofSeconds(6);
    Instant leaseGone = Instant.now().plus(leaseTtl);
    String dying = liveNode(leaseTtl);
    String healthy = liveNode(Duration.ofMinutes(1));
    connect(alice, dying);
    connect(bob, dying);
    connect(bobsLaptop, healthy);
    await().atMost(WAIT).until(() -> own(alice).get("online").asBoolean());
    await().atMost(WAIT).until(() -> own(bob).get("online").asBoolean());

    // The node stops refreshing its lease (killed -9): no disconnect events ever come. Offline
    // within one sweep (300 ms here) of the lease's end, last seen when it was noticed.
    await().atMost(leaseTtl.plusSeconds(3)).until(() -> !own(alice).get("online").asBoolean());
    assertThat(Instant.now()).isBefore(leaseGone.plusMillis(2500));
    assertThat(Instant.parse(own(alice).get("lastSeen").asString()))
        .isBetween(leaseGone.minusMillis(100), leaseGone.plusMillis(2500));
    // Bob's laptop is on a live node: he stays online.
    assertThat(own(bob).get("online").asBoolean()).isTrue();
    assertThat(redis.opsForHash().keys(PresenceStore.key(bob.accountId())))
        .doesNotContain("d:1")
        .contains("d:2");
  }

  @Test
  void aDeletedLeaseTakesTheNodesSessionsOfflineWithinASweep() {
    TestDevices.Device carol = devices.register();
    String node = liveNode(Duration.ofMinutes(1));
    connect(carol, node);
    await().atMost(WAIT).until(() -> own(carol).get("online").asBoolean());
    redis.delete(leaseKey(node));
    await().atMost(Duration.ofSeconds(3)).until(() -> !own(carol).get("online").asBoolean());
    assertThat(redis.opsForSet().isMember("presence:nodes", node)).isFalse();
  }

  @Test
  void aReconnectWithinTheOfflineDelayAnnouncesNothing() {
    TestDevices.Device dave = devices.register();
    String node = liveNode(Duration.ofMinutes(1));
    Session first = connect(dave, node);
    await().atMost(WAIT).until(() -> own(dave).get("online").asBoolean());
    // Five reconnects in quick succession (a phone on a flaky network).
    Session current = first;
    for (int i = 0; i < 5; i++) {
      disconnect(current);
      current = connect(dave, node);
    }
    await().pollDelay(Duration.ofMillis(3000)).atMost(WAIT).until(() -> true);
    assertThat(own(dave).get("online").asBoolean()).isTrue();
    // One change only: online. No offline/online storm.
    List<PresenceEvent> events = KafkaEvents.byKey(Topics.PRESENCE, dave.accountId().toString(), 1);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getPresenceChanged().getOnline()).isTrue();
    assertThat(own(dave).has("lastSeen")).isFalse();
  }

  @Test
  void unlinkingTheLastConnectedDeviceTakesTheAccountOfflineAndForgetsTheDevice() {
    TestDevices.Device phone = devices.register();
    TestDevices.Device tablet = devices.link(phone.accountId(), 2);
    String node = liveNode(Duration.ofMinutes(1));
    Session ended = connect(tablet, node, 7);
    await().atMost(WAIT).until(() -> own(phone).get("online").asBoolean());
    devices.unlink(tablet);
    await().atMost(WAIT).until(() -> !own(phone).get("online").asBoolean());
    assertThat(redis.opsForHash().keys(PresenceStore.key(phone.accountId())))
        .noneMatch(f -> f.toString().endsWith(":2"));
    // The edge ends the removed device's session after the unlink: its disconnect comes late.
    disconnect(ended);
    // A device re-linked under the same id starts its epochs again and is seen.
    TestDevices.Device relinked = devices.link(phone.accountId(), 2);
    connect(relinked, node, 1);
    await().atMost(WAIT).until(() -> own(phone).get("online").asBoolean());
  }

  @Test
  void deletingTheAccountPurgesItsPresenceSettingsContactsAndWatches() {
    TestDevices.Device erin = devices.register();
    TestDevices.Device frank = devices.register();
    String node = liveNode(Duration.ofMinutes(1));
    connect(erin, node);
    settings(erin, "everyone", "contacts");
    contacts(erin, frank.accountId());
    assertThat(watch(node, erin.accountId(), frank.accountId()).status()).isEqualTo(200);
    assertThat(watch(node, frank.accountId(), erin.accountId()).status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> redis.hasKey(PresenceStore.key(erin.accountId())));

    devices.deleteAccount(erin.accountId(), 1);
    // Late session events (the edge ends the sessions after the deletion) bring nothing back.
    Session late = connect(erin, node);
    disconnect(late);
    await()
        .atMost(WAIT)
        .until(
            () ->
                redis.countExistingKeys(
                        List.of(
                            PresenceStore.key(erin.accountId()),
                            "presence:settings:{" + erin.accountId() + "}",
                            "presence:contacts:{" + erin.accountId() + "}",
                            "presence:watching:{" + erin.accountId() + "}",
                            "presence:watchers:{" + erin.accountId() + "}"))
                    == 0);
    await().pollDelay(Duration.ofMillis(2500)).atMost(WAIT).until(() -> true);
    assertThat(redis.hasKey(PresenceStore.key(erin.accountId()))).isFalse();
    // Erin's watch of Frank is gone from Frank's watchers too.
    assertThat(redis.opsForHash().keys("presence:watchers:{" + frank.accountId() + "}"))
        .noneMatch(f -> f.toString().startsWith(erin.accountId().toString()));
  }
}
