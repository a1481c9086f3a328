package io.parley.signal;

/** A message names a prekey, signed prekey or Kyber prekey that the store does not hold. */
public final class InvalidKeyIdException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public InvalidKeyIdException(String message) {
    super(message);
  }

  public InvalidKeyIdException(String message, Throwable cause) {
    super(message, cause);
  }
}
