package io.parley.push.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.push.support.PushIntegrationTest;
import io.parley.push.support.WebPushEndpoint;
import io.parley.security.test.TestDevices;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RegistrationApiIT extends PushIntegrationTest {

  @Test
  void setsShowsAndDeletesTheCallingDevicesRegistrationOfEachKind() {
    TestDevices.Device device = devices.register();

    assertThat(register(device, fcm(fcmToken())).status()).isEqualTo(204);
    assertThat(
            call("GET", "/v1/push/registration", null, device.token())
                .body()
                .get("provider")
                .asString())
        .isEqualTo("fcm");

    String apnsToken = apnsToken();
    assertThat(register(device, apns(apnsToken.toUpperCase(), "sandbox")).status()).isEqualTo(204);
    JsonNode shown = call("GET", "/v1/push/registration", null, device.token()).body();
    assertThat(shown.get("provider").asString()).isEqualTo("apns");
    assertThat(shown.get("environment").asString()).isEqualTo("sandbox");
    assertThat(shown.get("topic").asString()).isEqualTo("io.parley.app");
    assertThat(shown.toString()).doesNotContain(apnsToken);
    // Replacing a registration leaves nothing of the previous provider behind.
    assertThat(redis.opsForHash().get(RegistrationStore.key(device.accountId(), 1), "token"))
        .isEqualTo(apnsToken);

    WebPushEndpoint.Subscription subscription = WEB_PUSH.subscribe();
    assertThat(register(device, webPush(subscription)).status()).isEqualTo(204);
    shown = call("GET", "/v1/push/registration", null, device.token()).body();
    assertThat(shown.get("provider").asString()).isEqualTo("webpush");
    assertThat(shown.get("endpointHost").asString()).isEqualTo("127.0.0.1");
    assertThat(redis.opsForHash().hasKey(RegistrationStore.key(device.accountId(), 1), "token"))
        .isFalse();

    assertThat(call("DELETE", "/v1/push/registration", null, device.token()).status())
        .isEqualTo(204);
    assertThat(call("GET", "/v1/push/registration", null, device.token()).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v1/push/registration", null, device.token()).status())
        .isEqualTo(204);
  }

  @Test
  void refusesBadRegistrationsWithAProblemNamingTheField() {
    TestDevices.Device device = devices.register();
    WebPushEndpoint.Subscription good = WEB_PUSH.subscribe();
    byte[] offCurve = Base64.getUrlDecoder().decode(good.p256dh());
    offCurve[64] ^= 1;

    Map<Object, String> cases =
        Map.ofEntries(
            Map.entry(Map.of(), "fcm|apns|webPush"),
            Map.entry(
                Map.of(
                    "fcm",
                    Map.of("token", fcmToken()),
                    "apns",
                    apns(apnsToken(), "production").get("apns")),
                "fcm|apns|webPush"),
            Map.entry(fcm("has spaces and <html>"), "fcm.token"),
            Map.entry(fcm(""), "fcm.token"),
            Map.entry(apns("abc123", "production"), "apns.token"),
            Map.entry(apns(apnsToken(), "staging"), "apns.environment"),
            Map.entry(
                Map.of(
                    "apns",
                    Map.of(
                        "token",
                        apnsToken(),
                        "topic",
                        "com.other.app",
                        "environment",
                        "production")),
                "apns.topic"),
            Map.entry(
                webPush(good.endpoint().replace("https:", "http:"), good.p256dh(), good.auth()),
                "webPush.endpoint"),
            Map.entry(
                webPush("https://push.example.org/x", good.p256dh(), good.auth()),
                "webPush.endpoint"),
            Map.entry(webPush("not a url at all", good.p256dh(), good.auth()), "webPush.endpoint"),
            Map.entry(
                webPush(good.endpoint(), good.p256dh().substring(4), good.auth()),
                "webPush.keys.p256dh"),
            Map.entry(
                webPush(
                    good.endpoint(),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(offCurve),
                    good.auth()),
                "webPush.keys.p256dh"),
            Map.entry(webPush(good.endpoint(), good.p256dh(), "AAAA"), "webPush.keys.auth"),
            Map.entry(webPush(good.endpoint(), good.p256dh(), "***"), "webPush.keys.auth"));

    cases.forEach(
        (body, field) -> {
          Response response = register(device, body);
          assertThat(response.status()).as("%s", body).isEqualTo(400);
          assertThat(response.body().get("type").asString())
              .isEqualTo("https://parley.io/problems/invalid-request");
          assertThat(response.body().get("field").asString()).as("%s", body).isEqualTo(field);
          assertThat(response.body().get("detail").asString()).isNotBlank();
        });

    Response malformed = register(device, "{\"fcm\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().get("type").asString())
        .isEqualTo("https://parley.io/problems/malformed-body");
    assertThat(call("GET", "/v1/push/registration", null, device.token()).status()).isEqualTo(404);
  }

  @Test
  void needsAnAccessToken() {
    assertThat(call("PUT", "/v1/push/registration", fcm(fcmToken()), null).status()).isEqualTo(401);
    assertThat(call("DELETE", "/v1/push/registration", null, "not-a-token").status())
        .isEqualTo(401);
  }

  @Test
  void purgesRegistrationsWhenTheDeviceIsUnlinkedOrTheAccountDeleted() {
    TestDevices.Device primary = devices.register();
    TestDevices.Device linked = devices.link(primary.accountId(), 2);
    TestDevices.Device third = devices.link(primary.accountId(), 3);
    assertThat(register(primary, fcm(fcmToken())).status()).isEqualTo(204);
    assertThat(register(linked, apns(apnsToken(), "production")).status()).isEqualTo(204);
    assertThat(register(third, webPush(WEB_PUSH.subscribe())).status()).isEqualTo(204);

    devices.unlink(primary.accountId(), 2);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !redis.hasKey(RegistrationStore.key(primary.accountId(), 2)));
    assertThat(redis.hasKey(RegistrationStore.key(primary.accountId(), 1))).isTrue();

    devices.deleteAccount(primary.accountId(), 1, 3);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !redis.hasKey(RegistrationStore.key(primary.accountId(), 1))
                    && !redis.hasKey(RegistrationStore.key(primary.accountId(), 3)));
  }

  @Test
  void documentsEveryEndpointInOpenApi() {
    Response docs = call("GET", "/v3/api-docs", null, null);

    assertThat(docs.status()).isEqualTo(200);
    JsonNode registration = docs.body().get("paths").get("/v1/push/registration");
    assertThat(registration).isNotNull();
    assertThat(registration.has("put")).isTrue();
    assertThat(registration.has("get")).isTrue();
    assertThat(registration.has("delete")).isTrue();
    assertThat(docs.body().get("paths").size()).isEqualTo(1);
    assertThat(docs.body().get("components").get("securitySchemes").has("bearer")).isTrue();
  }

  private static Map<String, Object> webPush(String endpoint, String p256dh, String auth) {
    return Map.of(
        "webPush", Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth)));
  }
}
