package io.parley.push.registration;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;

/**
 * A browser's push subscription (the W3C Push API's {@code PushSubscription}).
 *
 * @param endpoint the push service URL to POST to
 * @param p256dh the browser's P-256 public key, 65 bytes uncompressed
 * @param auth the browser's 16-byte authentication secret
 */
public record WebPushRegistration(URI endpoint, byte[] p256dh, byte[] auth)
    implements PushRegistration {

  @Override
  public Provider provider() {
    return Provider.WEB_PUSH;
  }

  @Override
  public String address() {
    return endpoint.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebPushRegistration that
        && endpoint.equals(that.endpoint)
        && Arrays.equals(p256dh, that.p256dh)
        && Arrays.equals(auth, that.auth);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, Arrays.hashCode(p256dh), Arrays.hashCode(auth));
  }

  @Override
  public String toString() {
    return "WebPushRegistration[" + fingerprint() + ", " + endpoint.getHost() + "]";
  }
}
