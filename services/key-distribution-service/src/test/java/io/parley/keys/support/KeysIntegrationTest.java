package io.parley.keys.support;

import io.parley.security.test.TestAuthConfiguration;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.service.SpringInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * key-distribution-service on real Kafka and Redis, with auth-service stood in by {@link
 * TestDevices}.
 */
@ParleyInfraTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parley.keys.fetch-capacity=200",
      "parley.keys.fetch-refill-every=1s",
      "parley.keys.low-threshold=10"
    })
@Import(TestAuthConfiguration.class)
public abstract class KeysIntegrationTest {

  /** A response with its JSON body. */
  public record Response(int status, JsonNode body) {}

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    SpringInfra.register(registry);
  }

  @Value("${local.server.port}")
  protected int port;

  @Autowired protected StringRedisTemplate redis;

  protected TestDevices devices;

  @BeforeEach
  void setUpDevices() {
    devices = new TestDevices(redis);
  }

  protected Response call(String method, String path, Object body, String token) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .timeout(Duration.ofSeconds(20));
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(
                  body instanceof String s ? s : JSON.writeValueAsString(body)));
      request.header("Content-Type", "application/json");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected Response upload(TestDevices.Device device, Object body) {
    return call("PUT", "/v1/keys", body, device.token());
  }

  protected Response fetch(TestDevices.Device requester, String path) {
    return call("GET", "/v1/keys/" + path, null, requester.token());
  }
}
