package io.parley.signal;

/** A message's version is one this library does not speak (legacy before 3, or newer than 4). */
public final class InvalidVersionException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public InvalidVersionException(String message) {
    super(message);
  }

  public InvalidVersionException(String message, Throwable cause) {
    super(message, cause);
  }
}
