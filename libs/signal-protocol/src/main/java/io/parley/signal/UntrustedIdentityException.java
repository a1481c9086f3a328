package io.parley.signal;

/** The peer's identity key is not the one trusted for its address: it changed, or was refused. */
public final class UntrustedIdentityException extends SignalProtocolException {

  private static final long serialVersionUID = 1L;

  public UntrustedIdentityException(String message) {
    super(message);
  }

  public UntrustedIdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
