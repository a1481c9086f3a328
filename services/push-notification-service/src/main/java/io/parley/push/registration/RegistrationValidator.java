package io.parley.push.registration;

import io.parley.push.PushProperties;
import io.parley.push.crypto.P256;
import io.parley.runtime.web.BadRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The checks beyond field formats: exactly one provider, one this server sends through, an APNs
 * topic it accepts, and a Web Push subscription it can encrypt for at an endpoint it may call.
 */
@Component
class RegistrationValidator {

  private final PushProperties properties;
  private final boolean dev;

  RegistrationValidator(PushProperties properties, Environment environment) {
    this.properties = properties;
    this.dev = environment.acceptsProfiles(Profiles.of("dev"));
  }

  PushRegistration validate(RegistrationRequest request) {
    int given =
        (request.fcm() != null ? 1 : 0)
            + (request.apns() != null ? 1 : 0)
            + (request.webPush() != null ? 1 : 0);
    if (given != 1) {
      throw new BadRequestException(
          "fcm|apns|webPush", "exactly one of fcm, apns and webPush must be given, not " + given);
    }
    if (request.fcm() != null) {
      requireEnabled(properties.fcm().enabled(), "fcm");
      return new FcmRegistration(request.fcm().token());
    }
    if (request.apns() != null) {
      return apns(request.apns());
    }
    return webPush(request.webPush());
  }

  private PushRegistration apns(RegistrationRequest.Apns apns) {
    requireEnabled(properties.apns().enabled(), "apns");
    List<String> allowed = properties.apns().allowedTopics();
    if (!allowed.isEmpty() && !allowed.contains(apns.topic())) {
      throw new BadRequestException("apns.topic", "is not an app this server pushes to");
    }
    return new ApnsRegistration(
        apns.token().toLowerCase(Locale.ROOT), apns.topic(), "sandbox".equals(apns.environment()));
  }

  private PushRegistration webPush(RegistrationRequest.WebPush web) {
    requireEnabled(properties.webPush().enabled(), "webPush");
    URI endpoint;
    try {
      endpoint = new URI(web.endpoint());
    } catch (URISyntaxException e) {
      throw new BadRequestException("webPush.endpoint", "is not a URL");
    }
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme();
    if (!endpoint.isAbsolute() || endpoint.getHost() == null) {
      throw new BadRequestException("webPush.endpoint", "must be an absolute URL with a host");
    }
    if (!scheme.equals("https") && !(dev && scheme.equals("http"))) {
      throw new BadRequestException("webPush.endpoint", "must be an https URL");
    }
    if (endpoint.getRawUserInfo() != null || endpoint.getRawFragment() != null) {
      throw new BadRequestException("webPush.endpoint", "must not have user info or a fragment");
    }
    if (!hostAllowed(endpoint.getHost().toLowerCase(Locale.ROOT))) {
      throw new BadRequestException(
          "webPush.endpoint", "is not at a push service this server sends to");
    }
    byte[] p256dh = base64url(web.keys().p256dh(), "webPush.keys.p256dh");
    if (!P256.isValidPublicKey(p256dh)) {
      throw new BadRequestException(
          "webPush.keys.p256dh", "must be a 65-byte uncompressed P-256 public key");
    }
    byte[] auth = base64url(web.keys().auth(), "webPush.keys.auth");
    if (auth.length != 16) {
      throw new BadRequestException("webPush.keys.auth", "must be 16 bytes, not " + auth.length);
    }
    return new WebPushRegistration(endpoint, p256dh, auth);
  }

  private boolean hostAllowed(String host) {
    for (String pattern : properties.webPush().allowedEndpointHosts()) {
      String p = pattern.toLowerCase(Locale.ROOT);
      if (p.startsWith("*.") ? host.endsWith(p.substring(1)) : host.equals(p)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] base64url(String value, String field) {
    try {
      // Browsers give base64url without padding; accept padding and the standard alphabet too.
      String normalized = value.replace('+', '-').replace('/', '_').replace("=", "");
      return Base64.getUrlDecoder().decode(normalized);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(field, "must be base64url");
    }
  }

  private static void requireEnabled(boolean enabled, String field) {
    if (!enabled) {
      throw new BadRequestException(field, "is not a provider this server sends through");
    }
  }
}
