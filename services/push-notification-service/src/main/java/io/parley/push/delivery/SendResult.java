package io.parley.push.delivery;

import java.time.Duration;

/** What a provider answered to one push. */
public sealed interface SendResult {

  /** Accepted by the provider. */
  record Accepted() implements SendResult {}

  /** The provider says the token or subscription is dead: it is to be deleted. */
  record InvalidToken(String reason) implements SendResult {}

  /**
   * Worth retrying: 429, 5xx, a network error, an expired provider token.
   *
   * @param status the HTTP status, 0 for a network error
   * @param retryAfter the provider's Retry-After, or null
   */
  record Transient(int status, Duration retryAfter, String reason) implements SendResult {}

  /** Will fail the same way again (a bad request, refused credentials): dead-lettered. */
  record Rejected(int status, String reason) implements SendResult {}

  static SendResult accepted() {
    return new Accepted();
  }
}
