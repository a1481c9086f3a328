package io.parley.auth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.support.AccountEventsReader;
import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.testsupport.KafkaEvents;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/** auth-service in the dev and bench profiles, as bench-sessions.sh runs it. */
@ActiveProfiles("bench")
class BenchProvisionerIT extends AuthIntegrationTest {

  private AuthApi.Response provision(Object count) {
    return api.post("/v1/bench/devices", count == null ? Map.of() : Map.of("count", count));
  }

  @Test
  void provisionedDevicesAuthenticateRefreshAndAreAnnouncedWithAccountRegistered()
      throws Exception {
    AuthApi.Response response = provision(3);

    assertThat(response.status()).isEqualTo(201);
    JsonNode devices = response.body().get("devices");
    assertThat(devices.size()).isEqualTo(3);
    Set<String> accounts = new HashSet<>();
    for (JsonNode device : devices) {
      String accountId = device.get("accountId").asString();
      String token = device.get("accessToken").asString();
      int registrationId = device.get("registrationId").asInt();
      accounts.add(accountId);
      assertThat(device.get("deviceId").asInt()).isEqualTo(1);
      assertThat(registrationId).isBetween(1, 16380);

      AuthApi.Response own = api.get("/v1/devices", token);
      assertThat(own.status()).isEqualTo(200);
      assertThat(own.body().size()).isEqualTo(1);
      assertThat(own.body().get(0).get("registrationId").asInt()).isEqualTo(registrationId);
      assertThat(own.body().get(0).get("primary").asBoolean()).isTrue();

      // The bench lifetime (2h by default), not the usual 15 minutes.
      var claims = SignedJWT.parse(token).getJWTClaimsSet();
      assertThat(
              Duration.between(
                  claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
          .isEqualTo(Duration.ofHours(2));
      assertThat(device.get("expiresIn").asLong()).isEqualTo(7200);

      AuthApi.Response refreshed =
          api.post(
              "/v1/tokens/refresh", Map.of("refreshToken", device.get("refreshToken").asString()));
      assertThat(refreshed.status()).isEqualTo(200);

      List<AccountEvent> events = AccountEventsReader.eventsOf(accountId, 1);
      assertThat(events).hasSize(1);
      var registered = events.get(0).getAccountRegistered();
      assertThat(registered.getAccountId()).isEqualTo(accountId);
      assertThat(registered.getPrimaryDeviceId()).isEqualTo(1);
      assertThat(registered.getRegistrationId()).isEqualTo(registrationId);
      assertThat(registered.getReinstall()).isFalse();
      assertThat(registered.getPrimaryDeviceIncarnation()).isEqualTo(claims.getStringClaim("inc"));
    }
    assertThat(accounts).hasSize(3);
  }

  @Test
  void withPublishKeysEachDeviceIsAlsoAnnouncedWithDeviceKeysPublished() {
    AuthApi.Response response =
        api.post("/v1/bench/devices", Map.of("count", 2, "publishKeys", true));

    assertThat(response.status()).isEqualTo(201);
    for (JsonNode device : response.body().get("devices")) {
      String accountId = device.get("accountId").asString();
      List<KeyEvent> keys = KafkaEvents.byKey(Topics.KEYS, accountId, 1);
      assertThat(keys).hasSize(1);
      var published = keys.get(0).getDeviceKeysPublished();
      assertThat(published.getDevice().getAccountId()).isEqualTo(accountId);
      assertThat(published.getDevice().getDeviceId()).isEqualTo(1);
      assertThat(published.getRegistrationId()).isEqualTo(device.get("registrationId").asInt());
    }
  }

  @Test
  void aProvisionedAccountIsAnOrdinaryAccountThatCanBeDeleted() throws InterruptedException {
    JsonNode device = provision(1).body().get("devices").get(0);
    String token = device.get("accessToken").asString();
    String refresh = device.get("refreshToken").asString();

    assertThat(api.delete("/v1/accounts/me", token).status()).isEqualTo(204);

    // Refused once AccountDeleted reaches this instance's device cache (at once when idle).
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int status = api.get("/v1/devices", token).status();
    while (status != 401 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = api.get("/v1/devices", token).status();
    }
    assertThat(status).isEqualTo(401);
    assertThat(api.post("/v1/tokens/refresh", Map.of("refreshToken", refresh)).status())
        .isEqualTo(401);
  }

  @Test
  void provisionsHundredsInOneCallOverSeveralPipelinesAllDistinctAndUsable() {
    // 300 is three pipelined chunks written in parallel; the upper bound (10,000) takes the same
    // path (a shared, fsync-always Redis on a busy 2-core machine makes thousands a slow test).
    AuthApi.Response response = provision(300);

    assertThat(response.status()).isEqualTo(201);
    JsonNode devices = response.body().get("devices");
    assertThat(devices.size()).isEqualTo(300);
    Set<String> accounts = new HashSet<>();
    devices.forEach(d -> accounts.add(d.get("accountId").asString()));
    assertThat(accounts).hasSize(300);
    for (int i : new int[] {0, 99, 100, 201, 299}) {
      assertThat(api.get("/v1/devices", devices.get(i).get("accessToken").asString()).status())
          .as("device %d", i)
          .isEqualTo(200);
    }
  }

  @Test
  void refusesCountsOutsideOneToTenThousandWithAProblemNamingTheField() {
    for (Object count : new Object[] {0, -5, 10_001, null}) {
      AuthApi.Response refused = provision(count);
      assertThat(refused.status()).as("count %s", count).isEqualTo(400);
      assertThat(refused.text("field")).isEqualTo("count");
      assertThat(refused.text("detail")).startsWith("count ");
    }
    assertThat(provision("many").status()).isEqualTo(400);
  }
}
