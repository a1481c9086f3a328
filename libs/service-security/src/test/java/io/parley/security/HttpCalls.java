package io.parley.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.json.JsonParserFactory;

/** Real HTTP calls to a test application. */
final class HttpCalls {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpCalls() {}

  static HttpResponse<String> get(int port, String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> getWithToken(int port, String path, String token)
      throws IOException, InterruptedException {
    return get(port, path, "Bearer " + token);
  }

  static Map<String, Object> json(HttpResponse<String> response) {
    return JsonParserFactory.getJsonParser().parseMap(response.body());
  }

  /** The {@code reason} of a 401 problem, or the status when the request was not refused. */
  static String verdict(HttpResponse<String> response) {
    if (response.statusCode() == 401) {
      return String.valueOf(json(response).get("reason"));
    }
    return Integer.toString(response.statusCode());
  }
}
