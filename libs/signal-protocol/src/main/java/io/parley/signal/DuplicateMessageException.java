package io.parley.signal;

/** A message whose keys were already used: it was delivered before. */
public final class DuplicateMessageException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public DuplicateMessageException(String message) {
    super(message);
  }

  public DuplicateMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
