package io.parley.keys.prekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.keys.support.KeysIntegrationTest;
import io.parley.keys.support.SignalKeys;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.KafkaEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KeyApiIT extends KeysIntegrationTest {

  private final SignalKeys alice = new SignalKeys();

  /** A registered device with a full upload, once key-distribution knows it from the events. */
  private TestDevices.Device ready(SignalKeys keys, int oneTime, int kyber) {
    TestDevices.Device device = devices.register();
    assertThat(upload(device, keys.fullUpload(oneTime, kyber)).status()).isEqualTo(204);
    awaitListed(device);
    return device;
  }

  /** Waits until key-distribution consumed the device's event (it knows the registration id). */
  private void awaitListed(TestDevices.Device device) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                redis
                    .opsForHash()
                    .hasKey(
                        "keys:devices:{" + device.accountId() + "}",
                        String.valueOf(device.deviceId())));
  }

  @Test
  void servesTheBundleInLibsignalShapeAndHandsEachOneTimeKeyOutOnce() {
    TestDevices.Device device = ready(alice, 3, 2);
    TestDevices.Device bob = devices.register();

    Set<Long> ecIds = new HashSet<>();
    Set<Long> pqIds = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      Response r = fetch(bob, device.accountId() + "/*");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("identityKey").asString()).isEqualTo(alice.identityKey());
      JsonNode d = r.body().get("devices").get(0);
      assertThat(d.get("deviceId").asInt()).isEqualTo(1);
      assertThat(d.get("registrationId").asInt()).isEqualTo(device.registrationId());
      assertThat(d.get("signedPreKey").get("keyId").asLong()).isEqualTo(1);
      assertThat(Base64.getDecoder().decode(d.get("signedPreKey").get("publicKey").asString()))
          .hasSize(33);
      if (i < 3) {
        assertThat(ecIds.add(d.get("preKey").get("keyId").asLong())).isTrue();
      } else {
        assertThat(d.get("preKey").isNull()).isTrue();
      }
      long pq = d.get("pqPreKey").get("keyId").asLong();
      if (i < 2) {
        assertThat(pqIds.add(pq)).isTrue();
      } else {
        assertThat(pq).as("last resort").isEqualTo(9999);
      }
    }
    assertThat(ecIds).containsExactlyInAnyOrder(100L, 101L, 102L);
    Response count = call("GET", "/v1/keys/count", null, device.token());
    assertThat(count.body().get("count").asLong()).isZero();
    assertThat(count.body().get("pqCount").asLong()).isZero();
    assertThat(fetch(bob, device.accountId() + "/1").status()).isEqualTo(200);
  }

  @Test
  void fiftyConcurrentFetchesHandOutTwentyKeysExactlyOnce() throws Exception {
    TestDevices.Device device = ready(alice, 20, 20);
    List<TestDevices.Device> requesters = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requesters.add(devices.register());
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<JsonNode>> results = new ArrayList<>();
    for (TestDevices.Device requester : requesters) {
      Callable<JsonNode> fetch =
          () -> fetch(requester, device.accountId() + "/1").body().get("devices").get(0);
      results.add(pool.submit(fetch));
    }
    List<Long> ec = new ArrayList<>();
    List<Long> pq = new ArrayList<>();
    for (Future<JsonNode> result : results) {
      JsonNode d = result.get();
      if (!d.get("preKey").isNull()) {
        ec.add(d.get("preKey").get("keyId").asLong());
      }
      pq.add(d.get("pqPreKey").get("keyId").asLong());
    }
    pool.shutdown();

    assertThat(ec).hasSize(20).doesNotHaveDuplicates();
    assertThat(pq.stream().filter(id -> id != 9999).toList()).hasSize(20).doesNotHaveDuplicates();
    assertThat(pq.stream().filter(id -> id == 9999)).hasSize(30);
  }

  @Test
  void refusesKeysSignedByAnotherIdentityOrTamperedAndStoresNothingOfTheRequest() {
    TestDevices.Device device = ready(alice, 5, 0);
    SignalKeys mallory = new SignalKeys();

    Map<String, Object> foreign = new HashMap<>();
    foreign.put("signedPreKey", mallory.signedPreKey(2));
    foreign.put("preKeys", SignalKeys.oneTimeKeys(500, 3));
    Response r = upload(device, foreign);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.body().get("detail").asString()).contains("signedPreKey.signature");

    Map<String, Object> spk = alice.signedPreKey(3);
    byte[] tampered = Base64.getDecoder().decode((String) spk.get("publicKey"));
    tampered[10] ^= 1;
    spk.put("publicKey", Base64.getEncoder().encodeToString(tampered));
    Map<String, Object> body = new HashMap<>();
    body.put("signedPreKey", spk);
    assertThat(upload(device, body).status()).isEqualTo(422);

    Map<String, Object> kyber = new HashMap<>();
    kyber.put("pqLastResortPreKey", mallory.kyberKey(7));
    assertThat(upload(device, kyber).status()).isEqualTo(422);

    assertThat(call("GET", "/v1/keys/count", null, device.token()).body().get("count").asLong())
        .isEqualTo(5);
    JsonNode d = fetch(devices.register(), device.accountId() + "/1").body().get("devices").get(0);
    assertThat(d.get("signedPreKey").get("keyId").asLong()).isEqualTo(1);
    assertThat(d.get("pqPreKey").get("keyId").asLong()).isEqualTo(9999);
  }

  @Test
  void namesTheFieldOfEveryMalformedKey() {
    TestDevices.Device device = ready(alice, 1, 0);
    Map<String, String> expectations = new HashMap<>();
    expectations.put(
        "preKeys[0].publicKey",
        "{\"preKeys\":[{\"keyId\":1,\"publicKey\":\"" + b64(new byte[32]) + "\"}]}");
    byte[] wrongType = new byte[33];
    wrongType[0] = 0x06;
    expectations.put(
        "preKeys[0].publicKey#type",
        "{\"preKeys\":[{\"keyId\":1,\"publicKey\":\"" + b64(wrongType) + "\"}]}");
    expectations.put(
        "preKeys[0].keyId",
        "{\"preKeys\":[{\"keyId\":2147483648,\"publicKey\":\"" + key() + "\"}]}");
    expectations.put(
        "preKeys[1].keyId",
        "{\"preKeys\":[{\"keyId\":5,\"publicKey\":\""
            + key()
            + "\"},{\"keyId\":5,\"publicKey\":\""
            + key()
            + "\"}]}");
    expectations.put("identityKey", "{\"identityKey\":\"not base64!\"}");
    byte[] shortKyber = new byte[1568];
    shortKyber[0] = 0x08;
    expectations.put(
        "pqLastResortPreKey.publicKey",
        "{\"pqLastResortPreKey\":{\"keyId\":1,\"publicKey\":\""
            + b64(shortKyber)
            + "\",\"signature\":\""
            + b64(new byte[64])
            + "\"}}");
    expectations.put(
        "signedPreKey.signature",
        "{\"signedPreKey\":{\"keyId\":1,\"publicKey\":\""
            + key()
            + "\",\"signature\":\""
            + b64(new byte[63])
            + "\"}}");
    for (Map.Entry<String, String> e : expectations.entrySet()) {
      Response r = upload(device, e.getValue());
      assertThat(r.status()).as(e.getKey()).isEqualTo(400);
      assertThat(r.body().get("field").asString())
          .as(e.getKey())
          .isEqualTo(e.getKey().split("#")[0]);
    }
    Map<String, Object> tooMany = new HashMap<>();
    tooMany.put("preKeys", SignalKeys.oneTimeKeys(0, 101));
    assertThat(upload(device, tooMany).status()).isEqualTo(400);
    assertThat(upload(device, "{not json").status()).isEqualTo(400);
    assertThat(call("GET", "/v1/keys/count", null, device.token()).body().get("count").asLong())
        .isEqualTo(1);
  }

  @Test
  void theIdentityKeyIsFixedUntilAReinstallThenChangesWithAnEvent() {
    TestDevices.Device device = ready(alice, 1, 0);
    SignalKeys other = new SignalKeys();
    Map<String, Object> change = new HashMap<>();
    change.put("identityKey", other.identityKey());
    assertThat(upload(device, change).status()).isEqualTo(409);

    devices.reinstall(device.accountId(), 77);
    await().atMost(Duration.ofSeconds(15)).until(() -> upload(device, change).status() == 204);

    List<KeyEvent> events = KafkaEvents.byKey(Topics.KEYS, device.accountId().toString(), 2);
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e.getIdentityKeyChanged().getIdentityKey().toByteArray())
                    .isEqualTo(Base64.getDecoder().decode(other.identityKey())));
  }

  @Test
  void aLinkedDeviceIsReachableOnlyOnceItsSignedAndLastResortKeysAreStored() {
    TestDevices.Device primary = ready(alice, 2, 0);
    TestDevices.Device laptop = devices.link(primary.accountId(), 2);
    TestDevices.Device bob = devices.register();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> redis.opsForHash().hasKey("keys:devices:{" + primary.accountId() + "}", "2"));

    assertThat(fetch(bob, primary.accountId() + "/*").body().get("devices").size()).isEqualTo(1);
    assertThat(fetch(bob, primary.accountId() + "/2").status()).isEqualTo(404);
    Map<String, Object> partial = new HashMap<>();
    partial.put("signedPreKey", alice.signedPreKey(5));
    assertThat(upload(laptop, partial).status()).isEqualTo(204);
    assertThat(fetch(bob, primary.accountId() + "/2").status())
        .as("no last resort yet")
        .isEqualTo(404);

    Map<String, Object> rest = new HashMap<>();
    rest.put("pqLastResortPreKey", alice.kyberKey(6));
    assertThat(upload(laptop, rest).status()).isEqualTo(204);

    Response both = fetch(bob, primary.accountId() + "/*");
    assertThat(both.body().get("devices").size()).isEqualTo(2);
    assertThat(both.body().get("devices").get(1).get("registrationId").asInt())
        .isEqualTo(laptop.registrationId());
    List<KeyEvent> events = KafkaEvents.byKey(Topics.KEYS, primary.accountId().toString(), 2);
    assertThat(
            events.stream()
                .filter(KeyEvent::hasDeviceKeysPublished)
                .map(e -> e.getDeviceKeysPublished().getDevice().getDeviceId()))
        .containsExactly(1, 2);
  }

  @Test
  void aFetchThatCrossesTheThresholdEmitsOnePreKeysLow() {
    TestDevices.Device device = ready(alice, 12, 0);
    TestDevices.Device bob = devices.register();
    for (int i = 0; i < 5; i++) {
      assertThat(fetch(bob, device.accountId() + "/1").status()).isEqualTo(200);
    }

    List<KeyEvent> events = KafkaEvents.byKey(Topics.KEYS, device.accountId().toString(), 2);
    List<KeyEvent> low = events.stream().filter(KeyEvent::hasPreKeysLow).toList();
    assertThat(low).hasSize(1);
    assertThat(low.get(0).getPreKeysLow().getEcPreKeysRemaining()).isEqualTo(9);
  }

  @Test
  void unlinkAndAccountDeletionPurgeTheKeys() {
    TestDevices.Device primary = ready(alice, 3, 1);
    TestDevices.Device laptop = devices.link(primary.accountId(), 2);
    assertThat(
            upload(
                    laptop,
                    Map.of(
                        "signedPreKey",
                        alice.signedPreKey(8),
                        "pqLastResortPreKey",
                        alice.kyberKey(9),
                        "preKeys",
                        SignalKeys.oneTimeKeys(1, 2)))
                .status())
        .isEqualTo(204);
    TestDevices.Device bob = devices.register();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fetch(bob, primary.accountId() + "/2").status() == 200);

    devices.unlink(primary.accountId(), 2);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fetch(bob, primary.accountId() + "/2").status() == 404);
    assertThat(redis.keys("keys:*{" + primary.accountId() + ":2}")).isEmpty();

    devices.deleteAccount(primary.accountId(), 1);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> fetch(bob, primary.accountId() + "/*").status() == 404);
    assertThat(redis.keys("keys:*" + primary.accountId() + "*")).isEmpty();
  }

  @Test
  void refusesUnauthenticatedCallsAndLimitsFetchesPerRequester() {
    TestDevices.Device device = ready(alice, 0, 0);
    assertThat(call("GET", "/v1/keys/" + device.accountId() + "/*", null, null).status())
        .isEqualTo(401);
    assertThat(call("PUT", "/v1/keys", Map.of(), null).status()).isEqualTo(401);
    TestDevices.Device greedy = devices.register();
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      if (fetch(greedy, device.accountId() + "/1").status() == 429) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(0);
  }

  @Test
  void documentsEveryEndpointInOpenApi() {
    Response docs = call("GET", "/v3/api-docs", null, null);

    assertThat(docs.status()).isEqualTo(200);
    JsonNode paths = docs.body().get("paths");
    assertThat(paths.has("/v1/keys")).isTrue();
    assertThat(paths.has("/v1/keys/count")).isTrue();
    assertThat(paths.has("/v1/keys/{accountId}/{deviceId}")).isTrue();
    assertThat(paths.has("/v1/keys/{accountId}/*")).isTrue();
    assertThat(docs.body().get("components").get("securitySchemes").has("bearer")).isTrue();
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String key() {
    return b64(org.whispersystems.libsignal.ecc.Curve.generateKeyPair().getPublicKey().serialize());
  }
}
