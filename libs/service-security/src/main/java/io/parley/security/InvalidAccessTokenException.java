package io.parley.security;

import java.util.Objects;

/**
 * An access token was refused. The message says why in words safe to show a client; it never
 * contains the token or anything read from an unverified one.
 */
public final class InvalidAccessTokenException extends RuntimeException {

  /** Why a token was refused; {@link #code()} is what HTTP problems and STOMP errors carry. */
  public enum Reason {
    /** No token at all. */
    MISSING("missing"),
    /** Not a compact JWS JWT, too long, or a {@code typ} other than JWT. */
    MALFORMED("malformed"),
    /** Unsigned ({@code alg: none}), encrypted, or signed with anything but ES256. */
    UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
    /** No {@code kid}, or one auth-service does not publish (after a rate-limited refresh). */
    UNKNOWN_KEY("unknown_key"),
    /** The signature does not verify with the key its {@code kid} names. */
    BAD_SIGNATURE("bad_signature"),
    /** Signed by a trusted key but for another issuer. */
    WRONG_ISSUER("wrong_issuer"),
    /** {@code exp} is past, beyond the clock leeway. */
    EXPIRED("expired"),
    /** {@code iat} or {@code nbf} is in the future, beyond the clock leeway. */
    NOT_YET_VALID("not_yet_valid"),
    /**
     * A required claim ({@code sub}, {@code dev}, {@code inc}, {@code iat}, {@code exp}) is bad.
     */
    INVALID_CLAIMS("invalid_claims"),
    /** The device has no auth record: it was removed, or its account deleted. */
    DEVICE_REMOVED("device_removed"),
    /** The token belongs to an earlier device that had this id (another incarnation). */
    DEVICE_REPLACED("device_replaced"),
    /** Issued before the device's tokens were revoked (logout, revocation). */
    REVOKED("revoked");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** Stable machine-readable form, e.g. {@code "expired"}. */
    public String code() {
      return code;
    }
  }

  private final Reason reason;

  public InvalidAccessTokenException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
