package io.parley.push.credentials;

import java.util.Optional;

/**
 * The start-up rule for provider credentials: a provider that is enabled must have its credentials,
 * except in the {@code dev} profile, where it starts without them (and every push to it is
 * dead-lettered with the reason) so that a developer can run the platform with no accounts at
 * Google or Apple.
 */
public final class ProviderCredentials {

  private ProviderCredentials() {}

  /**
   * @param provider the provider's settings prefix, e.g. {@code parley.push.fcm}
   * @param what what is missing and how to give it, e.g. {@code "service-account JSON
   *     (parley.push.fcm.service-account-file or PARLEY_PUSH_FCM_SERVICEACCOUNT)"}
   * @throws MissingCredentialsException outside dev when the credential is missing
   */
  public static <T> Optional<T> require(
      String provider, String what, Optional<T> credential, boolean dev) {
    if (credential.isEmpty() && !dev) {
      throw new MissingCredentialsException(provider, what);
    }
    return credential;
  }
}
