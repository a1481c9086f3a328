package io.parley.signal;

/** A message lies further ahead in its chain than the bound on skipped message keys allows. */
public final class TooManySkippedMessagesException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public TooManySkippedMessagesException(String message) {
    super(message);
  }

  public TooManySkippedMessagesException(String message, Throwable cause) {
    super(message, cause);
  }
}
