package io.parley.security;

import static io.parley.security.InvalidAccessTokenException.Reason.BAD_SIGNATURE;
import static io.parley.security.InvalidAccessTokenException.Reason.DEVICE_REMOVED;
import static io.parley.security.InvalidAccessTokenException.Reason.DEVICE_REPLACED;
import static io.parley.security.InvalidAccessTokenException.Reason.EXPIRED;
import static io.parley.security.InvalidAccessTokenException.Reason.INVALID_CLAIMS;
import static io.parley.security.InvalidAccessTokenException.Reason.MALFORMED;
import static io.parley.security.InvalidAccessTokenException.Reason.MISSING;
import static io.parley.security.InvalidAccessTokenException.Reason.NOT_YET_VALID;
import static io.parley.security.InvalidAccessTokenException.Reason.REVOKED;
import static io.parley.security.InvalidAccessTokenException.Reason.UNKNOWN_KEY;
import static io.parley.security.InvalidAccessTokenException.Reason.UNSUPPORTED_ALGORITHM;
import static io.parley.security.InvalidAccessTokenException.Reason.WRONG_ISSUER;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.parley.security.InvalidAccessTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of {@link AccessTokenVerifier}, in an order that tells an attacker as little as
 * possible: nothing read from a token is trusted, or repeated in a message, before its signature
 * verified. The accepted algorithm is fixed to ES256 from the code, never taken from the token.
 */
final class JwtAccessTokenVerifier implements AccessTokenVerifier {

  private static final Logger log = LoggerFactory.getLogger(JwtAccessTokenVerifier.class);

  /** Ours are about 500 characters; anything much longer is not one of ours. */
  static final int MAX_TOKEN_LENGTH = 4096;

  static final String DEVICE_CLAIM = "dev";
  static final String INCARNATION_CLAIM = "inc";
  private static final int MAX_INCARNATION_LENGTH = 256;

  private final JWKSource<SecurityContext> keys;
  private final DeviceAuthRecords records;
  private final Clock clock;
  private final String issuer;
  private final Duration leeway;

  /**
   * Tokens whose ES256 signature already verified, by SHA-256 of the token, with the key id they
   * verified under. A device presents the same token for up to 15 minutes, and an ECDSA check costs
   * about a millisecond of CPU, which bounded bundle fetches and CONNECTs; every other check
   * (expiry, issuer, claims, the device record) still runs on every request, and a hit counts only
   * while its key is still published. Bounded: cleared when it outgrows {@link
   * #VERIFIED_CACHE_LIMIT}.
   */
  private final Map<String, String> verifiedSignatures = new ConcurrentHashMap<>();

  static final int VERIFIED_CACHE_LIMIT = 100_000;

  JwtAccessTokenVerifier(
      JWKSource<SecurityContext> keys,
      DeviceAuthRecords records,
      Clock clock,
      String issuer,
      Duration leeway) {
    this.keys = keys;
    this.records = records;
    this.clock = clock;
    this.issuer = issuer;
    this.leeway = leeway;
  }

  @Override
  public VerifiedAccessToken verifyToken(String accessToken) {
    try {
      return verifyOrThrow(accessToken);
    } catch (InvalidAccessTokenException e) {
      log.debug("access token refused: {} ({})", e.reason().code(), e.getMessage());
      throw e;
    }
  }

  private VerifiedAccessToken verifyOrThrow(String accessToken) {
    SignedJWT jwt = parse(accessToken);
    verifySignature(jwt, accessToken);
    JWTClaimsSet claims = claims(jwt);

    if (!issuer.equals(claims.getIssuer())) {
      throw invalid(WRONG_ISSUER, "access token is not from issuer " + issuer);
    }
    Instant now = clock.instant();
    Instant expiresAt = required(claims.getExpirationTime(), "exp");
    Instant issuedAt = required(claims.getIssueTime(), "iat");
    if (now.isAfter(expiresAt.plus(leeway))) {
      throw invalid(EXPIRED, "access token expired at " + expiresAt);
    }
    if (issuedAt.isAfter(now.plus(leeway))) {
      throw invalid(NOT_YET_VALID, "access token issued in the future (iat); check clocks");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && notBefore.toInstant().isAfter(now.plus(leeway))) {
      throw invalid(NOT_YET_VALID, "access token not valid yet (nbf)");
    }
    UUID accountId = accountId(claims.getSubject());
    int deviceId = deviceId(claims.getClaim(DEVICE_CLAIM));
    String incarnation = incarnation(claims.getClaim(INCARNATION_CLAIM));

    DeviceAuthRecord record =
        records
            .find(accountId, deviceId)
            .orElseThrow(
                () -> invalid(DEVICE_REMOVED, "device is no longer registered to this account"));
    if (!record.incarnation().equals(incarnation)) {
      throw invalid(
          DEVICE_REPLACED, "access token belongs to an earlier device that had this device id");
    }
    if (issuedAt.getEpochSecond() < record.validSince().getEpochSecond()) {
      throw invalid(REVOKED, "access token was revoked (logged out or tokens revoked)");
    }
    return new VerifiedAccessToken(
        new AuthenticatedDevice(accountId, deviceId), incarnation, issuedAt, expiresAt);
  }

