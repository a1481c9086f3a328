package io.parley.push.registration;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What {@code GET /v1/push/registration} shows of the device's registration: which provider and
 * since when, never the token itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegistrationView(
    String provider,
    String fingerprint,
    Instant registeredAt,
    String topic,
    String environment,
    String endpointHost) {

  static RegistrationView of(RegistrationStore.Stored stored) {
    PushRegistration registration = stored.registration();
    String topic = null;
    String environment = null;
    String host = null;
    if (registration instanceof ApnsRegistration apns) {
      topic = apns.topic();
      environment = apns.sandbox() ? "sandbox" : "production";
    } else if (registration instanceof WebPushRegistration web) {
      host = web.endpoint().getHost();
    }
    return new RegistrationView(
        registration.provider().tag(),
        registration.fingerprint(),
        stored.registeredAt(),
        topic,
        environment,
        host);
  }
}
