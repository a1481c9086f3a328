package io.parley.routing;

/**
 * An event that decodes but breaks its contract (no sender, an account id that is not a UUID...):
 * retrying cannot help, so it goes to the topic's dead-letter topic at once.
 */
class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidEventException(String message) {
    super(message);
  }
}
