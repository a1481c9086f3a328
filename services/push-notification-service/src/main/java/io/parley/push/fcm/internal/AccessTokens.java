package io.parley.push.fcm.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.push.delivery.ProviderResponses;
import io.parley.push.delivery.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth 2.0 access tokens for FCM from the service account (RFC 7523 JWT bearer grant, RS256, scope
 * {@code firebase.messaging}), cached until shortly before they expire: one grant an hour, not one
 * per push.
 */
public final class AccessTokens {

  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);

  /** Refresh this long before expiry, so a token never expires in flight. */
  private static final Duration EARLY = Duration.ofMinutes(5);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The token could not be had; {@link #result()} says whether to retry. */
  public static final class Unavailable extends Exception {
    private final transient SendResult result;

    Unavailable(SendResult result) {
      super(result.toString());
      this.result = result;
    }

    public SendResult result() {
      return result;
    }
  }

  private record Token(String value, Instant refreshAt) {}

  private final ServiceAccount account;
  private final URI tokenUri;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private Token current;

  public AccessTokens(
      ServiceAccount account, URI tokenUri, HttpClient http, Duration timeout, Clock clock) {
    this.account = account;
    this.tokenUri = tokenUri;
    this.http = http;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** A valid access token, fetched if the cached one is missing or about to expire. */
  public synchronized String get() throws Unavailable, InterruptedException {
    if (current != null && clock.instant().isBefore(current.refreshAt())) {
      return current.value();
    }
    current = fetch();
    return current.value();
  }

  /** FCM refused this token (401): the next {@link #get()} fetches a new one. */
  public synchronized void invalidate(String refused) {
    if (current != null && current.value().equals(refused)) {
      current = null;
    }
  }

  private Token fetch() throws Unavailable, InterruptedException {
    String body =
        "grant_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion(), StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .timeout(timeout)
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unavailable(ProviderResponses.networkFailure(e));
    }
    int status = response.statusCode();
    if (ProviderResponses.isTransient(status)) {
      throw new Unavailable(
          ProviderResponses.transientFailure(response, clock, "oauth token endpoint"));
    }
    if (status != 200) {
      // invalid_grant and the like: the key is revoked or wrong; retrying will not help.
      throw new Unavailable(
          new SendResult.Rejected(status, "oauth token refused: " + oauthError(response.body())));
    }
    try {
      JsonNode token = JSON.readTree(response.body());
      String value = token.path("access_token").stringValue(null);
      long expiresIn = token.path("expires_in").asLong(3600);
      if (value == null || value.isBlank()) {
        throw new Unavailable(new SendResult.Rejected(status, "oauth answer without access_token"));
      }
      Instant refreshAt = clock.instant().plusSeconds(expiresIn).minus(EARLY);
      return new Token(value, refreshAt);
    } catch (JacksonException e) {
      throw new Unavailable(new SendResult.Transient(status, null, "oauth answer not JSON"));
    }
  }

  private String assertion() {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(account.clientEmail())
            .subject(account.clientEmail())
            .audience(tokenUri.toString())
            .claim("scope", SCOPE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
            .build();
    JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
    if (account.privateKeyId() != null) {
      header.keyID(account.privateKeyId());
    }
    SignedJWT jwt = new SignedJWT(header.build(), claims);
    try {
      jwt.sign(new RSASSASigner(account.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the FCM token request", e);
    }
    return jwt.serialize();
  }

  private static String oauthError(String body) {
    try {
      return JSON.readTree(body).path("error").stringValue("unknown");
    } catch (JacksonException e) {
      return "unknown";
    }
  }
}
