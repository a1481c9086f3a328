package io.parley.push.webpush.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.push.crypto.P256;
import java.net.URI;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * VAPID (RFC 8292): the {@code Authorization: vapid t=<jwt>, k=<public key>} header proving to a
 * push service that pushes come from the server the browser subscribed with. The JWT is ES256 with
 * {@code aud} the endpoint's origin, {@code exp} 12 hours ahead (RFC 8292 allows at most 24) and
 * {@code sub} the operator's contact.
 */
public final class Vapid {

  private static final Duration LIFETIME = Duration.ofHours(12);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final ECPrivateKey privateKey;
  private final String publicKey;
  private final String subject;
  private final Clock clock;

  /**
   * @param publicKey base64url of the 65-byte public key
   * @param privateKey base64url of the 32-byte private scalar
   * @throws IllegalStateException when the keys are unreadable or not a pair (messages hold no key)
   */
  public Vapid(String publicKey, String privateKey, String subject, Clock clock) {
    byte[] publicBytes;
    byte[] privateBytes;
    try {
      publicBytes = Base64.getUrlDecoder().decode(publicKey.trim());
      privateBytes = Base64.getUrlDecoder().decode(privateKey.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the VAPID keys must be base64url");
    }
    ECPublicKey ecPublic;
    try {
      ecPublic = P256.publicKey(publicBytes);
      this.privateKey = P256.privateKey(privateBytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the VAPID public key must be a 65-byte P-256 point and the private key 32 bytes");
    }
    this.publicKey = B64.encodeToString(publicBytes);
    this.subject = subject;
    this.clock = clock;
    checkPair(ecPublic);
  }

  /** The Authorization header value for a push to {@code endpoint}. */
  public String authorization(URI endpoint) {
    return "vapid t=" + sign(origin(endpoint)) + ", k=" + publicKey;
  }

  static String origin(URI endpoint) {
    return endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
  }

  private String sign(String audience) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .audience(audience)
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .subject(subject)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new ECDSASigner(privateKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the VAPID token", e);
    }
    return jwt.serialize();
  }

  /** A public key that does not match the private one would fail every push: refuse at start. */
  private void checkPair(ECPublicKey ecPublic) {
    try {
      SignedJWT probe = SignedJWT.parse(sign("https://vapid.check"));
      if (!probe.verify(new ECDSAVerifier(ecPublic))) {
        throw new IllegalStateException(
            "parley.push.web-push.public-key does not belong to the private key");
      }
    } catch (java.text.ParseException | JOSEException e) {
      throw new IllegalStateException("cannot check the VAPID key pair", e);
    }
  }
}
