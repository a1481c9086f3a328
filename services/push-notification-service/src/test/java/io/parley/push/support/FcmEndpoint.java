package io.parley.push.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google's OAuth token endpoint and FCM's send endpoint: the token endpoint checks the RS256 JWT
 * grant with the service account's public key ({@code iss}, {@code aud}, {@code scope}) and hands
 * out access tokens; the send endpoint accepts only those tokens and records the message.
 */
public final class FcmEndpoint implements ProviderServer.Route {

  public static final String PROJECT = "parley-test";
  public static final String CLIENT_EMAIL = "push@parley-test.iam.gserviceaccount.com";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What FCM received for one registration token. */
  public record Message(JsonNode message, String accessToken) {}

  public final Script<Message> script = new Script<>();
  public final AtomicInteger grants = new AtomicInteger();
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private final KeyPair serviceAccountKey;
  private final String tokenUri;

  public FcmEndpoint(KeyPair serviceAccountKey, String baseUrl) {
    this.serviceAccountKey = serviceAccountKey;
    this.tokenUri = baseUrl + "/fcm/token";
  }

  public static KeyPair newServiceAccountKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The service-account key JSON, as the Firebase console gives it. */
  public String serviceAccountJson() {
    Map<String, String> json = new HashMap<>();
    json.put("type", "service_account");
    json.put("project_id", PROJECT);
    json.put("private_key_id", "test-key-1");
    json.put(
        "private_key",
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(serviceAccountKey.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    json.put("client_email", CLIENT_EMAIL);
    json.put("token_uri", tokenUri);
    return JSON.writeValueAsString(json);
  }

  @Override
  public ProviderServer.Reply handle(ProviderServer.Exchange exchange) {
    if (exchange.path().equals("/fcm/token")) {
      return token(exchange);
    }
    if (exchange.path().equals("/fcm/v1/projects/" + PROJECT + "/messages:send")) {
      return send(exchange);
    }
    return ProviderServer.Reply.of(404, "{}");
  }

  private ProviderServer.Reply token(ProviderServer.Exchange exchange) {
    Map<String, String> form = new HashMap<>();
    for (String pair : exchange.bodyText().split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
      return script.violation(
          "grant_type " + form.get("grant_type"),
          ProviderServer.Reply.of(400, "{\"error\":\"unsupported_grant_type\"}"));
    }
    try {
      SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      String problem = null;
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
        problem = "grant not RS256";
      } else if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) serviceAccountKey.getPublic()))) {
        problem = "grant signature does not verify with the service account's key";
      } else if (!CLIENT_EMAIL.equals(claims.getIssuer())) {
        problem = "grant iss " + claims.getIssuer();
      } else if (!claims.getAudience().contains(tokenUri)) {
        problem = "grant aud " + claims.getAudience();
      } else if (!"https://www.googleapis.com/auth/firebase.messaging"
          .equals(claims.getStringClaim("scope"))) {
        problem = "grant scope " + claims.getStringClaim("scope");
      } else if (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()
          > 3_600_000L) {
        problem = "grant lives longer than an hour";
      }
      if (problem != null) {
        return script.violation(
            problem, ProviderServer.Reply.of(400, "{\"error\":\"invalid_grant\"}"));
      }
    } catch (Exception e) {
      return script.violation(
          "unreadable grant: " + e, ProviderServer.Reply.of(400, "{\"error\":\"invalid_grant\"}"));
    }
    grants.incrementAndGet();
    String accessToken = "ya29.test-" + UUID.randomUUID();
    issued.add(accessToken);
    return ProviderServer.Reply.of(
        200,
        "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
  }

  private ProviderServer.Reply send(ProviderServer.Exchange exchange) {
    String authorization = exchange.header("authorization");
    String accessToken =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length())
            : null;
    if (accessToken == null || !issued.contains(accessToken)) {
      return script.violation(
          "send without an issued access token",
          ProviderServer.Reply.of(
              401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}"));
    }
    JsonNode message = JSON.readTree(exchange.bodyText()).path("message");
    String token = message.path("token").stringValue(null);
    if (token == null) {
      return script.violation(
          "message without token",
          ProviderServer.Reply.of(
              400, "{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\"}}"));
    }
    script.record(token, new Message(message, accessToken));
    return script.next(
        token, ProviderServer.Reply.of(200, "{\"name\":\"projects/" + PROJECT + "/messages/1\"}"));
  }

  /** FCM's answer for a token that is no longer valid. */
  public static ProviderServer.Reply unregistered() {
    return ProviderServer.Reply.of(
        404,
        "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\","
            + "\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
            + "\"errorCode\":\"UNREGISTERED\"}]}}");
  }

  /** FCM's answer for a message it will never accept. */
  public static ProviderServer.Reply invalidArgument() {
    return ProviderServer.Reply.of(
        400,
        "{\"error\":{\"code\":400,\"message\":\"Invalid value\",\"status\":\"INVALID_ARGUMENT\","
            + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
            + "\"errorCode\":\"INVALID_ARGUMENT\"}]}}");
  }
}
