package io.parley.push.delivery;

import static io.parley.push.support.Deliveries.awaitReceived;
import static io.parley.push.support.Deliveries.millisBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Topics;
import io.parley.push.registration.RegistrationStore;
import io.parley.push.support.ProviderServer;
import io.parley.push.support.PushIntegrationTest;
import io.parley.push.support.Script;
import io.parley.push.support.WebPushEndpoint;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class WebPushDeliveryIT extends PushIntegrationTest {

  @Test
  void theBrowserDecryptsAWakeUpWithoutContentSentWithVapid() {
    TestDevices.Device device = devices.register();
    WebPushEndpoint.Subscription subscription = WEB_PUSH.subscribe();
    assertThat(register(device, webPush(subscription)).status()).isEqualTo(204);

    requestPush(device, true);

    WebPushEndpoint.Push push =
        awaitReceived(WEB_PUSH.script, subscription.id(), 1).get(0).request();
    assertThat(push.plaintext()).isEqualTo("{\"type\":\"wake\",\"urgent\":true}");
    assertThat(push.urgency()).isEqualTo("high");
    assertThat(push.ttl()).isEqualTo("86400");
    assertThat(push.topic()).isEqualTo("parley-wake");
  }

  @Test
  void retriesAfterA503HonouringRetryAfter() {
    TestDevices.Device device = devices.register();
    WebPushEndpoint.Subscription subscription = WEB_PUSH.subscribe();
    assertThat(register(device, webPush(subscription)).status()).isEqualTo(204);
    WEB_PUSH.script.reply(
        subscription.id(), ProviderServer.Reply.of(503, "").withHeader("Retry-After", "2"));

    requestPush(device, true);

    List<Script.Received<WebPushEndpoint.Push>> attempts =
        awaitReceived(WEB_PUSH.script, subscription.id(), 2);
    assertThat(millisBetween(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(1_900);
  }

  @Test
  void deletesASubscriptionThePushServiceReportsGone() {
    TestDevices.Device expired = devices.register();
    TestDevices.Device unknown = devices.register();
    WebPushEndpoint.Subscription first = WEB_PUSH.subscribe();
    WebPushEndpoint.Subscription second = WEB_PUSH.subscribe();
    assertThat(register(expired, webPush(first)).status()).isEqualTo(204);
    assertThat(register(unknown, webPush(second)).status()).isEqualTo(204);
    WEB_PUSH.script.reply(first.id(), ProviderServer.Reply.of(410, ""));
    WEB_PUSH.script.reply(second.id(), ProviderServer.Reply.of(404, ""));

    requestPush(expired, true);
    requestPush(unknown, true);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !redis.hasKey(RegistrationStore.key(expired.accountId(), 1))
                    && !redis.hasKey(RegistrationStore.key(unknown.accountId(), 1)));
  }

  @Test
  void deadLettersAPushThePushServiceRefusesForGood() {
    TestDevices.Device device = devices.register();
    WebPushEndpoint.Subscription subscription = WEB_PUSH.subscribe();
    assertThat(register(device, webPush(subscription)).status()).isEqualTo(204);
    WEB_PUSH.script.reply(subscription.id(), ProviderServer.Reply.of(413, ""));

    requestPush(device, true);

    List<ConsumerRecord<String, byte[]>> letters =
        recordsByKey(
            Topics.PUSH_REQUESTS.deadLetterName(),
            device.accountId().toString(),
            1,
            Duration.ofSeconds(30));
    assertThat(letters).hasSize(1);
    assertThat(header(letters.get(0), "parley-dlt-provider")).isEqualTo("webpush");
    assertThat(header(letters.get(0), "parley-dlt-status")).isEqualTo("413");
  }

  @Test
  void coalescesNonUrgentWakeUps() {
    TestDevices.Device device = devices.register();
    WebPushEndpoint.Subscription subscription = WEB_PUSH.subscribe();
    assertThat(register(device, webPush(subscription)).status()).isEqualTo(204);

    requestPush(device, false);
    requestPush(device, false);
    requestPush(device, true);

    List<Script.Received<WebPushEndpoint.Push>> pushes =
        awaitReceived(WEB_PUSH.script, subscription.id(), 2);
    assertThat(pushes).extracting(p -> p.request().urgency()).containsExactly("normal", "high");
    assertThat(pushes.get(0).request().plaintext())
        .isEqualTo("{\"type\":\"wake\",\"urgent\":false}");
  }
}
