package io.parley.edge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.parley.edge.support.EdgeIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One base URL: routes to upstream services, the client address they see, and /v1/config. */
class EntryPointIT extends EdgeIntegrationTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpServer UPSTREAM = upstream();

  /** Stands in for auth-service: echoes what it received. */
  private static HttpServer upstream() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            String seen =
                "{\"method\":\""
                    + exchange.getRequestMethod()
                    + "\",\"uri\":\""
                    + exchange.getRequestURI()
                    + "\",\"xff\":\""
                    + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                    + "\",\"auth\":\""
                    + exchange.getRequestHeaders().getFirst("Authorization")
                    + "\",\"body\":\""
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "\"}";
            byte[] bytes = seen.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void routes(DynamicPropertyRegistry registry) {
    registry.add(
        "parley.upstreams.auth", () -> "http://127.0.0.1:" + UPSTREAM.getAddress().getPort());
  }

  @AfterAll
  static void stopUpstream() {
    UPSTREAM.stop(0);
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void routesRestPathsToTheOwningServiceWithMethodQueryBodyAndHeaders() throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/v1/verification/sessions?lang=en",
            "hello",
            "Authorization",
            "Bearer abc",
            "Content-Type",
            "text/plain");
    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode seen = JSON.readTree(response.body());
    assertThat(seen.get("method").asString()).isEqualTo("POST");
    assertThat(seen.get("uri").asString()).isEqualTo("/v1/verification/sessions?lang=en");
    assertThat(seen.get("auth").asString()).isEqualTo("Bearer abc");
    assertThat(seen.get("body").asString()).isEqualTo("hello");

    assertThat(call("GET", "/.well-known/jwks.json", null).statusCode()).isEqualTo(201);
    assertThat(call("GET", "/v1/accounts", null).statusCode()).isEqualTo(201);
  }

  @Test
  void setsTheClientAddressItSeesAndDropsOneTheClientForged() throws Exception {
    HttpResponse<String> response =
        call("GET", "/v1/devices", null, "X-Forwarded-For", "203.0.113.66");
    JsonNode seen = JSON.readTree(response.body());
    assertThat(seen.get("xff").asString()).isEqualTo("127.0.0.1");
  }

  @Test
  void answersAnUnreachableUpstreamWithABadGateway() throws Exception {
    // presence-service is not running in this test: its route has nobody behind it.
    assertThat(call("GET", "/v1/presence/settings", null).statusCode()).isIn(502, 503, 504);
  }

  @Test
  void publishesTheClientLimitsWithoutAToken() throws Exception {
    HttpResponse<String> response = call("GET", "/v1/config", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode config = JSON.readTree(response.body());
    assertThat(config.get("stompEndpoint").asString()).isEqualTo("/ws");
    assertThat(config.get("maxFrameBytes").asLong()).isEqualTo(16 * 1024);
    assertThat(config.get("maxCiphertextBytes").asLong()).isEqualTo(4 * 1024);
    assertThat(config.get("heartbeatMillis").asLong()).isEqualTo(10_000);
    assertThat(config.get("messageRate").get("burst").asInt()).isEqualTo(20);
  }

  @Test
  void documentsItsOwnEndpointsInOpenApi() throws Exception {
    HttpResponse<String> response = call("GET", "/v3/api-docs", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode document = JSON.readTree(response.body());
    JsonNode paths = document.get("paths");
    assertThat(paths.has("/v1/config")).isTrue();
    assertThat(paths.has("/v1/provisioning/{address}")).isTrue();
    assertThat(document.at("/components/securitySchemes/bearer/scheme").asString())
        .isEqualTo("bearer");
    assertThat(paths.get("/v1/provisioning/{address}").at("/put/security/0").has("bearer"))
        .isTrue();
  }

  @Test
  void theEdgesOwnPathsNeedATokenExceptThePublicOnes() throws Exception {
    assertThat(
            call(
                    "PUT",
                    "/v1/provisioning/AAAAAAAAAAAAAAAAAAAAAA",
                    "{\"body\":\"AA==\"}",
                    "Content-Type",
                    "application/json")
                .statusCode())
        .isEqualTo(401);
    assertThat(call("GET", "/v1/unknown", null).statusCode()).isEqualTo(401);
  }
}
