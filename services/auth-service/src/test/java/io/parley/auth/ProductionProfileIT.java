package io.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.parley.auth.support.AuthApi;
import io.parley.devstack.Ports;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Outside the dev profile: codes go to the SMS webhook with its credentials, the dev endpoint does
 * not exist, and start-up refuses to run without the secrets it needs.
 */
@ParleyInfraTest
class ProductionProfileIT {

  @TempDir Path dir;

  private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
  private final List<String> webhookAuth = new CopyOnWriteArrayList<>();
  private final AtomicInteger webhookStatus = new AtomicInteger(200);
  private HttpServer webhook;
  private ConfigurableApplicationContext app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  private Path pemKey() throws Exception {
    return pemKey("key.pem");
  }

  private Path pemKey(String name) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    Path file = dir.resolve(name);
    Files.writeString(
        file, io.parley.auth.token.SigningKeys.pkcs8Pem(generator.generateKeyPair().getPrivate()));
    return file;
  }

  /** Command-line arguments: they outrank application.yml, as in production. */
  private static String[] args(String[] properties, String... more) {
    return java.util.stream.Stream.concat(
            java.util.Arrays.stream(properties), java.util.Arrays.stream(more))
        .map(p -> "--" + p)
        .toArray(String[]::new);
  }

  private String[] baseProperties(Path key) {
    List<String> properties =
        new java.util.ArrayList<>(
            List.of(
                "server.port=0",
                "spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers(),
                "spring.data.redis.host=" + ParleyInfra.redis().host(),
                "spring.data.redis.port=" + ParleyInfra.redis().port(),
                "parley.auth.phone-hash-secret=test-secret-for-production-profile"));
    if (key != null) {
      properties.add("parley.auth.signing.key-file=" + key);
    }
    return properties.toArray(String[]::new);
  }

  @Test
  void sendsCodesThroughTheWebhookHasNoDevEndpointAndHonoursRotatedKeys() throws Exception {
    Path previousKey = pemKey("previous.pem");
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", Ports.free()), 0);
    webhook.createContext(
        "/sms",
        exchange -> {
          webhookBodies.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          webhookAuth.add(exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.sendResponseHeaders(webhookStatus.get(), -1);
          exchange.close();
        });
    webhook.start();
    app =
        new SpringApplicationBuilder(AuthApplication.class)
            .run(
                args(
                    baseProperties(pemKey()),
                    "parley.auth.sms.webhook-url=http://127.0.0.1:"
                        + webhook.getAddress().getPort()
                        + "/sms",
                    "parley.auth.sms.webhook-token=gateway-token",
                    "parley.auth.signing.previous-key-files=" + previousKey,
                    "parley.node-id=production-profile-it"));
    AuthApi api =
        new AuthApi(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    String number = AuthApi.randomNumber();

    AuthApi.Response started = api.post("/v1/verification/sessions", Map.of("phoneNumber", number));

    assertThat(started.status()).isEqualTo(201);
    assertThat(webhookBodies).hasSize(1);
    assertThat(webhookBodies.get(0))
        .contains("\"to\":\"" + number + "\"")
        .containsPattern("\"code\":\"[0-9]{6}\"");
    assertThat(webhookAuth).containsExactly("Bearer gateway-token");
    assertThat(api.get("/v1/dev/verification-codes/" + number, null).status()).isEqualTo(404);

    // Register with the code the gateway got, then use a token signed by the rotated-out key.
    java.util.regex.Matcher code =
        java.util.regex.Pattern.compile("\"code\":\"([0-9]{6})\"").matcher(webhookBodies.get(0));
    assertThat(code.find()).isTrue();
    assertThat(
            api.post(
                    "/v1/verification/sessions/" + started.text("id") + "/code",
                    Map.of("code", code.group(1)))
                .status())
        .isEqualTo(200);
    AuthApi.Response registered =
        api.post(
            "/v1/accounts",
            Map.of(
                "verificationSessionId",
                started.text("id"),
                "device",
                Map.of("name", "phone", "registrationId", 7)));
    assertThat(registered.status()).isEqualTo(201);
    assertThat(api.get("/.well-known/jwks.json", null).body().get("keys").size()).isEqualTo(2);
    com.nimbusds.jose.jwk.ECKey previous = io.parley.auth.token.SigningKeys.load(previousKey);
    com.nimbusds.jwt.SignedJWT current =
        com.nimbusds.jwt.SignedJWT.parse(registered.text("accessToken"));
    com.nimbusds.jwt.SignedJWT oldKeyToken =
        new com.nimbusds.jwt.SignedJWT(
            new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                .keyID(previous.getKeyID())
                .build(),
            current.getJWTClaimsSet());
    oldKeyToken.sign(new com.nimbusds.jose.crypto.ECDSASigner(previous));
    assertThat(previous.getKeyID()).isNotEqualTo(current.getHeader().getKeyID());
    assertThat(api.get("/v1/devices", oldKeyToken.serialize()).status()).isEqualTo(200);

    webhookStatus.set(500);
    assertThat(
            api.post("/v1/verification/sessions", Map.of("phoneNumber", AuthApi.randomNumber()))
                .status())
        .isEqualTo(503);
  }

  @Test
  void refusesToStartWithoutASigningKeyNamingTheSetting() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(AuthApplication.class)
                    .run(
                        args(
                            baseProperties(null),
                            "parley.auth.sms.webhook-url=http://127.0.0.1:9/sms")))
        .rootCause()
        .hasMessageContaining("parley.auth.signing.key-file");
  }

  @Test
  void refusesToStartWithoutAWayToSendCodes() throws Exception {
    Path key = pemKey();
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(AuthApplication.class)
                    .properties(baseProperties(key))
                    .run())
        .rootCause()
        .hasMessageContaining("parley.auth.sms.webhook-url");
  }
}
