package io.parley.signal;

/** A message's MAC does not verify: it was altered, or it was not made for this session. */
public final class InvalidMacException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public InvalidMacException(String message) {
    super(message);
  }

  public InvalidMacException(String message, Throwable cause) {
    super(message, cause);
  }
}
