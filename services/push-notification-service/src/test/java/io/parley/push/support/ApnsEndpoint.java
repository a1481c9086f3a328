package io.parley.push.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.eclipse.jetty.http.HttpVersion;

/**
 * APNs as the tests need it: refuses anything but HTTP/2, checks the provider token's ES256
 * signature with the public half of the .p8 key it made, its {@code kid}, {@code iss} and age, and
 * the {@code apns-*} headers, then answers as scripted (200 by default).
 */
public final class ApnsEndpoint implements ProviderServer.Route {

  public static final String TEAM_ID = "TEAM123456";
  public static final String KEY_ID = "KEY7654321";

  /** What APNs received for one device token. */
  public record Push(
      boolean sandbox,
      String pushType,
      String topic,
      String priority,
      String collapseId,
      String expiration,
      String payload) {}

  public final Script<Push> script = new Script<>();
  private final KeyPair signingKey;
  private final boolean sandbox;

  public ApnsEndpoint(KeyPair signingKey, boolean sandbox) {
    this.signingKey = signingKey;
    this.sandbox = sandbox;
  }

  /** A fresh P-256 key, as Apple hands out .p8 files. */
  public static KeyPair newSigningKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The .p8 file's content. */
  public static String p8(KeyPair key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  @Override
  public ProviderServer.Reply handle(ProviderServer.Exchange exchange) {
    if (exchange.version() != HttpVersion.HTTP_2) {
      return script.violation(
          "APNs over " + exchange.version(), ProviderServer.Reply.of(505, "{}"));
    }
    String prefix = sandbox ? "/apns-sandbox/3/device/" : "/apns/3/device/";
    if (!exchange.method().equals("POST") || !exchange.path().startsWith(prefix)) {
      return ProviderServer.Reply.of(405, "{\"reason\":\"MethodNotAllowed\"}");
    }
    String token = exchange.path().substring(prefix.length());
    String authorization = exchange.header("authorization");
    if (authorization == null || !authorization.startsWith("bearer ")) {
      return script.violation(
          "no bearer provider token",
          ProviderServer.Reply.of(403, "{\"reason\":\"MissingProviderToken\"}"));
    }
    String problem = checkToken(authorization.substring("bearer ".length()));
    if (problem != null) {
      return script.violation(
          problem, ProviderServer.Reply.of(403, "{\"reason\":\"InvalidProviderToken\"}"));
    }
    String pushType = exchange.header("apns-push-type");
    String topic = exchange.header("apns-topic");
    if (!Set.of("alert", "background").contains(pushType) || topic == null) {
      return script.violation(
          "apns-push-type or apns-topic missing",
          ProviderServer.Reply.of(400, "{\"reason\":\"MissingTopic\"}"));
    }
    script.record(
        token,
        new Push(
            sandbox,
            pushType,
            topic,
            exchange.header("apns-priority"),
            exchange.header("apns-collapse-id"),
            exchange.header("apns-expiration"),
            exchange.bodyText()));
    return script.next(
        token,
        new ProviderServer.Reply(
            200, java.util.Map.of("apns-id", java.util.UUID.randomUUID().toString()), ""));
  }

  private String checkToken(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
        return "provider token not ES256";
      }
      if (!KEY_ID.equals(jwt.getHeader().getKeyID())) {
        return "provider token kid " + jwt.getHeader().getKeyID();
      }
      if (!jwt.verify(new ECDSAVerifier((ECPublicKey) signingKey.getPublic()))) {
        return "provider token signature does not verify with the .p8 key";
      }
      if (!TEAM_ID.equals(jwt.getJWTClaimsSet().getIssuer())) {
        return "provider token iss " + jwt.getJWTClaimsSet().getIssuer();
      }
      Instant issued = jwt.getJWTClaimsSet().getIssueTime().toInstant();
      if (issued.isBefore(Instant.now().minus(Duration.ofHours(1)))
          || issued.isAfter(Instant.now().plusSeconds(60))) {
        return "provider token iat out of range";
      }
      return null;
    } catch (Exception e) {
      return "unreadable provider token: " + e;
    }
  }
}
