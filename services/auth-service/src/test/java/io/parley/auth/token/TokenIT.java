package io.parley.auth.token;

import static io.parley.auth.support.AuthApi.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.support.AccountEventsReader;
import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import io.parley.contracts.events.v1.AccountEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TokenIT extends AuthIntegrationTest {

  @Autowired SigningKeys keys;

  private AuthApi.Response refresh(String token) {
    return api.post("/v1/tokens/refresh", Map.of("refreshToken", token));
  }

  @Test
  void accessTokensAreEs256WithTheDeviceClaimsAndAKeyPublishedInTheJwks() throws Exception {
    AuthApi.Device device = api.register(randomNumber());

    SignedJWT jwt = SignedJWT.parse(device.accessToken());
    AuthApi.Response jwks = api.get("/.well-known/jwks.json", null);

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(device.accountId());
    assertThat(claims.getIntegerClaim("dev")).isEqualTo(1);
    assertThat(claims.getStringClaim("inc")).isNotBlank();
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getIssuer()).isEqualTo("parley-auth");
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(jwks.status()).isEqualTo(200);
    assertThat(jwks.body().get("keys").get(0).get("kid").asString())
        .isEqualTo(jwt.getHeader().getKeyID());
    assertThat(jwks.body().get("keys").get(0).has("d")).as("no private part").isFalse();
  }

  @Test
  void refreshRotatesAndTheNewTokensWork() {
    AuthApi.Device device = api.register(randomNumber());

    AuthApi.Response first = refresh(device.refreshToken());

    assertThat(first.status()).isEqualTo(200);
    String next = first.text("refreshToken");
    assertThat(next).isNotEqualTo(device.refreshToken());
    assertThat(api.get("/v1/devices", first.text("accessToken")).status()).isEqualTo(200);
    assertThat(refresh(next).status()).isEqualTo(200);
  }

  @Test
  void aRetryWithinTheGraceGetsTheSameUnusedSuccessor() {
    AuthApi.Device device = api.register(randomNumber());
    AuthApi.Response first = refresh(device.refreshToken());

    clock.advance(Duration.ofSeconds(30));
    AuthApi.Response retry = refresh(device.refreshToken());

    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.text("refreshToken")).isEqualTo(first.text("refreshToken"));
    assertThat(refresh(retry.text("refreshToken")).status()).isEqualTo(200);
  }

  @Test
  void reusingAUsedTokenAfterTheGraceRevokesTheWholeFamily() {
    AuthApi.Device device = api.register(randomNumber());
    AuthApi.Response first = refresh(device.refreshToken());

    clock.advance(Duration.ofSeconds(61));
    AuthApi.Response reuse = refresh(device.refreshToken());

    assertThat(reuse.status()).isEqualTo(401);
    assertThat(refresh(first.text("refreshToken")).status())
        .as("the successor dies too")
        .isEqualTo(401);
    assertThat(api.get("/v1/devices", first.text("accessToken")).status()).isEqualTo(401);
    assertThat(api.get("/v1/devices", device.accessToken()).status()).isEqualTo(401);
    List<AccountEvent> events = AccountEventsReader.eventsOf(device.accountId(), 2);
    assertThat(events.get(events.size() - 1).getDeviceTokensRevoked().getDevice().getDeviceId())
        .isEqualTo(1);
  }

  @Test
  void aRetryAfterTheSuccessorWasUsedIsTheftNotALostResponse() {
    AuthApi.Device device = api.register(randomNumber());
    AuthApi.Response first = refresh(device.refreshToken());
    AuthApi.Response second = refresh(first.text("refreshToken"));
    assertThat(second.status()).isEqualTo(200);

    AuthApi.Response stale = refresh(device.refreshToken());

    assertThat(stale.status()).isEqualTo(401);
    assertThat(refresh(second.text("refreshToken")).status()).isEqualTo(401);
  }

  @Test
  void revokeLogsTheDeviceOutEverywhereAndPublishesDeviceTokensRevoked() {
    AuthApi.Device device = api.register(randomNumber());

    assertThat(api.post("/v1/tokens/revoke", null, device.accessToken()).status()).isEqualTo(204);

    assertThat(api.get("/v1/devices", device.accessToken()).status()).isEqualTo(401);
    assertThat(refresh(device.refreshToken()).status()).isEqualTo(401);
    List<AccountEvent> events = AccountEventsReader.eventsOf(device.accountId(), 2);
    var revoked = events.get(1).getDeviceTokensRevoked();
    assertThat(revoked.getDevice().getAccountId()).isEqualTo(device.accountId());
    assertThat(revoked.getIncarnation())
        .isEqualTo(events.get(0).getAccountRegistered().getPrimaryDeviceIncarnation());
  }

  @Test
  void refusesMalformedAndUnknownRefreshTokens() {
    assertThat(refresh("not-a-token").status()).isEqualTo(400);
    assertThat(refresh("A".repeat(43)).status()).isEqualTo(401);
    assertThat(api.post("/v1/tokens/refresh", Map.of()).status()).isEqualTo(400);
  }

  @Test
  void refusesExpiredForgedUnsignedAndForeignIssuerTokens() throws Exception {
    AuthApi.Device device = api.register(randomNumber());
    SignedJWT real = SignedJWT.parse(device.accessToken());
    JWTClaimsSet claims = real.getJWTClaimsSet();

    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(real.getHeader().getKeyID()).generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(attacker.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    forged.sign(new ECDSASigner(attacker));
    assertThat(api.get("/v1/devices", forged.serialize()).status()).isEqualTo(401);

    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".";
    assertThat(api.get("/v1/devices", none).status()).isEqualTo(401);

    SignedJWT foreign =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.current().getKeyID()).build(),
            new JWTClaimsSet.Builder(claims).issuer("someone-else").build());
    foreign.sign(new ECDSASigner(keys.current()));
    assertThat(api.get("/v1/devices", foreign.serialize()).status()).isEqualTo(401);

    SignedJWT future =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.current().getKeyID()).build(),
            new JWTClaimsSet.Builder(claims)
                .issueTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(20))))
                .build());
    future.sign(new ECDSASigner(keys.current()));
    assertThat(api.get("/v1/devices", future.serialize()).status()).isEqualTo(401);

    assertThat(api.get("/v1/devices", device.accessToken()).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(15).plusSeconds(61));
    assertThat(api.get("/v1/devices", device.accessToken()).status()).isEqualTo(401);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
