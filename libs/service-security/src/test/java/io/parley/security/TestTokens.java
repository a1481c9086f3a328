package io.parley.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Access tokens as auth-service issues them, and the forgeries a verifier must refuse. */
final class TestTokens {

  static final String ISSUER = "parley-auth";

  private TestTokens() {}

  /** A fresh P-256 signing key published with this key id, use sig and alg ES256. */
  static ECKey newKey(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(keyId)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims of a token for this device issued at {@code issuedAt}, valid 15 minutes. */
  static JWTClaimsSet.Builder claims(
      UUID accountId, int deviceId, String incarnation, Instant issuedAt) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(accountId.toString())
        .claim("dev", deviceId)
        .claim("inc", incarnation)
        .issueTime(Date.from(issuedAt))
        .expirationTime(Date.from(issuedAt.plus(Duration.ofMinutes(15))))
        .jwtID(UUID.randomUUID().toString());
  }

  static String sign(ECKey key, JWTClaimsSet claims) {
    return sign(key, key.getKeyID(), claims);
  }

  /** Signed with {@code key} but naming {@code keyId} in the header. */
  static String sign(ECKey key, String keyId, JWTClaimsSet claims) {
    return sign(key, claims, header -> header.keyID(keyId));
  }

  static String sign(ECKey key, JWTClaimsSet claims, UnaryOperator<JWSHeader.Builder> header) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              header
                  .apply(
                      new JWSHeader.Builder(JWSAlgorithm.ES256)
                          .type(JOSEObjectType.JWT)
                          .keyID(key.getKeyID()))
                  .build(),
              claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}. */
  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  /** HS256 with a made-up secret and the kid of a real key (the classic algorithm confusion). */
  static String hs256(String keyId, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .type(JOSEObjectType.JWT)
                  .keyID(keyId)
                  .build(),
              claims);
      jwt.sign(new MACSigner(new byte[32]));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
