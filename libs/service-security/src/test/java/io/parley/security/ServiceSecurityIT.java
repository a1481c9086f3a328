package io.parley.security;

import static io.parley.security.HttpCalls.get;
import static io.parley.security.HttpCalls.getWithToken;
import static io.parley.security.HttpCalls.json;
import static io.parley.security.HttpCalls.verdict;
import static io.parley.security.TestTokens.claims;
import static io.parley.security.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.RedisInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service with this library, on real Redis and Kafka, fetching keys from a real JWKS endpoint,
 * called over real HTTP: which tokens open {@code /whoami}, and what the refusals look like.
 */
@ParleyInfraTest
@SpringBootTest(
    classes = SecurityTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=security-it", "parley.security.public-paths=/open/**"})
class ServiceSecurityIT {

  private static final ECKey KEY = TestTokens.newKey("k1");
  private static final ECKey IMPOSTOR = TestTokens.newKey("k1");
  private static final JwksServer JWKS = JwksServer.serving(KEY);

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> ParleyInfra.kafka().bootstrapServers());
    registry.add("spring.data.redis.host", () -> ParleyInfra.redis().host());
    registry.add("spring.data.redis.port", () -> ParleyInfra.redis().port());
    registry.add("parley.security.jwks-uri", () -> JWKS.uri().toString());
    registry.add("parley.node-id", () -> "security-it-" + UUID.randomUUID());
  }

  @AfterAll
  static void stopJwks() {
    JWKS.close();
  }

  @LocalServerPort int port;
  @Autowired StringRedisTemplate redis;
  @Autowired AccessTokenVerifier verifier;
  @Autowired Clock clock;

  private final UUID account = UUID.randomUUID();
  private Instant now;

  @BeforeEach
  void registerDeviceOne() {
    now = clock.instant();
    putRecord(1, "inc-1", now.minus(Duration.ofHours(1)));
  }

  private void putRecord(int deviceId, String incarnation, Instant validSince) {
    redis
        .opsForHash()
        .putAll(
            DeviceAuthRecord.key(account, deviceId),
            new DeviceAuthRecord(incarnation, validSince).toHash());
  }

  private JWTClaimsSet.Builder device1() {
    return claims(account, 1, "inc-1", now.minusSeconds(10));
  }

  @Test
  void acceptsAValidTokenAndGivesTheControllerItsDevice() throws Exception {
    HttpResponse<String> response = getWithToken(port, "/whoami", sign(KEY, device1().build()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response))
        .containsEntry("accountId", account.toString())
        .containsEntry("deviceId", 1);
  }

  @Test
  void isTheOnlyFilterChainSoNoLoginFormOrBasicAuthCreepsIn(
      @Autowired List<SecurityFilterChain> chains) throws Exception {
    assertThat(chains).hasSize(1);
    assertThat(get(port, "/login", null).statusCode()).isEqualTo(401);
  }

  @Test
  void refusesARequestWithoutATokenWithAProblemAndABearerChallenge() throws Exception {
    HttpResponse<String> response = get(port, "/whoami", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(json(response))
        .containsEntry("type", "about:blank")
        .containsEntry("title", "Unauthorized")
        .containsEntry("status", 401)
        .containsEntry("reason", "missing")
        .containsKey("detail");
  }

  @Test
  void refusesMalformedTokensAndAuthorizationHeaders() throws Exception {
    HttpResponse<String> notAJwt = getWithToken(port, "/whoami", "not-a-jwt");
    HttpResponse<String> notBearerSyntax = get(port, "/whoami", "Bearer two words");
    HttpResponse<String> basic = get(port, "/whoami", "Basic dXNlcjpwYXNz");

    assertThat(notAJwt.statusCode()).isEqualTo(401);
    assertThat(json(notAJwt)).containsEntry("reason", "malformed");
    assertThat(notAJwt.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(
            challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
    assertThat(verdict(notBearerSyntax)).isEqualTo("malformed");
    assertThat(verdict(basic)).isEqualTo("missing");
  }

  @Test
  void acceptsExpiryAndIssueTimeWithinTheLeewayAndRefusesThemBeyond() throws Exception {
    String expiredWithinLeeway =
        sign(
            KEY,
            device1()
                .issueTime(Date.from(now.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(now.minusSeconds(30)))
                .build());
    String expired =
        sign(
            KEY,
            device1()
                .issueTime(Date.from(now.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(now.minusSeconds(120)))
                .build());
    String issuedSlightlyAhead =
        sign(KEY, device1().issueTime(Date.from(now.plusSeconds(30))).build());
    String issuedInTheFuture =
        sign(KEY, device1().issueTime(Date.from(now.plusSeconds(120))).build());

    assertThat(verdict(getWithToken(port, "/whoami", expiredWithinLeeway))).isEqualTo("200");
    assertThat(verdict(getWithToken(port, "/whoami", expired))).isEqualTo("expired");
    assertThat(verdict(getWithToken(port, "/whoami", issuedSlightlyAhead))).isEqualTo("200");
    assertThat(verdict(getWithToken(port, "/whoami", issuedInTheFuture)))
        .isEqualTo("not_yet_valid");
  }

  @Test
  void refusesASignatureByAnotherKeyUnderTheRightKeyId() throws Exception {
    assertThat(verdict(getWithToken(port, "/whoami", sign(IMPOSTOR, device1().build()))))
        .isEqualTo("bad_signature");
  }

  @Test
  void refusesUnknownKeyIdsAndFetchesTheJwksAtMostOnceForABurstOfThem() throws Exception {
    assertThat(verdict(getWithToken(port, "/whoami", sign(KEY, device1().build()))))
        .isEqualTo("200");
    int fetchesBefore = JWKS.requests();

    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String forged = sign(KEY, "forged-" + UUID.randomUUID(), device1().build());
      burst.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/whoami"))
                  .header("Authorization", "Bearer " + forged)
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> response : burst) {
      assertThat(verdict(response.get())).isEqualTo("unknown_key");
    }

    assertThat(JWKS.requests() - fetchesBefore).isLessThanOrEqualTo(1);
    assertThat(verdict(getWithToken(port, "/whoami", sign(KEY, device1().build()))))
        .isEqualTo("200");
  }

  @Test
  void refusesUnsignedAndHs256Tokens() throws Exception {
    assertThat(verdict(getWithToken(port, "/whoami", TestTokens.unsigned(device1().build()))))
        .isEqualTo("unsupported_algorithm");
    assertThat(verdict(getWithToken(port, "/whoami", TestTokens.hs256("k1", device1().build()))))
        .isEqualTo("unsupported_algorithm");
  }

  @Test
  void refusesATokenFromAnotherIssuer() throws Exception {
    assertThat(
            verdict(
                getWithToken(port, "/whoami", sign(KEY, device1().issuer("elsewhere").build()))))
        .isEqualTo("wrong_issuer");
  }

  @Test
  void refusesARemovedDevice() throws Exception {
    String token = sign(KEY, claims(account, 4, "inc-4", now.minusSeconds(10)).build());

    assertThat(verdict(getWithToken(port, "/whoami", token))).isEqualTo("device_removed");
  }

  @Test
  void refusesATokenOfTheDeviceThatHadThisIdBefore() throws Exception {
    putRecord(2, "inc-2-new", now.minus(Duration.ofHours(1)));
    String old = sign(KEY, claims(account, 2, "inc-2-old", now.minusSeconds(10)).build());

    assertThat(verdict(getWithToken(port, "/whoami", old))).isEqualTo("device_replaced");
  }

  @Test
  void refusesTokensIssuedBeforeTheDeviceWasLoggedOut() throws Exception {
    putRecord(3, "inc-3", now);
    String before = sign(KEY, claims(account, 3, "inc-3", now.minusSeconds(5)).build());
    String after = sign(KEY, claims(account, 3, "inc-3", now).build());

    assertThat(verdict(getWithToken(port, "/whoami", before))).isEqualTo("revoked");
    assertThat(verdict(getWithToken(port, "/whoami", after))).isEqualTo("200");
  }

  @Test
  void publicPathsNeedNoTokenAndIgnoreABadOne() throws Exception {
    for (String path :
        List.of(
            "/actuator/health",
            "/actuator/health/readiness",
            "/actuator/prometheus",
            "/livez",
            "/readyz",
            "/open/ping")) {
      assertThat(get(port, path, null).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(getWithToken(port, "/open/ping", "garbage").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathsAreRefusedBeforeTheyAreFound() throws Exception {
    assertThat(get(port, "/no-such-path", null).statusCode()).isEqualTo(401);
    assertThat(getWithToken(port, "/no-such-path", sign(KEY, device1().build())).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theVerifierUsedDirectlyGivesTheSameVerdictsAsHttp() throws Exception {
    putRecord(2, "inc-2", now);
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("valid", sign(KEY, device1().build()));
    tokens.put("impostor", sign(IMPOSTOR, device1().build()));
    tokens.put("unsigned", TestTokens.unsigned(device1().build()));
    tokens.put(
        "expired",
        sign(KEY, device1().expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build()));
    tokens.put("removed", sign(KEY, claims(account, 9, "inc-9", now).build()));
    tokens.put("replaced", sign(KEY, claims(account, 2, "inc-2-old", now).build()));
    tokens.put("revoked", sign(KEY, claims(account, 2, "inc-2", now.minusSeconds(60)).build()));

    for (Map.Entry<String, String> token : tokens.entrySet()) {
      HttpResponse<String> response = getWithToken(port, "/whoami", token.getValue());
      String direct;
      try {
        verifier.verify(token.getValue());
        direct = "200";
      } catch (InvalidAccessTokenException e) {
        direct = e.reason().code();
        assertThat(e.getMessage()).doesNotContain(token.getValue());
      }
      assertThat(verdict(response)).as(token.getKey()).isEqualTo(direct);
      assertThat(response.body()).as(token.getKey()).doesNotContain(token.getValue());
      response
          .headers()
          .firstValue("WWW-Authenticate")
          .ifPresent(challenge -> assertThat(challenge).doesNotContain(token.getValue()));
    }
    assertThat(verifier.verify(tokens.get("valid"))).isEqualTo(new AuthenticatedDevice(account, 1));
    assertThatThrownBy(() -> verifier.verify(tokens.get("revoked")))
        .isInstanceOfSatisfying(
            InvalidAccessTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidAccessTokenException.Reason.REVOKED));
  }

  @Test
  void answers503NotA401WhileRedisIsDown() throws Exception {
    RedisInfra redisServer = ParleyInfra.redis();
    redisServer.assumeRestartable();
    String token = sign(KEY, claims(account, 7, "inc-7", now).build());

    redisServer.stop();
    try {
      HttpResponse<String> response = getWithToken(port, "/whoami", token);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(response)).containsEntry("status", 503);
    } finally {
      redisServer.start();
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> redis.hasKey(DeviceAuthRecord.key(account, 1)));
    }
  }
}
