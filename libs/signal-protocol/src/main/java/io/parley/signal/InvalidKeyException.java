package io.parley.signal;

/** A key is malformed (length, type byte) or unusable. */
public final class InvalidKeyException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public InvalidKeyException(String message) {
    super(message);
  }

  public InvalidKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
