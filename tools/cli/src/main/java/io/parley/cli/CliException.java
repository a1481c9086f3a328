package io.parley.cli;

/** A failure the user can act on: printed as {@code parley-cli: <message>}, exit code 1. */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
