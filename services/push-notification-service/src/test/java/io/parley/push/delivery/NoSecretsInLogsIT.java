package io.parley.push.delivery;

import static io.parley.push.support.Deliveries.awaitReceived;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.push.registration.RegistrationStore;
import io.parley.push.support.ApnsEndpoint;
import io.parley.push.support.FcmEndpoint;
import io.parley.push.support.ProviderServer;
import io.parley.push.support.PushIntegrationTest;
import io.parley.push.support.WebPushEndpoint;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsIT extends PushIntegrationTest {

  @Test
  void logsNeitherTokensNorSubscriptionsNorCredentials(CapturedOutput output) {
    TestDevices.Device apnsDevice = devices.register();
    TestDevices.Device fcmDevice = devices.register();
    TestDevices.Device webDevice = devices.register();
    String apnsToken = apnsToken();
    String fcmToken = fcmToken();
    WebPushEndpoint.Subscription subscription = WEB_PUSH.subscribe();
    assertThat(register(apnsDevice, apns(apnsToken, "production")).status()).isEqualTo(204);
    assertThat(register(fcmDevice, fcm(fcmToken)).status()).isEqualTo(204);
    assertThat(register(webDevice, webPush(subscription)).status()).isEqualTo(204);
    // The paths that log most: a retry, a dead token, a permanent refusal.
    APNS.script.reply(
        apnsToken,
        ProviderServer.Reply.of(503, "{\"reason\":\"ServiceUnavailable\"}")
            .withHeader("Retry-After", "1"),
        ProviderServer.Reply.of(410, "{\"reason\":\"Unregistered\"}"));
    FCM.script.reply(fcmToken, FcmEndpoint.invalidArgument());
    WEB_PUSH.script.reply(subscription.id(), ProviderServer.Reply.of(410, ""));

    requestPush(apnsDevice, true);
    requestPush(fcmDevice, true);
    requestPush(webDevice, false);

    awaitReceived(APNS.script, apnsToken, 2);
    awaitReceived(FCM.script, fcmToken, 1);
    awaitReceived(WEB_PUSH.script, subscription.id(), 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !redis.hasKey(RegistrationStore.key(apnsDevice.accountId(), 1))
                    && !redis.hasKey(RegistrationStore.key(webDevice.accountId(), 1))
                    && output.getOut().contains("fcm rejected a push"));

    String logs = output.getAll();
    assertThat(logs)
        .contains("registered for ApnsRegistration[")
        .contains("reports the registration");
    assertThat(logs)
        .doesNotContain(apnsToken)
        .doesNotContain(fcmToken)
        .doesNotContain(subscription.id())
        .doesNotContain(subscription.p256dh())
        .doesNotContain(subscription.auth())
        .doesNotContain(apnsDevice.token())
        .doesNotContain("BEGIN PRIVATE KEY")
        .doesNotContain(pemBody(ApnsEndpoint.p8(APNS_KEY)))
        .doesNotContain("ya29.test-");
  }

  private static String pemBody(String pem) {
    return pem.lines().skip(1).findFirst().orElseThrow();
  }
}
