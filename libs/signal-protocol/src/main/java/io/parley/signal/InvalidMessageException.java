package io.parley.signal;

/** A message is malformed: truncated, bad protobuf, missing fields, or undecryptable body. */
public final class InvalidMessageException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public InvalidMessageException(String message) {
    super(message);
  }

  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
