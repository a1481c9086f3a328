package io.parley.signal;

/** A prekey's signature by the identity key does not verify. */
public final class InvalidSignatureException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }

  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
