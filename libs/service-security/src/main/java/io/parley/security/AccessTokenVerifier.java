package io.parley.security;

/**
 * Decides whether an access token opens the door, and for which device. The one check every entry
 * point uses: the HTTP filter of this library, and the edge's STOMP CONNECT handler.
 *
 * <p>Bean name {@code accessTokenVerifier}.
 */
public interface AccessTokenVerifier {

  /**
   * Verifies an access token: signature (ES256, key from auth-service's JWKS), issuer, lifetime
   * with clock leeway, claims, and the device's auth record (present, same incarnation, not revoked
   * since the token was issued).
   *
   * @param accessToken the compact JWT alone, without an {@code "Bearer "} prefix
   * @return the device the token speaks for
   * @throws InvalidAccessTokenException the token opens nothing; its {@link
   *     InvalidAccessTokenException#reason() reason} and message say why (never the token itself)
   * @throws TokenVerificationUnavailableException the token could not be checked now
   *     (auth-service's keys were never fetched, or Redis does not answer): try again later, do not
   *     log the client out
   */
  default AuthenticatedDevice verify(String accessToken) {
    return verifyToken(accessToken).device();
  }

  /**
   * The same checks as {@link #verify(String)}, answering also the token's incarnation and
   * lifetime: for holders of long-lived sessions (the edge), which must close them when the token
   * expires.
   */
  VerifiedAccessToken verifyToken(String accessToken);
}
