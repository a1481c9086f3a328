package io.parley.push.apns;

import io.parley.push.PushProperties;
import io.parley.push.apns.internal.ProviderTokens;
import io.parley.push.delivery.ProviderResponses;
import io.parley.push.delivery.PushSender;
import io.parley.push.delivery.SendResult;
import io.parley.push.registration.ApnsRegistration;
import io.parley.push.registration.Provider;
import io.parley.push.registration.PushRegistration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * APNs over HTTP/2 with token authentication ({@code POST /3/device/<token>}).
 *
 * <p>iOS throttles background (silent) pushes and drops them for an app the user has not opened
 * lately, so an urgent wake-up is an alert push ({@code apns-push-type: alert}, priority 10) with
 * {@code mutable-content}: the app's notification service extension runs, fetches the mailbox and
 * replaces the generic localizable text ({@code loc-key}) with what it decrypted; no message
 * content ever goes through Apple. A non-urgent wake-up is a background push ({@code
 * content-available}, priority 5, as Apple requires for that type). All share one {@code
 * apns-collapse-id}, so a device that was offline gets one wake-up, not many.
 */
public final class ApnsSender implements PushSender {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Reasons that mean the token will never work again (the app was removed, or a wrong token). */
  private static final Set<String> DEAD_TOKEN =
      Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");

  private final ProviderTokens tokens;
  private final HttpClient http;
  private final PushProperties properties;
  private final Clock clock;

  /**
   * @param tokens null when the service runs (in dev) without credentials
   */
  ApnsSender(ProviderTokens tokens, HttpClient http, PushProperties properties, Clock clock) {
    this.tokens = tokens;
    this.http = http;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public Provider provider() {
    return Provider.APNS;
  }

  @Override
  public SendResult send(PushRegistration registration, boolean urgent) {
    if (tokens == null) {
      return new SendResult.Rejected(0, "no APNs credentials configured (dev)");
    }
    ApnsRegistration apns = (ApnsRegistration) registration;
    PushProperties.Apns settings = properties.apns();
    URI base = apns.sandbox() ? settings.sandboxUrl() : settings.productionUrl();
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/3/device/" + apns.token());
    String providerToken = tokens.get();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(properties.requestTimeout())
            .header("authorization", "bearer " + providerToken)
            .header("apns-push-type", urgent ? "alert" : "background")
            .header("apns-topic", apns.topic())
            .header("apns-priority", urgent ? "10" : "5")
            .header("apns-collapse-id", settings.collapseId())
            .header(
                "apns-expiration",
                String.valueOf(clock.instant().plus(settings.expiration()).getEpochSecond()))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload(urgent, settings)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return classify(response, providerToken);
    } catch (IOException e) {
      return ProviderResponses.networkFailure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult.Transient(0, null, "interrupted");
    }
  }

  static String payload(boolean urgent, PushProperties.Apns settings) {
    Map<String, Object> aps =
        urgent
            ? Map.of(
                "alert",
                Map.of("loc-key", settings.alertLocKey()),
                "sound",
                "default",
                "mutable-content",
                1)
            : Map.of("content-available", 1);
    return JSON.writeValueAsString(Map.of("aps", aps));
  }

  private SendResult classify(HttpResponse<String> response, String providerToken) {
    int status = response.statusCode();
    if (status == 200) {
      return new SendResult.Accepted();
    }
    String reason = reason(response.body());
    if (DEAD_TOKEN.contains(reason) || status == 410) {
      return new SendResult.InvalidToken(reason);
    }
    if ("ExpiredProviderToken".equals(reason)) {
      tokens.expired(providerToken);
      return new SendResult.Transient(status, null, reason);
    }
    if (ProviderResponses.isTransient(status)) {
      return ProviderResponses.transientFailure(response, clock, reason);
    }
    return new SendResult.Rejected(status, reason);
  }

  private static String reason(String body) {
    try {
      return JSON.readTree(body).path("reason").stringValue("Unknown");
    } catch (JacksonException e) {
      return "Unknown";
    }
  }
}
