/**
 * Access-token verification for every Parley service that serves devices, as a Spring Boot
 * auto-configuration ({@link io.parley.security.ParleySecurityAutoConfiguration}).
 *
 * <p>A request is a device's when its bearer token is an ES256 JWT signed by a key in
 * auth-service's JWKS, from the configured issuer, within its lifetime, and the device's auth
 * record in Redis still says the token's device incarnation is current and the token was issued
 * after the device's last revocation. {@link io.parley.security.AccessTokenVerifier} does all of
 * it, for HTTP (through the default {@code SecurityFilterChain}) and for anything else that carries
 * a token (the edge's STOMP CONNECT). The authenticated device ({@link
 * io.parley.security.AuthenticatedDevice}) reaches controllers through Spring Security's
 * {@code @AuthenticationPrincipal}.
 */
package io.parley.security;
