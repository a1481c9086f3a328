package io.parley.security;

import static io.parley.security.HttpCalls.getWithToken;
import static io.parley.security.HttpCalls.verdict;
import static io.parley.security.TestTokens.claims;
import static io.parley.security.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.nimbusds.jose.jwk.ECKey;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceLinked;
import io.parley.contracts.events.v1.DeviceTokensRevoked;
import io.parley.contracts.events.v1.DeviceUnlinked;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Account events reach the cache at once. The device-state cache lives 60 s here, so a refusal
 * within 3 s can only come from the event; and an instance started after the event refuses too,
 * because it reads Redis.
 */
@ParleyInfraTest
@SpringBootTest(
    classes = SecurityTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=revocation-it",
      "parley.security.device-state-cache-ttl=60s"
    })
class RevocationEventsIT {

  private static final Duration PROMPTLY = Duration.ofSeconds(3);
  private static final ECKey KEY = TestTokens.newKey("k1");
  private static final JwksServer JWKS = JwksServer.serving(KEY);

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> ParleyInfra.kafka().bootstrapServers());
    registry.add("spring.data.redis.host", () -> ParleyInfra.redis().host());
    registry.add("spring.data.redis.port", () -> ParleyInfra.redis().port());
    registry.add("parley.security.jwks-uri", () -> JWKS.uri().toString());
    registry.add("parley.node-id", () -> "revocation-it-" + UUID.randomUUID());
  }

  @AfterAll
  static void stopJwks() {
    JWKS.close();
  }

  @LocalServerPort int port;
  @Autowired StringRedisTemplate redis;
  @Autowired KafkaTemplate<String, Message> kafka;
  @Autowired Clock clock;

  @Autowired
  @Qualifier("parleySecurityAccountEventsContainer")
  MessageListenerContainer accountEvents;

  private final UUID account = UUID.randomUUID();
  private Instant now;

  @BeforeEach
  void waitForTheEventConsumer() {
    now = clock.instant();
    // It starts at the end of the topic, so events sent before it has partitions would be missed.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                accountEvents.getAssignedPartitions() != null
                    && !accountEvents.getAssignedPartitions().isEmpty());
  }

  private void putRecord(int deviceId, String incarnation, Instant validSince) {
    redis
        .opsForHash()
        .putAll(
            DeviceAuthRecord.key(account, deviceId),
            new DeviceAuthRecord(incarnation, validSince).toHash());
  }

  private void publish(AccountEvent.Builder event) throws Exception {
    kafka
        .send(
            Topics.ACCOUNTS.name(),
            account.toString(),
            event.setMetadata(Events.metadata(clock, "auth-service", "revocation-it")).build())
        .get();
  }

  @Test
  void revokedTokensAreRefusedMomentsAfterTheEventAndByInstancesStartedLater() throws Exception {
    putRecord(1, "inc-1", now.minus(Duration.ofHours(1)));
    String token = sign(KEY, claims(account, 1, "inc-1", now.minusSeconds(10)).build());
    assertThat(verdict(getWithToken(port, "/whoami", token))).isEqualTo("200");

    putRecord(1, "inc-1", now); // auth-service logs the device out ...
    assertThat(verdict(getWithToken(port, "/whoami", token)))
        .as("still cached: only the event can end it before the TTL")
        .isEqualTo("200");
    publish( // ... and says so
        AccountEvent.newBuilder()
            .setDeviceTokensRevoked(
                DeviceTokensRevoked.newBuilder()
                    .setDevice(Events.device(account, 1))
                    .setIncarnation("inc-1")
                    .setRevokedBefore(Events.timestamp(now))));

    await()
        .atMost(PROMPTLY)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> assertThat(verdict(getWithToken(port, "/whoami", token))).isEqualTo("revoked"));

    try (ConfigurableApplicationContext late = startAnotherInstance()) {
      int latePort = Integer.parseInt(late.getEnvironment().getProperty("local.server.port"));
      assertThat(verdict(getWithToken(latePort, "/whoami", token))).isEqualTo("revoked");
      assertThatThrownBy(() -> late.getBean(AccessTokenVerifier.class).verify(token))
          .isInstanceOfSatisfying(
              InvalidAccessTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(InvalidAccessTokenException.Reason.REVOKED));
    }
  }

  @Test
  void anUnlinkedDeviceIsRefusedMomentsAfterTheEvent() throws Exception {
    putRecord(2, "inc-2", now.minus(Duration.ofHours(1)));
    String token = sign(KEY, claims(account, 2, "inc-2", now.minusSeconds(10)).build());
    assertThat(verdict(getWithToken(port, "/whoami", token))).isEqualTo("200");

    redis.delete(DeviceAuthRecord.key(account, 2));
    assertThat(verdict(getWithToken(port, "/whoami", token))).isEqualTo("200");
    publish(
        AccountEvent.newBuilder()
            .setDeviceUnlinked(
                DeviceUnlinked.newBuilder()
                    .setDevice(Events.device(account, 2))
                    .setIncarnation("inc-2")));

    await()
        .atMost(PROMPTLY)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(verdict(getWithToken(port, "/whoami", token)))
                    .isEqualTo("device_removed"));
  }

  @Test
  void aDeviceWhoseEventCameBeforeItsRecordWasDeletedIsRefusedOnceTheRecordIsGone()
      throws Exception {
    putRecord(4, "inc-4", now.minus(Duration.ofHours(1)));
    String token = sign(KEY, claims(account, 4, "inc-4", now.minusSeconds(10)).build());
    assertThat(verdict(getWithToken(port, "/whoami", token))).isEqualTo("200");

    publish( // auth-service announces the removal first ...
        AccountEvent.newBuilder()
            .setDeviceUnlinked(
                DeviceUnlinked.newBuilder()
                    .setDevice(Events.device(account, 4))
                    .setIncarnation("inc-4")));
    long gapEnds = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    while (System.nanoTime() < gapEnds) { // ... while the device keeps calling ...
      assertThat(verdict(getWithToken(port, "/whoami", token))).isEqualTo("200");
      Thread.sleep(100);
    }
    redis.delete(DeviceAuthRecord.key(account, 4)); // ... and then deletes its record

    await()
        .atMost(PROMPTLY)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(verdict(getWithToken(port, "/whoami", token)))
                    .isEqualTo("device_removed"));
  }

  @Test
  void aNewlyLinkedDeviceIsAcceptedMomentsAfterTheEventEvenIfItsAbsenceWasCached()
      throws Exception {
    String newToken = sign(KEY, claims(account, 3, "inc-3-new", now.minusSeconds(10)).build());
    assertThat(verdict(getWithToken(port, "/whoami", newToken))).isEqualTo("device_removed");

    putRecord(3, "inc-3-new", now.minusSeconds(20));
    publish(
        AccountEvent.newBuilder()
            .setDeviceLinked(
                DeviceLinked.newBuilder()
                    .setDevice(Events.device(account, 3))
                    .setIncarnation("inc-3-new")));

    await()
        .atMost(PROMPTLY)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> assertThat(verdict(getWithToken(port, "/whoami", newToken))).isEqualTo("200"));
  }

  private ConfigurableApplicationContext startAnotherInstance() {
    // Arguments, not builder properties: Spring Boot ranks those below libs/service-runtime's
    // defaults.
    return new SpringApplicationBuilder(SecurityTestApplication.class)
        .run(
            "--server.port=0",
            "--spring.application.name=revocation-it-late",
            "--parley.node-id=revocation-it-late-" + UUID.randomUUID(),
            "--parley.security.device-state-cache-ttl=60s",
            "--parley.security.jwks-uri=" + JWKS.uri(),
            "--spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers(),
            "--spring.data.redis.host=" + ParleyInfra.redis().host(),
            "--spring.data.redis.port=" + ParleyInfra.redis().port());
  }
}
