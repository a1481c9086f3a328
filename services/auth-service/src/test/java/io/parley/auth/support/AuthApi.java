package io.parley.auth.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for auth-service's API, with the flows tests repeat. */
public final class AuthApi {

  /** A response: status, headers and JSON body (null when empty). */
  public record Response(int status, JsonNode body, HttpResponse<String> raw) {
    public String text(String field) {
      JsonNode node = body == null ? null : body.get(field);
      return node == null || node.isNull() ? null : node.asString();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** What a device holds after registering or linking. */
  public record Device(String accountId, int deviceId, String accessToken, String refreshToken) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;

  public AuthApi(int port) {
    this.base = "http://localhost:" + port;
  }

  public Response call(
      String method, String path, Object body, String token, Map<String, String> headers) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
      String text =
          body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      request.method(
          method,
          text == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(text));
      if (text != null) {
        request.header("Content-Type", "application/json");
      }
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      headers.forEach(request::header);
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body() == null || response.body().isBlank()
              ? null
              : JSON.readTree(response.body());
      return new Response(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response post(String path, Object body) {
    return call("POST", path, body, null, Map.of());
  }

  public Response post(String path, Object body, String token) {
    return call("POST", path, body, token, Map.of());
  }

  public Response get(String path, String token) {
    return call("GET", path, null, token, Map.of());
  }

  public Response delete(String path, String token) {
    return call("DELETE", path, null, token, Map.of());
  }

  /** A valid, random E.164 number (US, 555-01xx range is fictional but valid in libphonenumber). */
  public static String randomNumber() {
    return "+1415" + (2000000 + ThreadLocalRandom.current().nextInt(7_000_000));
  }

  /** A random client address, so that per-address limits of one test never touch another's. */
  public static Map<String, String> from(String address) {
    return Map.of("X-Forwarded-For", address);
  }

  public static String randomAddress() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
  }

  /** Starts a session and returns its id (the code goes to the dev endpoint). */
  public String startSession(String number) {
    Response r =
        call(
            "POST",
            "/v1/verification/sessions",
            Map.of("phoneNumber", number),
            null,
            from(randomAddress()));
    if (r.status() != 201) {
      throw new AssertionError("session: " + r.status() + " " + r.body());
    }
    return r.text("id");
  }

  public String devCode(String number) {
    Response r = get("/v1/dev/verification-codes/" + number, null);
    if (r.status() != 200) {
      throw new AssertionError("dev code: " + r.status() + " " + r.body());
    }
    return r.text("code");
  }

  public String verifiedSession(String number) {
    String session = startSession(number);
    Response r =
        call(
            "POST",
            "/v1/verification/sessions/" + session + "/code",
            Map.of("code", devCode(number)),
            null,
            from(randomAddress()));
    if (r.status() != 200) {
      throw new AssertionError("verify: " + r.status() + " " + r.body());
    }
    return session;
  }

  public Device register(String number) {
    String session = verifiedSession(number);
    Response r =
        post(
            "/v1/accounts",
            Map.of(
                "verificationSessionId",
                session,
                "device",
                Map.of("name", "phone", "registrationId", 4711)));
    if (r.status() != 201) {
      throw new AssertionError("register: " + r.status() + " " + r.body());
    }
    return device(r);
  }

  public Device link(Device primary) {
    Response code = post("/v1/devices/link-codes", null, primary.accessToken());
    if (code.status() != 201) {
      throw new AssertionError("link code: " + code.status() + " " + code.body());
    }
    Response r = linkWith(code.text("code"));
    if (r.status() != 201) {
      throw new AssertionError("link: " + r.status() + " " + r.body());
    }
    return device(r);
  }

  public Response linkWith(String code) {
    return call(
        "POST",
        "/v1/devices/link",
        Map.of("code", code, "name", "laptop", "registrationId", 815),
        null,
        from(randomAddress()));
  }

  public static Device device(Response r) {
    return new Device(
        r.text("accountId"),
        r.body().get("deviceId").asInt(),
        r.text("accessToken"),
        r.text("refreshToken"));
  }
}
