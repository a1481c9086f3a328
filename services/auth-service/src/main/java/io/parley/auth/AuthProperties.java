package io.parley.auth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of auth-service, under {@code parley.auth.*}. Secrets ({@code phone-hash-secret}, the
 * SMS webhook credentials, the signing key file) come from the environment or files, never from
 * this repository; outside the dev profile a missing one stops start-up with a message naming it.
 */
@ConfigurationProperties("parley.auth")
public record AuthProperties(
    @DefaultValue("parley-auth") String issuer,
    Secret phoneHashSecret,
    @DefaultValue Verification verification,
    @DefaultValue Tokens tokens,
    @DefaultValue Signing signing,
    @DefaultValue Devices devices,
    @DefaultValue Sms sms,
    @DefaultValue("1000") int directoryMaxNumbers,
    @DefaultValue({"127.0.0.1", "::1"}) List<String> trustedProxies,
    @DefaultValue Map<String, RateLimit> rateLimits) {

  public AuthProperties {
    if (directoryMaxNumbers < 1 || directoryMaxNumbers > 10_000) {
      throw new IllegalArgumentException("parley.auth.directory-max-numbers must be 1..10000");
    }
    rateLimits = Map.copyOf(rateLimits);
    trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * @param codeTtl how long a sent code can be used
   * @param maxAttempts wrong codes a session takes before it is dead
   */
  public record Verification(
      @DefaultValue("10m") Duration codeTtl, @DefaultValue("5") int maxAttempts) {}

  /**
   * @param accessTokenTtl lifetime of access tokens (JWT)
   * @param refreshTokenTtl lifetime of a refresh token that is not used
   * @param refreshRetryGrace how long a used refresh token still returns its unused successor
   */
  public record Tokens(
      @DefaultValue("15m") Duration accessTokenTtl,
      @DefaultValue("30d") Duration refreshTokenTtl,
      @DefaultValue("60s") Duration refreshRetryGrace,
      @DefaultValue("10m") Duration linkCodeTtl) {}

  /**
   * @param keyFile PEM file of the current EC P-256 signing key (required outside dev)
   * @param previousKeyFiles keys rotated out; published in the JWKS until their tokens expire
   * @param devKeyDir where the dev profile generates and keeps its key
   */
  public record Signing(
      Path keyFile,
      @DefaultValue List<Path> previousKeyFiles,
      @DefaultValue(".parley/auth") Path devKeyDir) {}

  /**
   * @param max devices per account, primary included
   */
  public record Devices(@DefaultValue("6") int max) {
    public Devices {
      if (max < 1 || max > 64) {
        throw new IllegalArgumentException("parley.auth.devices.max must be 1..64");
      }
    }
  }

  /**
   * An SMS gateway reached by an HTTP webhook: {@code POST url} with JSON {@code {to, code,
   * message}} and, if set, {@code Authorization: Bearer <token>}.
   */
  public record Sms(URI webhookUrl, Secret webhookToken, @DefaultValue("5s") Duration timeout) {}

  /** A token bucket: {@code capacity} tokens, one more every {@code refillEvery}. */
  public record RateLimit(int capacity, Duration refillEvery) {
    public RateLimit {
      if (capacity < 1 || refillEvery == null || refillEvery.isNegative() || refillEvery.isZero()) {
        throw new IllegalArgumentException(
            "a rate limit needs capacity >= 1 and a positive refill-every");
      }
    }
  }
}
