package io.parley.presence.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.presence.support.PresenceIntegrationTest;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Who sees what: each setting, contacts, the reciprocal rule, and refusals of bad input. */
class PrivacyIT extends PresenceIntegrationTest {

  private TestDevices.Device target;
  private TestDevices.Device contact;
  private TestDevices.Device stranger;

  /** The target was online and left: it has a last seen. */
  @BeforeEach
  void targetWithALastSeen() {
    target = devices.register();
    contact = devices.register();
    stranger = devices.register();
    String node = liveNode(Duration.ofMinutes(1));
    Session session = connect(target, node);
    await()
        .atMost(WAIT)
        .until(() -> presence(target, target.accountId()).get("online").asBoolean());
    disconnect(session);
    await().atMost(WAIT).until(() -> presence(target, target.accountId()).has("lastSeen"));
    contacts(target, contact.accountId());
    // The viewers show their own last seen to everyone, so only the target's setting decides.
    settings(contact, "everyone", "everyone");
    settings(stranger, "everyone", "everyone");
  }

  private JsonNode seenBy(TestDevices.Device viewer) {
    return presence(viewer, target.accountId());
  }

  @Test
  void everyoneShowsOnlineAndLastSeenToAnyAccount() {
    settings(target, "everyone", "everyone");
    for (TestDevices.Device viewer : List.of(contact, stranger)) {
      JsonNode view = seenBy(viewer);
      assertThat(view.get("accountId").asString()).isEqualTo(target.accountId().toString());
      assertThat(view.get("online").asBoolean()).isFalse();
      assertThat(view.has("lastSeen")).isTrue();
    }
  }

  @Test
  void contactsShowsOnlyToDeclaredContacts() {
    settings(target, "contacts", "contacts");
    assertThat(seenBy(contact).has("online")).isTrue();
    assertThat(seenBy(contact).has("lastSeen")).isTrue();
    assertThat(seenBy(stranger).has("online")).isFalse();
    assertThat(seenBy(stranger).has("lastSeen")).isFalse();
  }

  @Test
  void nobodyHidesFromEveryoneButTheAccountItself() {
    settings(target, "nobody", "nobody");
    assertThat(seenBy(contact).has("online")).isFalse();
    assertThat(seenBy(contact).has("lastSeen")).isFalse();
    JsonNode own = presence(target, target.accountId());
    assertThat(own.has("online")).isTrue();
    assertThat(own.has("lastSeen")).isTrue();
  }

  @Test
  void theTwoSettingsAreIndependent() {
    settings(target, "everyone", "nobody");
    assertThat(seenBy(stranger).has("online")).isTrue();
    assertThat(seenBy(stranger).has("lastSeen")).isFalse();
    settings(target, "nobody", "everyone");
    assertThat(seenBy(stranger).has("online")).isFalse();
    assertThat(seenBy(stranger).has("lastSeen")).isTrue();
  }

  @Test
  void whoHidesTheirLastSeenCannotSeeOthers() {
    settings(target, "everyone", "everyone");
    settings(stranger, "everyone", "nobody");
    assertThat(seenBy(stranger).has("lastSeen")).isFalse();
    assertThat(seenBy(stranger).has("online")).isTrue();
    // "contacts" hides from non-contacts both ways: the stranger hides from the target...
    settings(stranger, "everyone", "contacts");
    assertThat(seenBy(stranger).has("lastSeen")).isFalse();
    // ...until the stranger declares the target a contact.
    contacts(stranger, target.accountId());
    assertThat(seenBy(stranger).has("lastSeen")).isTrue();
  }

  @Test
  void theDefaultIsContacts() {
    assertThat(call("GET", "/v1/presence/settings", null, stranger.token()).body())
        .isEqualTo(JSON.readTree("{\"online\":\"everyone\",\"lastSeen\":\"everyone\"}"));
    TestDevices.Device fresh = devices.register();
    assertThat(call("GET", "/v1/presence/settings", null, fresh.token()).body())
        .isEqualTo(JSON.readTree("{\"online\":\"contacts\",\"lastSeen\":\"contacts\"}"));
    assertThat(seenBy(stranger).has("online")).isFalse();
    assertThat(seenBy(contact).has("online")).isTrue();
  }

