package io.parley.push.credentials;

/** An enabled provider has no credentials outside the dev profile: start-up stops. */
public class MissingCredentialsException extends IllegalStateException {

  private final String provider;
  private final String what;

  MissingCredentialsException(String provider, String what) {
    super(
        provider
            + ".enabled=true but its "
            + what
            + " is missing. Provide it, or set "
            + provider
            + ".enabled=false. Only the dev profile starts without it.");
    this.provider = provider;
    this.what = what;
  }

  /** The provider's settings prefix, e.g. {@code parley.push.fcm}. */
  public String provider() {
    return provider;
  }

  /** What is missing and where to give it. */
  public String what() {
    return what;
  }
}
