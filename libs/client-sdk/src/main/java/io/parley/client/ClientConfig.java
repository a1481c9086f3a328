package io.parley.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ParleyClient} reaches Parley and where it keeps its state.
 *
 * @param baseUrl the platform's one public base URL (the edge), e.g. {@code http://localhost:8080}
 * @param directory where this device's keys, sessions, tokens and messages live (one device per
 *     directory, one process at a time); created if missing
 * @param deviceName shown in the account's device list
 * @param reconnectInitial the first reconnect backoff (it doubles per failed attempt, with full
 *     jitter)
 * @param reconnectMax the longest reconnect backoff
 * @param clock the clock (tests)
 */
public record ClientConfig(
    URI baseUrl,
    Path directory,
    String deviceName,
    Duration reconnectInitial,
    Duration reconnectMax,
    Clock clock) {

  public ClientConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(clock, "clock");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException("baseUrl must be http or https: " + baseUrl);
    }
    if (deviceName.isBlank() || deviceName.length() > 256) {
      throw new IllegalArgumentException("deviceName must be 1-256 characters");
    }
    if (reconnectInitial.isNegative()
        || reconnectInitial.isZero()
        || reconnectMax.compareTo(reconnectInitial) < 0) {
      throw new IllegalArgumentException("need 0 < reconnectInitial <= reconnectMax");
    }
  }

  /** Defaults: reconnect backoff from 500 ms up to 30 s, the system clock. */
  public static ClientConfig of(String baseUrl, Path directory, String deviceName) {
    String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    return new ClientConfig(
        URI.create(base),
        directory,
        deviceName,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Clock.systemUTC());
  }

  public ClientConfig withReconnect(Duration initial, Duration max) {
    return new ClientConfig(baseUrl, directory, deviceName, initial, max, clock);
  }

  URI webSocket(String path) {
    String scheme = "https".equals(baseUrl.getScheme()) ? "wss" : "ws";
    return URI.create(
        scheme
            + "://"
            + baseUrl.getRawAuthority()
            + baseUrl.getRawPath().replaceAll("/$", "")
            + path);
  }
}
