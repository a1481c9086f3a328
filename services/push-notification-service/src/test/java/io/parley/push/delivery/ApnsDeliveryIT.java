package io.parley.push.delivery;

import static io.parley.push.support.Deliveries.awaitReceived;
import static io.parley.push.support.Deliveries.millisBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.PushEvent;
import io.parley.push.registration.RegistrationStore;
import io.parley.push.support.ApnsEndpoint;
import io.parley.push.support.ProviderServer;
import io.parley.push.support.PushIntegrationTest;
import io.parley.push.support.Script;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApnsDeliveryIT extends PushIntegrationTest {

  @Test
  void urgentWakeUpIsAnAlertForTheNotificationServiceExtensionWithAVerifiedProviderToken() {
    TestDevices.Device device = devices.register();
    String token = apnsToken();
    assertThat(register(device, apns(token, "production")).status()).isEqualTo(204);

    requestPush(device, true);

    ApnsEndpoint.Push push = awaitReceived(APNS.script, token, 1).get(0).request();
    assertThat(push.sandbox()).isFalse();
    assertThat(push.pushType()).isEqualTo("alert");
    assertThat(push.priority()).isEqualTo("10");
    assertThat(push.topic()).isEqualTo("io.parley.app");
    assertThat(push.collapseId()).isEqualTo("parley-wake");
    assertThat(Instant.ofEpochSecond(Long.parseLong(push.expiration())))
        .isAfter(Instant.now().plus(Duration.ofHours(23)));
    JsonNode aps = JSON.readTree(push.payload()).get("aps");
    assertThat(aps.get("mutable-content").asInt()).isEqualTo(1);
    assertThat(aps.get("alert").get("loc-key").asString()).isEqualTo("PARLEY_NEW_MESSAGE");
    // Nothing but the generic wake-up: no content, no sender, no ids.
    assertThat(JSON.readTree(push.payload()).size()).isEqualTo(1);
    assertThat(aps.get("alert").size()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                metrics()
                    .matches(
                        "(?s).*parley_push_sent_total\\{[^}]*outcome=\"accepted\",provider=\"apns\".*"));
  }

  @Test
  void nonUrgentWakeUpsAreBackgroundPushesAtMostOncePerInterval() {
    TestDevices.Device device = devices.register();
    String token = apnsToken();
    assertThat(register(device, apns(token, "sandbox")).status()).isEqualTo(204);

    requestPush(device, false);
    requestPush(device, false);
    requestPush(device, false);
    // Same key, same partition: this one is handled after the three above.
    requestPush(device, true);

    List<Script.Received<ApnsEndpoint.Push>> pushes = awaitReceived(APNS_SANDBOX.script, token, 2);
    assertThat(pushes).hasSize(2);
    assertThat(pushes.get(0).request().pushType()).isEqualTo("background");
    assertThat(pushes.get(0).request().priority()).isEqualTo("5");
    assertThat(
            JSON.readTree(pushes.get(0).request().payload())
                .get("aps")
                .get("content-available")
                .asInt())
        .isEqualTo(1);
    assertThat(pushes.get(1).request().pushType()).isEqualTo("alert");
    assertThat(APNS.script.receivedFor(token)).isEmpty();
  }

  @Test
  void retriesAfterA503HonouringRetryAfter() {
    TestDevices.Device device = devices.register();
    String token = apnsToken();
    assertThat(register(device, apns(token, "production")).status()).isEqualTo(204);
    APNS.script.reply(
        token,
        ProviderServer.Reply.of(503, "{\"reason\":\"ServiceUnavailable\"}")
            .withHeader("Retry-After", "2"));

    requestPush(device, true);

    List<Script.Received<ApnsEndpoint.Push>> attempts = awaitReceived(APNS.script, token, 2);
    assertThat(millisBetween(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(1_900);
    assertThat(redis.hasKey(RegistrationStore.key(device.accountId(), 1))).isTrue();
  }

  @Test
  void deletesTheRegistrationWhenApnsSaysTheTokenIsBadOrUnregistered() {
    TestDevices.Device bad = devices.register();
    TestDevices.Device gone = devices.register();
    String badToken = apnsToken();
    String goneToken = apnsToken();
    assertThat(register(bad, apns(badToken, "production")).status()).isEqualTo(204);
    assertThat(register(gone, apns(goneToken, "production")).status()).isEqualTo(204);
    APNS.script.reply(badToken, ProviderServer.Reply.of(400, "{\"reason\":\"BadDeviceToken\"}"));
    APNS.script.reply(
        goneToken,
        ProviderServer.Reply.of(410, "{\"reason\":\"Unregistered\",\"timestamp\":1795773600000}"));

    requestPush(bad, true);
    requestPush(gone, false);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !redis.hasKey(RegistrationStore.key(bad.accountId(), 1))
                    && !redis.hasKey(RegistrationStore.key(gone.accountId(), 1)));
    assertThat(APNS.script.receivedFor(badToken)).hasSize(1);
    assertThat(APNS.script.receivedFor(goneToken)).hasSize(1);
  }

  @Test
  void deadLettersAPushApnsRefusesForGoodWithTheReason() throws Exception {
    TestDevices.Device device = devices.register();
    String token = apnsToken();
    assertThat(register(device, apns(token, "production")).status()).isEqualTo(204);
    APNS.script.reply(token, ProviderServer.Reply.of(400, "{\"reason\":\"TopicDisallowed\"}"));

    requestPush(device, true);

    List<ConsumerRecord<String, byte[]>> letters =
        recordsByKey(
            Topics.PUSH_REQUESTS.deadLetterName(),
            device.accountId().toString(),
            1,
            Duration.ofSeconds(30));
    assertThat(letters).hasSize(1);
    assertThat(header(letters.get(0), "parley-dlt-provider")).isEqualTo("apns");
    assertThat(header(letters.get(0), "parley-dlt-status")).isEqualTo("400");
    assertThat(header(letters.get(0), "parley-dlt-reason")).isEqualTo("TopicDisallowed");
    PushEvent event = PushEvent.parseFrom(letters.get(0).value());
    assertThat(event.getPushRequested().getDevice().getAccountId())
        .isEqualTo(device.accountId().toString());
    assertThat(APNS.script.receivedFor(token)).hasSize(1);
    // Not a token problem: the registration stays.
    assertThat(redis.hasKey(RegistrationStore.key(device.accountId(), 1))).isTrue();
  }
}
