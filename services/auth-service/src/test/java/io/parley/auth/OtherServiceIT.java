package io.parley.auth;

import static io.parley.auth.support.AuthApi.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import io.parley.resourcetest.ProtectedApplication;
import io.parley.testsupport.ParleyInfra;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What auth-service revokes, every other service refuses: a service using libs/service-security
 * (JWKS fetched from auth over HTTP) refuses a removed device's token and a logged-out token,
 * whether it ran when the events were published or started after them.
 */
class OtherServiceIT extends AuthIntegrationTest {

  private ConfigurableApplicationContext startOtherService(String nodeId) {
    return new SpringApplicationBuilder(ProtectedApplication.class)
        .run(
            "--spring.application.name=protected-test-service",
            "--server.port=0",
            "--spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers(),
            "--spring.data.redis.host=" + ParleyInfra.redis().host(),
            "--spring.data.redis.port=" + ParleyInfra.redis().port(),
            "--parley.security.jwks-uri=http://localhost:" + port + "/.well-known/jwks.json",
            "--parley.security.device-state-cache-ttl=60s",
            // Each instance must see every revocation: its own consumer group, from its node id.
            "--parley.node-id=" + nodeId);
  }

  private static int whoami(ConfigurableApplicationContext service, String token) {
    return new AuthApi(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")))
        .get("/whoami", token)
        .status();
  }

  @Test
  void refusesRemovedDevicesAndLoggedOutTokensBeforeAndAfterItStarted() {
    AuthApi.Device primary = api.register(randomNumber());
    AuthApi.Device laptop = api.link(primary);
    AuthApi.Device tablet = api.link(primary);
    try (ConfigurableApplicationContext before = startOtherService("before")) {
      AuthApi.Response me =
          new AuthApi(Integer.parseInt(before.getEnvironment().getProperty("local.server.port")))
              .get("/whoami", laptop.accessToken());
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.text("accountId")).isEqualTo(primary.accountId());
      assertThat(me.body().get("deviceId").asInt()).isEqualTo(2);
      assertThat(whoami(before, tablet.accessToken())).isEqualTo(200);

      assertThat(api.delete("/v1/devices/2", primary.accessToken()).status()).isEqualTo(204);
      assertThat(api.post("/v1/tokens/revoke", null, tablet.accessToken()).status()).isEqualTo(204);

      // Its device cache holds entries for 60 s here: only the events can explain a quick refusal.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(whoami(before, laptop.accessToken())).isEqualTo(401));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(whoami(before, tablet.accessToken())).isEqualTo(401));
      assertThat(whoami(before, primary.accessToken())).isEqualTo(200);

      try (ConfigurableApplicationContext after = startOtherService("after")) {
        assertThat(whoami(after, laptop.accessToken())).isEqualTo(401);
        assertThat(whoami(after, tablet.accessToken())).isEqualTo(401);
        assertThat(whoami(after, primary.accessToken())).isEqualTo(200);
        assertThat(whoami(after, null)).isEqualTo(401);
      }
    }
  }
}
