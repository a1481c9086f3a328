package io.parley.auth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.auth.AuthProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Signs access tokens: ES256 JWTs with {@code sub} = account, {@code dev} = device id, {@code inc}
 * = device incarnation, {@code iat}, {@code exp}, {@code jti}, and the key id in the header.
 */
@Component
public class AccessTokens {

  private final SigningKeys keys;
  private final AuthProperties properties;
  private final Clock clock;

  AccessTokens(SigningKeys keys, AuthProperties properties, Clock clock) {
    this.keys = keys;
    this.properties = properties;
    this.clock = clock;
  }

  public long ttlSeconds() {
    return properties.tokens().accessTokenTtl().toSeconds();
  }

  public String issue(UUID accountId, int deviceId, String incarnation) {
    return issue(accountId, deviceId, incarnation, properties.tokens().accessTokenTtl());
  }

  /** A token with another lifetime than the configured one (the bench profile's long tokens). */
  public String issue(UUID accountId, int deviceId, String incarnation, Duration ttl) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(properties.issuer())
            .subject(accountId.toString())
            .claim("dev", deviceId)
            .claim("inc", incarnation)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keys.current().getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(keys.current()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return jwt.serialize();
  }
}
