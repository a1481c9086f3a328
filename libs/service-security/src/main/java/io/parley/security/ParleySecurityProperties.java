package io.parley.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of access-token verification, under {@code parley.security.*}; validated at start.
 *
 * @param jwksUri auth-service's JWK Set (its internal address; unused when the application has its
 *     own {@code JWKSource} bean, as auth-service does)
 * @param issuer the {@code iss} every token must carry
 * @param clockLeeway how far {@code exp}, {@code iat} and {@code nbf} may be off from this
 *     instance's clock
 * @param deviceStateCacheTtl how long a device's auth record read from Redis is reused; account
 *     events evict it at once, so this bounds only what a missed event can cost. 0 reads Redis for
 *     every token
 * @param jwksRefreshMinInterval least time between two fetches of the JWK Set, so that tokens with
 *     made-up key ids cannot make every instance hammer auth-service
 * @param jwksCacheTtl the JWK Set is fetched again after this long even if no unknown key id was
 *     seen, so that a key auth-service withdrew stops being trusted
 * @param publicPaths request paths that need no token, in addition to health, metrics, API docs and
 *     {@code /error}; Spring {@code PathPattern} syntax ({@code /v1/registration/**})
 */
@ConfigurationProperties("parley.security")
public record ParleySecurityProperties(
    @DefaultValue("http://localhost:8081/.well-known/jwks.json") URI jwksUri,
    @DefaultValue("parley-auth") String issuer,
    @DefaultValue("60s") Duration clockLeeway,
    @DefaultValue("5s") Duration deviceStateCacheTtl,
    @DefaultValue("30s") Duration jwksRefreshMinInterval,
    @DefaultValue("5m") Duration jwksCacheTtl,
    @DefaultValue List<String> publicPaths) {

  public ParleySecurityProperties {
    if (jwksUri == null
        || !jwksUri.isAbsolute()
        || !("http".equals(jwksUri.getScheme()) || "https".equals(jwksUri.getScheme()))) {
      throw new IllegalArgumentException(
          "parley.security.jwks-uri must be an absolute http(s) URI, not " + jwksUri);
    }
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("parley.security.issuer must not be blank");
    }
    requireAtLeastZero(clockLeeway, "clock-leeway");
    if (clockLeeway.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "parley.security.clock-leeway must be at most 5m: synchronise the clocks instead");
    }
    requireAtLeastZero(deviceStateCacheTtl, "device-state-cache-ttl");
    requireAtLeastZero(jwksRefreshMinInterval, "jwks-refresh-min-interval");
    if (jwksRefreshMinInterval.isZero()) {
      throw new IllegalArgumentException(
          "parley.security.jwks-refresh-min-interval must be positive");
    }
    requireAtLeastZero(jwksCacheTtl, "jwks-cache-ttl");
    if (jwksCacheTtl.compareTo(jwksRefreshMinInterval) <= 0) {
      throw new IllegalArgumentException(
          "parley.security.jwks-cache-ttl must be longer than jwks-refresh-min-interval");
    }
    publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    for (String path : publicPaths) {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException(
            "parley.security.public-paths entries must start with '/', not " + path);
      }
    }
  }

  private static void requireAtLeastZero(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("parley.security." + name + " must not be negative");
    }
  }
}