  private static SignedJWT parse(String accessToken) {
    if (accessToken == null || accessToken.isBlank()) {
      throw invalid(MISSING, "no access token");
    }
    if (accessToken.length() > MAX_TOKEN_LENGTH) {
      throw invalid(MALFORMED, "access token is too long");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(accessToken);
    } catch (ParseException e) {
      throw invalid(MALFORMED, "access token is not a JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw invalid(UNSUPPORTED_ALGORITHM, "unsigned access tokens (alg none) are not accepted");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw invalid(UNSUPPORTED_ALGORITHM, "encrypted access tokens are not accepted");
    }
    JWSHeader header = signed.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
      throw invalid(UNSUPPORTED_ALGORITHM, "only ES256-signed access tokens are accepted");
    }
    if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
      throw invalid(MALFORMED, "access token type (typ) is not JWT");
    }
    return signed;
  }

  private void verifySignature(SignedJWT jwt, String accessToken) {
    String keyId = jwt.getHeader().getKeyID();
    if (keyId == null || keyId.isEmpty()) {
      throw invalid(UNKNOWN_KEY, "access token names no signing key (kid)");
    }
    String digest = sha256(accessToken);
    List<JWK> candidates;
    try {
      candidates = keys.get(new JWKSelector(signingKeys(keyId)), null);
    } catch (KeySourceException e) {
      throw new TokenVerificationUnavailableException("auth-service's signing keys unavailable", e);
    }
    if (candidates.isEmpty()) {
      throw invalid(UNKNOWN_KEY, "access token is signed with an unknown key");
    }
    if (keyId.equals(verifiedSignatures.get(digest))) {
      return;
    }
    for (JWK key : candidates) {
      try {
        if (jwt.verify(new ECDSAVerifier(key.toECKey()))) {
          if (verifiedSignatures.size() >= VERIFIED_CACHE_LIMIT) {
            verifiedSignatures.clear();
          }
          verifiedSignatures.put(digest, keyId);
          return;
        }
      } catch (JOSEException e) {
        log.debug("signature check with key {} failed: {}", key.getKeyID(), e.getMessage());
      }
    }
    throw invalid(BAD_SIGNATURE, "access token signature does not verify");
  }

  private static String sha256(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** EC P-256 keys with this id, meant for signatures with ES256 (or not restricted). */
  private static JWKMatcher signingKeys(String keyId) {
    return new JWKMatcher.Builder()
        .keyID(keyId)
        .keyType(KeyType.EC)
        .curve(Curve.P_256)
        .keyUses(KeyUse.SIGNATURE, null)
        .algorithms(JWSAlgorithm.ES256, null)
        .build();
  }

  private static JWTClaimsSet claims(SignedJWT jwt) {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid(INVALID_CLAIMS, "access token claims are not a valid JWT claims set");
    }
  }

  private static Instant required(Date value, String claim) {
    if (value == null) {
      throw invalid(INVALID_CLAIMS, "access token has no " + claim + " claim");
    }
    return value.toInstant();
  }

  private static UUID accountId(String subject) {
    if (subject != null && subject.length() == 36) {
      try {
        UUID id = UUID.fromString(subject);
        if (id.toString().equalsIgnoreCase(subject)) {
          return id;
        }
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    throw invalid(INVALID_CLAIMS, "access token subject (sub) is not an account id");
  }

  private static int deviceId(Object claim) {
    if ((claim instanceof Long || claim instanceof Integer)) {
      long id = ((Number) claim).longValue();
      if (id >= 1 && id <= Integer.MAX_VALUE) {
        return (int) id;
      }
    }
    throw invalid(INVALID_CLAIMS, "access token device id (dev) is not an integer of at least 1");
  }

  private static String incarnation(Object claim) {
    if (claim instanceof String value
        && !value.isEmpty()
        && value.length() <= MAX_INCARNATION_LENGTH) {
      return value;
    }
    throw invalid(INVALID_CLAIMS, "access token device incarnation (inc) is missing or invalid");
  }

  private static InvalidAccessTokenException invalid(Reason reason, String message) {
    return new InvalidAccessTokenException(reason, message);
  }
}
