package io.parley.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The verification code from the dev profile's {@code GET /v1/dev/verification-codes/{number}} (as
 * on {@code ./parley up}); no such endpoint exists in any other profile.
 */
final class DevCodes {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Duration POLL = Duration.ofMillis(250);

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** {@code base}: the server's base URL, ending in a slash. */
  DevCodes(URI base) {
    this.base = base;
  }

  /** The endpoint for {@code number}: its {@code +} encoded, else it would read as a space. */
  static URI uri(URI base, String number) {
    return base.resolve(
        "v1/dev/verification-codes/" + URLEncoder.encode(number, StandardCharsets.UTF_8));
  }

  /**
   * The code sent last to {@code number}; asks again for {@code patience} while the server has none
   * yet (404), which is also the answer of a server without the dev profile.
   */
  String fetch(String number, Duration patience) {
    URI uri = uri(base, number);
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      HttpResponse<String> response = get(uri);
      if (response.statusCode() == 200) {
        String code = JSON.readTree(response.body()).path("code").asString("");
        if (code.isEmpty()) {
          throw new CliException("GET " + uri + " answered no code: " + response.body());
        }
        return code;
      }
      if (response.statusCode() != 404 || System.nanoTime() > deadline) {
        throw new CliException(
            "GET "
                + uri
                + " answered "
                + response.statusCode()
                + (response.statusCode() == 404
                    ? " (is the server running with the dev profile, as ./parley up does?)"
                    : ""));
      }
      sleep();
    }
  }

  private HttpResponse<String> get(URI uri) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri)
              .timeout(ParleyCli.TIMEOUT)
              .header("Accept", "application/json")
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while reading the dev code", e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while reading the dev code", e);
    }
  }
}
