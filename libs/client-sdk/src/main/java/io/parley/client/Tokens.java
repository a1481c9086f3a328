package io.parley.client;

import io.parley.client.internal.Rest;
import java.time.Clock;
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
    expiresAt = clock.instant().plusSeconds(answer.path("expiresIn").asLong(900));
  }

  /** A token valid for at least another minute. */
  String current() {
    if (accessToken == null || clock.instant().plusSeconds(60).isAfter(expiresAt)) {
      refresh();
    }
    return accessToken;
  }

  /** The server refused the token: fetch a new one before the next use. */
  void invalidate() {
    expiresAt = Instant.EPOCH;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  void refresh() {
    accept(rest.post("v1/tokens/refresh", Map.of("refreshToken", state.refreshToken), null));
  }
}
