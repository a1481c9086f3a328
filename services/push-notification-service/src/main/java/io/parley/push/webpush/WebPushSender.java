package io.parley.push.webpush;

import io.parley.push.PushProperties;
import io.parley.push.delivery.ProviderResponses;
import io.parley.push.delivery.PushSender;
import io.parley.push.delivery.SendResult;
import io.parley.push.registration.Provider;
import io.parley.push.registration.PushRegistration;
import io.parley.push.registration.WebPushRegistration;
import io.parley.push.webpush.internal.MessageEncryption;
import io.parley.push.webpush.internal.Vapid;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Web Push (RFC 8030): a POST of an RFC 8291-encrypted payload, saying only "wake up", to the
 * subscription's endpoint with VAPID, {@code TTL}, {@code Urgency} ({@code high} for urgent, {@code
 * normal} otherwise) and a {@code Topic} so that a queued wake-up is replaced, not piled up.
 */
public final class WebPushSender implements PushSender {

  private final MessageEncryption encryption;
  private final Vapid vapid;
  private final HttpClient http;
  private final PushProperties properties;
  private final Clock clock;

  /**
   * @param vapid null when the service runs (in dev) without VAPID keys
   */
  WebPushSender(
      MessageEncryption encryption,
      Vapid vapid,
      HttpClient http,
      PushProperties properties,
      Clock clock) {
    this.encryption = encryption;
    this.vapid = vapid;
    this.http = http;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public Provider provider() {
    return Provider.WEB_PUSH;
  }

  static byte[] payload(boolean urgent) {
    return ("{\"type\":\"wake\",\"urgent\":" + urgent + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public SendResult send(PushRegistration registration, boolean urgent) {
    if (vapid == null) {
      return new SendResult.Rejected(0, "no VAPID keys configured (dev)");
    }
    WebPushRegistration web = (WebPushRegistration) registration;
    byte[] body = encryption.encrypt(payload(urgent), web.p256dh(), web.auth());
    PushProperties.WebPush settings = properties.webPush();
    HttpRequest request =
        HttpRequest.newBuilder(web.endpoint())
            .timeout(properties.requestTimeout())
            .header("authorization", vapid.authorization(web.endpoint()))
            .header("content-encoding", "aes128gcm")
            .header("content-type", "application/octet-stream")
            .header("ttl", String.valueOf(settings.ttl().toSeconds()))
            .header("urgency", urgent ? "high" : "normal")
            .header("topic", settings.topic())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new SendResult.Accepted();
      }
      if (status == 404 || status == 410) {
        // RFC 8030 §7.3: the subscription expired or was removed by the user.
        return new SendResult.InvalidToken("subscription gone (" + status + ")");
      }
      if (ProviderResponses.isTransient(status)) {
        return ProviderResponses.transientFailure(response, clock, "push service " + status);
      }
      return new SendResult.Rejected(status, "push service refused with " + status);
    } catch (IOException e) {
      return ProviderResponses.networkFailure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult.Transient(0, null, "interrupted");
    }
  }
}
