package io.parley.push.registration;

/**
 * An APNs device token of an iOS app.
 *
 * @param token lower-case hex
 * @param topic the app's bundle id ({@code apns-topic})
 * @param sandbox whether the token is for APNs' development environment
 */
public record ApnsRegistration(String token, String topic, boolean sandbox)
    implements PushRegistration {

  @Override
  public Provider provider() {
    return Provider.APNS;
  }

  @Override
  public String address() {
    return token;
  }

  @Override
  public String toString() {
    return "ApnsRegistration[" + fingerprint() + ", " + topic + (sandbox ? ", sandbox]" : "]");
  }
}
