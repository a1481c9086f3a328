package io.parley.push.registration;

/** An FCM registration token of an Android app (or any FCM client). */
public record FcmRegistration(String token) implements PushRegistration {

  @Override
  public Provider provider() {
    return Provider.FCM;
  }

  @Override
  public String address() {
    return token;
  }

  @Override
  public String toString() {
    return "FcmRegistration[" + fingerprint() + "]";
  }
}
