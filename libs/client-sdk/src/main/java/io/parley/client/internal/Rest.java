package io.parley.client.internal;

import io.parley.client.ParleyApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/** Blocking JSON calls to the one public base URL. Errors become {@link ParleyApiException}. */
public final class Rest {

  public static final ObjectMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final HttpClient http;

  public Rest(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  public URI base() {
    return base;
  }

  public HttpClient http() {
    return http;
  }

  public JsonNode get(String path, String token) {
    return call("GET", path, null, token);
  }

  public JsonNode post(String path, Object body, String token) {
    return call("POST", path, body, token);
  }

  public JsonNode put(String path, Object body, String token) {
    return call("PUT", path, body, token);
  }

  public JsonNode delete(String path, String token) {
    return call("DELETE", path, null, token);
  }

  private JsonNode call(String method, String path, Object body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
    String text = response.body();
    JsonNode json = text == null || text.isBlank() ? NullNode.getInstance() : parse(text);
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return json;
    }
    String type = json.path("type").asString(null);
    String problem = type == null ? null : type.substring(type.lastIndexOf('/') + 1);
    String detail = json.path("detail").asString(null);
    Duration retryAfter =
        response
            .headers()
            .firstValue("Retry-After")
            .filter(v -> v.matches("[0-9]{1,6}"))
            .map(v -> Duration.ofSeconds(Long.parseLong(v)))
            .orElse(null);
    throw new ParleyApiException(method, path, status, problem, detail, retryAfter);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (RuntimeException e) {
      return NullNode.getInstance();
    }
  }
}
