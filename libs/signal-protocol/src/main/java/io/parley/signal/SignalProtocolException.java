package io.parley.signal;

/**
 * Every failure of this library: a message that cannot be decrypted, a key that cannot be used, a
 * peer that is not trusted. Messages never contain key material, plaintext or ciphertext.
 */
public abstract class SignalProtocolException extends Exception {

  private static final long serialVersionUID = 1L;

  protected SignalProtocolException(String message) {
    super(message);
  }

  protected SignalProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
