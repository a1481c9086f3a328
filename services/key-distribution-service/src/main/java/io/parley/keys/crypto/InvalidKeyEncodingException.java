package io.parley.keys.crypto;

/**
 * A key or signature is not in libsignal's encoding. The message says what is wrong (missing,
 * length, type byte) and never contains the bytes themselves.
 */
public final class InvalidKeyEncodingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidKeyEncodingException(String message) {
    super(message);
  }
}
