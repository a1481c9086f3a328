package io.parley.security;

/**
 * A token could not be checked at the moment: auth-service's signing keys have never been fetched,
 * or Redis does not answer. Not the client's fault (HTTP answers 503): it should retry, not log in
 * again.
 */
public final class TokenVerificationUnavailableException extends RuntimeException {

  public TokenVerificationUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
