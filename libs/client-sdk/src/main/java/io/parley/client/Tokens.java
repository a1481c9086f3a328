package io.parley.client;

import io.parley.client.internal.Rest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The device's access token, refreshed with its rotating refresh token a minute before expiry. The
 * new refresh token is saved before the access token is used: a crash then costs nothing. Worker
 * thread only.
 */
final class Tokens {

  private final Rest rest;
  private final DeviceState state;
  private final Clock clock;
  private String accessToken;
  private Instant expiresAt = Instant.EPOCH;
  private Duration lifetime = Duration.ofMinutes(15);

  Tokens(Rest rest, DeviceState state, Clock clock) {
    this.rest = rest;
    this.state = state;
    this.clock = clock;
  }

  /** Sets the pair a registration or a link answered. */
  void accept(JsonNode answer) {
    state.refreshToken = answer.path("refreshToken").asString();
    state.save();
    accessToken = answer.path("accessToken").asString();
    lifetime = Duration.ofSeconds(Math.max(1, answer.path("expiresIn").asLong(900)));
    expiresAt = clock.instant().plus(lifetime);
  }

  /**
   * A token valid for at least another minute (a quarter of its lifetime if that is shorter, for
   * servers configured with short-lived tokens).
   */
  String current() {
    Duration margin = min(Duration.ofMinutes(1), lifetime.dividedBy(4));
    if (accessToken == null || clock.instant().plus(margin).isAfter(expiresAt)) {
      refresh();
    }
    return accessToken;
  }

  /** The server refused the token: fetch a new one before the next use. */
  void invalidate() {
    expiresAt = Instant.EPOCH;
  }

  /**
   * When the live session should get a fresh token: 2 minutes (or a third of the lifetime) ahead.
   */
  Instant reauthAt() {
    return expiresAt.minus(min(Duration.ofMinutes(2), lifetime.dividedBy(3)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  void refresh() {
    accept(rest.post("v1/tokens/refresh", Map.of("refreshToken", state.refreshToken), null));
  }
}
