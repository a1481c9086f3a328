package io.parley.push.delivery;

import static io.parley.push.support.Deliveries.awaitReceived;
import static io.parley.push.support.Deliveries.millisBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Topics;
import io.parley.push.registration.RegistrationStore;
import io.parley.push.support.FcmEndpoint;
import io.parley.push.support.ProviderServer;
import io.parley.push.support.PushIntegrationTest;
import io.parley.push.support.Script;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FcmDeliveryIT extends PushIntegrationTest {

  @Test
  void sendsADataOnlyMessageWithAnAccessTokenFromAVerifiedServiceAccountGrant() {
    TestDevices.Device urgentDevice = devices.register();
    TestDevices.Device quietDevice = devices.register();
    String urgentToken = fcmToken();
    String quietToken = fcmToken();
    assertThat(register(urgentDevice, fcm(urgentToken)).status()).isEqualTo(204);
    assertThat(register(quietDevice, fcm(quietToken)).status()).isEqualTo(204);

    requestPush(urgentDevice, true);
    FcmEndpoint.Message urgent = awaitReceived(FCM.script, urgentToken, 1).get(0).request();
    int grants = FCM.grants.get();
    requestPush(quietDevice, false);
    FcmEndpoint.Message quiet = awaitReceived(FCM.script, quietToken, 1).get(0).request();

    JsonNode message = urgent.message();
    assertThat(message.has("notification")).isFalse();
    assertThat(message.get("data").get("type").asString()).isEqualTo("wake");
    assertThat(message.get("data").size()).isEqualTo(2);
    assertThat(message.get("android").get("priority").asString()).isEqualTo("HIGH");
    assertThat(message.get("android").get("collapse_key").asString()).isEqualTo("parley-wake");
    assertThat(message.get("android").get("ttl").asString()).isEqualTo("86400s");
    assertThat(quiet.message().get("android").get("priority").asString()).isEqualTo("NORMAL");
    // The access token is cached: no second grant for the second push.
    assertThat(grants).isGreaterThanOrEqualTo(1);
    assertThat(FCM.grants.get()).isEqualTo(grants);
    assertThat(quiet.accessToken()).isEqualTo(urgent.accessToken());
  }

  @Test
  void retriesAfterA503HonouringRetryAfter() {
    TestDevices.Device device = devices.register();
    String token = fcmToken();
    assertThat(register(device, fcm(token)).status()).isEqualTo(204);
    FCM.script.reply(
        token,
        ProviderServer.Reply.of(503, "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\"}}")
            .withHeader("Retry-After", "2"));

    requestPush(device, true);

    List<Script.Received<FcmEndpoint.Message>> attempts = awaitReceived(FCM.script, token, 2);
    assertThat(millisBetween(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(1_900);
  }

  @Test
  void deletesARegistrationFcmReportsUnregistered() {
    TestDevices.Device device = devices.register();
    String token = fcmToken();
    assertThat(register(device, fcm(token)).status()).isEqualTo(204);
    FCM.script.reply(token, FcmEndpoint.unregistered());

    requestPush(device, true);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !redis.hasKey(RegistrationStore.key(device.accountId(), 1)));
  }

  @Test
  void keepsANewerRegistrationWhenTheOldTokenIsReportedUnregistered() {
    TestDevices.Device device = devices.register();
    String old = fcmToken();
    String newer = fcmToken();
    assertThat(register(device, fcm(old)).status()).isEqualTo(204);
    // The provider answers slowly for the old token; meanwhile the app registers a new one.
    FCM.script.reply(
        old,
        ProviderServer.Reply.of(503, "{}").withHeader("Retry-After", "4"),
        FcmEndpoint.unregistered());

    requestPush(device, true);
    List<Script.Received<FcmEndpoint.Message>> first = awaitReceived(FCM.script, old, 1);
    assertThat(register(device, fcm(newer)).status()).isEqualTo(204);
    long registeredAt = System.nanoTime();
    List<Script.Received<FcmEndpoint.Message>> both = awaitReceived(FCM.script, old, 2);
    // The new token really was registered before the retry learnt the old one is dead.
    assertThat(both.get(1).atNanos()).isGreaterThan(registeredAt);
    assertThat(first).hasSize(1);

    // The retry still goes to the token it started with; what it learns deletes only that one.
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(redis.opsForHash().get(RegistrationStore.key(device.accountId(), 1), "token"))
        .isEqualTo(newer);
  }

  @Test
  void deadLettersAMessageFcmRefusesForGood() {
    TestDevices.Device device = devices.register();
    String token = fcmToken();
    assertThat(register(device, fcm(token)).status()).isEqualTo(204);
    FCM.script.reply(token, FcmEndpoint.invalidArgument());

    requestPush(device, true);

    List<ConsumerRecord<String, byte[]>> letters =
        recordsByKey(
            Topics.PUSH_REQUESTS.deadLetterName(),
            device.accountId().toString(),
            1,
            Duration.ofSeconds(30));
    assertThat(letters).hasSize(1);
    assertThat(header(letters.get(0), "parley-dlt-provider")).isEqualTo("fcm");
    assertThat(header(letters.get(0), "parley-dlt-status")).isEqualTo("400");
    assertThat(header(letters.get(0), "parley-dlt-reason")).isEqualTo("INVALID_ARGUMENT");
    assertThat(redis.hasKey(RegistrationStore.key(device.accountId(), 1))).isTrue();
  }

  @Test
  void deadLettersWithTheLastAnswerWhenRetriesAreSpent() {
    TestDevices.Device device = devices.register();
    String token = fcmToken();
    assertThat(register(device, fcm(token)).status()).isEqualTo(204);
    ProviderServer.Reply unavailable =
        ProviderServer.Reply.of(500, "{\"error\":{\"code\":500,\"status\":\"INTERNAL\"}}");
    FCM.script.reply(token, unavailable, unavailable, unavailable, unavailable, unavailable);

    requestPush(device, true);

    List<ConsumerRecord<String, byte[]>> letters =
        recordsByKey(
            Topics.PUSH_REQUESTS.deadLetterName(),
            device.accountId().toString(),
            1,
            Duration.ofSeconds(40));
    assertThat(letters).hasSize(1);
    assertThat(header(letters.get(0), "parley-dlt-reason"))
        .startsWith("gave up after 4 attempt(s)")
        .endsWith("500 INTERNAL");
    assertThat(FCM.script.receivedFor(token)).hasSize(4);
  }

  @Test
  void coalescesNonUrgentWakeUps() {
    TestDevices.Device device = devices.register();
    String token = fcmToken();
    assertThat(register(device, fcm(token)).status()).isEqualTo(204);

    requestPush(device, false);
    requestPush(device, false);
    requestPush(device, true);
    requestPush(device, false);
    requestPush(device, true);

    List<Script.Received<FcmEndpoint.Message>> pushes = awaitReceived(FCM.script, token, 3);
    assertThat(pushes)
        .extracting(p -> p.request().message().get("android").get("priority").asString())
        .containsExactly("NORMAL", "HIGH", "HIGH");
  }
}
