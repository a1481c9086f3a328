package io.parley.push.fcm;

import io.parley.push.PushProperties;
import io.parley.push.delivery.ProviderResponses;
import io.parley.push.delivery.PushSender;
import io.parley.push.delivery.SendResult;
import io.parley.push.fcm.internal.AccessTokens;
import io.parley.push.registration.FcmRegistration;
import io.parley.push.registration.Provider;
import io.parley.push.registration.PushRegistration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FCM HTTP v1 ({@code POST /v1/projects/<project>/messages:send}): a data-only message (no
 * notification block, so the app's code runs and nothing is shown by the system), Android priority
 * HIGH for urgent wake-ups and NORMAL otherwise, one collapse key so that queued wake-ups replace
 * each other.
 */
public final class FcmSender implements PushSender {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String COLLAPSE_KEY = "parley-wake";

  private final AccessTokens tokens;
  private final URI sendUri;
  private final HttpClient http;
  private final PushProperties properties;
  private final Clock clock;

  /**
   * @param tokens null when the service runs (in dev) without credentials: every push is rejected
   */
  FcmSender(
      AccessTokens tokens,
      String projectId,
      HttpClient http,
      PushProperties properties,
      Clock clock) {
    this.tokens = tokens;
    String base = properties.fcm().baseUrl().toString().replaceAll("/+$", "");
    this.sendUri = URI.create(base + "/v1/projects/" + projectId + "/messages:send");
    this.http = http;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public Provider provider() {
    return Provider.FCM;
  }

  @Override
  public SendResult send(PushRegistration registration, boolean urgent) {
    if (tokens == null) {
      return new SendResult.Rejected(0, "no FCM credentials configured (dev)");
    }
    FcmRegistration fcm = (FcmRegistration) registration;
    try {
      String accessToken;
      try {
        accessToken = tokens.get();
      } catch (AccessTokens.Unavailable e) {
        return e.result();
      }
      HttpRequest request =
          HttpRequest.newBuilder(sendUri)
              .timeout(properties.requestTimeout())
              .header("authorization", "Bearer " + accessToken)
              .header("content-type", "application/json; charset=UTF-8")
              .POST(HttpRequest.BodyPublishers.ofString(body(fcm.token(), urgent)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return classify(response, accessToken);
    } catch (IOException e) {
      return ProviderResponses.networkFailure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult.Transient(0, null, "interrupted");
    }
  }

  private String body(String token, boolean urgent) {
    Duration ttl = properties.fcm().ttl();
    Map<String, Object> message =
        Map.of(
            "message",
            Map.of(
                "token",
                token,
                "data",
                Map.of("type", "wake", "urgent", String.valueOf(urgent)),
                "android",
                Map.of(
                    "priority",
                    urgent ? "HIGH" : "NORMAL",
                    "ttl",
                    ttl.toSeconds() + "s",
                    "collapse_key",
                    COLLAPSE_KEY)));
    return JSON.writeValueAsString(message);
  }

  private SendResult classify(HttpResponse<String> response, String accessToken) {
    int status = response.statusCode();
    if (status == 200) {
      return new SendResult.Accepted();
    }
    String code = errorCode(response.body());
    if ("UNREGISTERED".equals(code) || "SENDER_ID_MISMATCH".equals(code)) {
      return new SendResult.InvalidToken(code);
    }
    if (status == 401) {
      // The access token expired or was revoked early: fetch another and try again.
      tokens.invalidate(accessToken);
      return new SendResult.Transient(status, null, "access token refused");
    }
    if (ProviderResponses.isTransient(status)) {
      return ProviderResponses.transientFailure(response, clock, code);
    }
    return new SendResult.Rejected(status, code);
  }

  /** The FcmError code of the error details, else the Google status ("INVALID_ARGUMENT"). */
  private static String errorCode(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      for (JsonNode detail : error.path("details")) {
        String code = detail.path("errorCode").stringValue(null);
        if (code != null) {
          return code;
        }
      }
      return error.path("status").stringValue("UNKNOWN");
    } catch (JacksonException e) {
      return "UNKNOWN";
    }
  }
}