  @Test
  void contactsAreReplacedAndReadBack() {
    UUID other = UUID.randomUUID();
    contacts(target, other, contact.accountId());
    JsonNode body = call("GET", "/v1/presence/contacts", null, target.token()).body();
    assertThat(body.get("accounts").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder(other.toString(), contact.accountId().toString());
    contacts(target);
    assertThat(call("GET", "/v1/presence/contacts", null, target.token()).body().get("accounts"))
        .isEmpty();
  }

  @Test
  void refusesBadSettingsTooManyContactsAndMalformedIdsWithProblemDetails() {
    Response bad =
        call(
            "PUT",
            "/v1/presence/settings",
            Map.of("online", "friends", "lastSeen", "everyone"),
            target.token());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("type").asString()).endsWith("/invalid-request");
    assertThat(bad.body().get("detail").asString())
        .contains("online must be everyone, contacts or nobody");

    Response missing =
        call("PUT", "/v1/presence/settings", Map.of("online", "everyone"), target.token());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("detail").asString()).contains("lastSeen");

    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(UUID.randomUUID().toString());
    }
    Response tooMany =
        call("PUT", "/v1/presence/contacts", Map.of("accounts", eleven), target.token());
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body().get("type").asString()).endsWith("/too-many-contacts");
    assertThat(tooMany.body().get("detail").asString()).contains("at most 10");
    // Nothing half-written: the previous list is intact.
    assertThat(call("GET", "/v1/presence/contacts", null, target.token()).body().get("accounts"))
        .hasSize(1);

    Response malformed =
        call(
            "PUT",
            "/v1/presence/contacts",
            Map.of("accounts", List.of(UUID.randomUUID().toString(), "bob")),
            target.token());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().get("field").asString()).isEqualTo("accounts[1]");

    Response badPath = call("GET", "/v1/presence/not-a-uuid", null, target.token());
    assertThat(badPath.status()).isEqualTo(400);
    assertThat(badPath.body().get("field").asString()).isEqualTo("accountId");

    assertThat(call("GET", "/v1/presence/" + target.accountId(), null, null).status())
        .isEqualTo(401);
    assertThat(call("PUT", "/v1/presence/settings", "{not json", target.token()).status())
        .isEqualTo(400);
  }

  @Autowired Privacy privacy;

  /**
   * The fan-out decides per target for many viewers, snapshots and lookups per viewer for many
   * targets: both must apply the same rule, for every combination of settings and contacts.
   */
  @Test
  void theFanOutAndTheSnapshotApplyTheSameRules() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    int checked = 0;
    for (Visibility aOnline : Visibility.values()) {
      for (Visibility aLastSeen : Visibility.values()) {
        for (Visibility bLastSeen : Visibility.values()) {
          for (int contacts = 0; contacts < 4; contacts++) {
            boolean bInA = (contacts & 1) != 0;
            boolean aInB = (contacts & 2) != 0;
            privacy.putSettings(a, new PrivacySettings(aOnline, aLastSeen));
            privacy.putSettings(b, new PrivacySettings(Visibility.EVERYONE, bLastSeen));
            privacy.putContacts(a, bInA ? List.of(b) : List.of());
            privacy.putContacts(b, aInB ? List.of(a) : List.of());
            Access expected =
                new Access(aOnline.allows(bInA), aLastSeen.allows(bInA) && bLastSeen.allows(aInB));
            assertThat(privacy.access(a, List.of(b)).get(b)).isEqualTo(expected);
            assertThat(privacy.accessOf(b, List.of(a)).get(a)).isEqualTo(expected);
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(108);
    assertThat(privacy.accessOf(a, List.of(a)).get(a)).isEqualTo(Access.ALL);
  }

  @Test
  void lookupsAreRateLimitedPerDevice() {
    TestDevices.Device poller = devices.register();
    int answered = 0;
    Response last = null;
    for (int i = 0; i < 500; i++) {
      last = call("GET", "/v1/presence/" + UUID.randomUUID(), null, poller.token());
      if (last.status() != 200) {
        break;
      }
      answered++;
    }
    // A burst of 30, then one every 50 ms (test settings): well under 500 in a tight loop.
    assertThat(answered).isBetween(30, 400);
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.body().get("type").asString()).endsWith("/rate-limited");
  }
}
