package io.parley.security;

import static io.parley.security.TestTokens.claims;
import static io.parley.security.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.security.InvalidAccessTokenException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every verdict of the verifier, with a hand-moved clock and records kept in a map. */
class JwtAccessTokenVerifierTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Duration LEEWAY = Duration.ofSeconds(60);
  private static final ECKey KEY = TestTokens.newKey("k1");
  private static final ECKey OTHER_KEY = TestTokens.newKey("k1");

  private final UUID account = UUID.randomUUID();
  private final MutableClock clock = new MutableClock(NOW);
  private final Map<String, DeviceAuthRecord> records = new HashMap<>();
  private final AccessTokenVerifier verifier =
      new JwtAccessTokenVerifier(
          new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK())),
          (accountId, deviceId) ->
              Optional.ofNullable(records.get(DeviceAuthRecord.key(accountId, deviceId))),
          clock,
          TestTokens.ISSUER,
          LEEWAY);

  JwtAccessTokenVerifierTest() {
    records.put(
        DeviceAuthRecord.key(account, 2),
        new DeviceAuthRecord("inc-2", NOW.minus(Duration.ofDays(1))));
  }

  private JWTClaimsSet.Builder valid() {
    return claims(account, 2, "inc-2", NOW.minusSeconds(10));
  }

  private void assertRefused(String token, Reason reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            InvalidAccessTokenException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              if (token != null && !token.isBlank()) {
                for (String part : token.split("\\.")) {
                  if (part.length() > 8) {
                    assertThat(e.getMessage()).doesNotContain(part);
                  }
                }
              }
            });
  }

  @Test
  void acceptsAValidTokenAndReturnsItsDevice() {
    assertThat(verifier.verify(sign(KEY, valid().build())))
        .isEqualTo(new AuthenticatedDevice(account, 2));
  }

  @Test
  void answersTheIncarnationAndLifetimeOfAValidToken() {
    JWTClaimsSet claims = valid().build();

    VerifiedAccessToken verified = verifier.verifyToken(sign(KEY, claims));

    assertThat(verified.device()).isEqualTo(new AuthenticatedDevice(account, 2));
    assertThat(verified.incarnation()).isEqualTo("inc-2");
    assertThat(verified.issuedAt()).isEqualTo(claims.getIssueTime().toInstant());
    assertThat(verified.expiresAt()).isEqualTo(claims.getExpirationTime().toInstant());
  }

  @Test
  void acceptsATokenWithoutTyp() {
    String token = sign(KEY, valid().build(), header -> header.type(null));

    assertThat(verifier.verify(token)).isEqualTo(new AuthenticatedDevice(account, 2));
  }

  @Test
  void refusesNoTokenAndGarbage() {
    assertRefused(null, Reason.MISSING);
    assertRefused(" ", Reason.MISSING);
    assertRefused("not-a-jwt", Reason.MALFORMED);
    assertRefused("a.b.c", Reason.MALFORMED);
    assertRefused("x".repeat(JwtAccessTokenVerifier.MAX_TOKEN_LENGTH + 1), Reason.MALFORMED);
  }

  @Test
  void refusesUnsignedHs256AndOtherAlgorithms() throws JOSEException {
    assertRefused(TestTokens.unsigned(valid().build()), Reason.UNSUPPORTED_ALGORITHM);
    assertRefused(TestTokens.hs256("k1", valid().build()), Reason.UNSUPPORTED_ALGORITHM);

    ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("k1").generate();
    SignedJWT es384 =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("k1").build(), valid().build());
    es384.sign(new ECDSASigner(p384));
    assertRefused(es384.serialize(), Reason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void refusesATypeOtherThanJwt() {
    assertRefused(
        sign(KEY, valid().build(), header -> header.type(new JOSEObjectType("refresh+jwt"))),
        Reason.MALFORMED);
  }

  @Test
  void refusesMissingAndUnknownKeyIds() {
    assertRefused(sign(KEY, valid().build(), header -> header.keyID(null)), Reason.UNKNOWN_KEY);
    assertRefused(sign(KEY, "k2", valid().build()), Reason.UNKNOWN_KEY);
  }

  @Test
  void refusesASignatureByAnotherKeyUnderAKnownKeyId() {
    assertRefused(sign(OTHER_KEY, valid().build()), Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesATokenWhosePayloadWasChangedAfterSigning() {
    String[] parts = sign(KEY, valid().build()).split("\\.");
    String otherPayload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims(account, 3, "inc-2", NOW)
                    .build()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertRefused(parts[0] + "." + otherPayload + "." + parts[2], Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesAnotherIssuerOrNone() {
    assertRefused(sign(KEY, valid().issuer("someone-else").build()), Reason.WRONG_ISSUER);
    assertRefused(sign(KEY, valid().issuer(null).build()), Reason.WRONG_ISSUER);
  }

  @Test
  void aTokenWhoseSignatureWasAlreadyVerifiedStillExpiresAndIsStillRevoked() {
    String token = sign(KEY, valid().expirationTime(Date.from(NOW.plusSeconds(60))).build());
    assertThat(verifier.verify(token)).isNotNull();
    assertThat(verifier.verify(token)).as("second use: signature from the cache").isNotNull();

    records.put(
        DeviceAuthRecord.key(account, 2), new DeviceAuthRecord("inc-2", NOW.plusSeconds(1)));
    assertRefused(token, Reason.REVOKED);
    records.put(
        DeviceAuthRecord.key(account, 2), new DeviceAuthRecord("inc-2", NOW.minusSeconds(3600)));
    clock.advance(Duration.ofSeconds(60).plus(LEEWAY).plusSeconds(1));
    assertRefused(token, Reason.EXPIRED);
  }

  @Test
  void aCachedSignatureCountsOnlyWhileItsKeyIsStillPublished() {
    java.util.concurrent.atomic.AtomicReference<JWKSet> published =
        new java.util.concurrent.atomic.AtomicReference<>(new JWKSet(KEY.toPublicJWK()));
    AccessTokenVerifier rotating =
        new JwtAccessTokenVerifier(
            (selector, context) -> selector.select(published.get()),
            (accountId, deviceId) ->
                Optional.ofNullable(records.get(DeviceAuthRecord.key(accountId, deviceId))),
            clock,
            TestTokens.ISSUER,
            LEEWAY);
    String token = sign(KEY, valid().build());
    assertThat(rotating.verify(token)).isNotNull();

    published.set(new JWKSet(TestTokens.newKey("k2").toPublicJWK()));

    assertThatThrownBy(() -> rotating.verify(token))
        .isInstanceOfSatisfying(
            InvalidAccessTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
  }

  @Test
  void acceptsExpiryWithinTheLeewayAndRefusesItBeyond() {
    JWTClaimsSet expiresNow = valid().expirationTime(Date.from(NOW)).build();

    clock.advance(LEEWAY);
    assertThat(verifier.verify(sign(KEY, expiresNow))).isNotNull();

    clock.advance(Duration.ofSeconds(1));
    assertRefused(sign(KEY, expiresNow), Reason.EXPIRED);
  }

  @Test
  void acceptsIssueTimeAndNotBeforeWithinTheLeewayAndRefusesThemBeyond() {
    assertThat(verifier.verify(sign(KEY, valid().issueTime(Date.from(NOW.plus(LEEWAY))).build())))
        .isNotNull();
    assertRefused(
        sign(KEY, valid().issueTime(Date.from(NOW.plus(LEEWAY).plusSeconds(1))).build()),
        Reason.NOT_YET_VALID);
    assertThat(
            verifier.verify(sign(KEY, valid().notBeforeTime(Date.from(NOW.plus(LEEWAY))).build())))
        .isNotNull();
    assertRefused(
        sign(KEY, valid().notBeforeTime(Date.from(NOW.plus(LEEWAY).plusSeconds(1))).build()),
        Reason.NOT_YET_VALID);
  }

  @Test
  void refusesMissingOrIllFormedClaims() {
    assertRefused(sign(KEY, valid().expirationTime(null).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().issueTime(null).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().subject(null).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().subject("alice").build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().subject("1-2-3-4-5").build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("dev", null).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("dev", 0).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("dev", -2).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("dev", "2").build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("dev", 2.5).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("dev", 1L << 32).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("inc", null).build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("inc", "").build()), Reason.INVALID_CLAIMS);
    assertRefused(sign(KEY, valid().claim("inc", 7).build()), Reason.INVALID_CLAIMS);
  }

  @Test
  void refusesADeviceWithoutRecord() {
    assertRefused(sign(KEY, claims(account, 3, "inc-3", NOW).build()), Reason.DEVICE_REMOVED);
  }

  @Test
  void refusesATokenOfAnEarlierIncarnationOfTheDeviceId() {
    assertRefused(sign(KEY, claims(account, 2, "inc-1", NOW).build()), Reason.DEVICE_REPLACED);
  }

  @Test
  void refusesTokensIssuedBeforeValidSinceAndAcceptsThoseIssuedFromThatSecond() {
    records.put(DeviceAuthRecord.key(account, 2), new DeviceAuthRecord("inc-2", NOW));

    assertRefused(
        sign(KEY, claims(account, 2, "inc-2", NOW.minusSeconds(1)).build()), Reason.REVOKED);
    assertThat(verifier.verify(sign(KEY, claims(account, 2, "inc-2", NOW).build())))
        .isEqualTo(new AuthenticatedDevice(account, 2));
  }

  @Test
  void reportsUnavailableKeysAsUnavailableNotAsInvalid() {
    AccessTokenVerifier withoutKeys =
        new JwtAccessTokenVerifier(
            (selector, context) -> {
              throw new KeySourceException("auth-service down");
            },
            (accountId, deviceId) -> Optional.empty(),
            clock,
            TestTokens.ISSUER,
            LEEWAY);

    assertThatThrownBy(() -> withoutKeys.verify(sign(KEY, valid().build())))
        .isInstanceOf(TokenVerificationUnavailableException.class);
  }
}
