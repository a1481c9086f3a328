package io.parley.signal;

/** There is no session with this address (or none that can decrypt this message). */
public final class NoSessionException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public NoSessionException(String message) {
    super(message);
  }

  public NoSessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
