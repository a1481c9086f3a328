package io.parley.push.apns.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * APNs provider authentication tokens: ES256 JWTs with {@code kid} (the .p8 key id), {@code iss}
 * (the team id) and {@code iat}. APNs refuses a token older than one hour and answers {@code
 * TooManyProviderTokenUpdates} to a sender that changes tokens more often than every 20 minutes, so
 * one token is used for 50 minutes, and a refused one is replaced at once only if it is at least 20
 * minutes old.
 */
public final class ProviderTokens {

  static final Duration LIFETIME = Duration.ofMinutes(50);
  static final Duration MIN_AGE_BEFORE_REPLACING = Duration.ofMinutes(20);

  private record Token(String value, Instant issuedAt) {}

  private final ECPrivateKey key;
  private final String keyId;
  private final String teamId;
  private final Clock clock;
  private Token current;

  public ProviderTokens(ECPrivateKey key, String keyId, String teamId, Clock clock) {
    this.key = key;
    this.keyId = keyId;
    this.teamId = teamId;
    this.clock = clock;
  }

  public synchronized String get() {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(current.issuedAt().plus(LIFETIME))) {
      current = new Token(sign(now), now);
    }
    return current.value();
  }

  /** APNs answered ExpiredProviderToken to this token. */
  public synchronized void expired(String refused) {
    if (current != null
        && current.value().equals(refused)
        && !clock.instant().isBefore(current.issuedAt().plus(MIN_AGE_BEFORE_REPLACING))) {
      current = null;
    }
  }

  private String sign(Instant now) {
    // iat in whole seconds, as Apple documents it.
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(teamId)
            .issueTime(Date.from(Instant.ofEpochSecond(now.getEpochSecond())))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the APNs provider token", e);
    }
    return jwt.serialize();
  }
}
