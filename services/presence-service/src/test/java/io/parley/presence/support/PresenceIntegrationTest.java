package io.parley.presence.support;

import com.google.protobuf.Message;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeviceConnected;
import io.parley.contracts.events.v1.DeviceDisconnected;
import io.parley.contracts.events.v1.DisconnectReason;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.security.test.TestAuthConfiguration;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.service.SpringInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * presence-service on real Kafka and Redis with short delays, auth-service stood in by {@link
 * TestDevices}, the edge by session events written to Kafka as the edge writes them, its lease
 * keys, and its per-node delivery channel read by {@link NodeChannel}. End-to-end tests with a real
 * edge and real STOMP clients are in {@code io.parley.presence.e2e}.
 */
@ParleyInfraTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parley.presence.offline-delay=1500ms",
      "parley.presence.node-sweep-interval=300ms",
      "parley.presence.settle-interval=100ms",
      "parley.presence.max-contacts=10",
      "parley.presence.max-watches-per-request=5",
      "parley.presence.lookup-rate.capacity=30",
      "parley.presence.lookup-rate.refill-every=50ms"
    })
@Import(TestAuthConfiguration.class)
public abstract class PresenceIntegrationTest {

  /** A response with its JSON body. */
  public record Response(int status, JsonNode body) {}

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  protected static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicLong EPOCHS = new AtomicLong(1);

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    SpringInfra.register(registry);
  }

  @Value("${local.server.port}")
  protected int port;

  @Autowired protected StringRedisTemplate redis;
  @Autowired protected RedisConnectionFactory redisConnections;
  @Autowired protected KafkaTemplate<String, Message> kafka;

  protected TestDevices devices;

  @BeforeEach
  void setUpDevices() {
    devices = new TestDevices(redis);
  }

  /** A fresh edge node id with a live lease of the given TTL. */
  protected String liveNode(Duration ttl) {
    String node = "edge-test-" + UUID.randomUUID().toString().substring(0, 8);
    redis.opsForValue().set(leaseKey(node), "test", ttl);
    return node;
  }

  protected static String leaseKey(String node) {
    return "edge:node:{" + node + "}";
  }

  /** A session of the device on the node, as the edge announces it; answers the session. */
  public record Session(TestDevices.Device device, String node, String id, long epoch) {}

  protected Session connect(TestDevices.Device device, String node) {
    return connect(device, node, EPOCHS.incrementAndGet());
  }

  protected Session connect(TestDevices.Device device, String node, long epoch) {
    Session session = new Session(device, node, "s-" + UUID.randomUUID(), epoch);
    send(
        device.accountId(),
        SessionEvent.newBuilder()
            .setMetadata(Events.metadata(Clock.systemUTC(), "edge-service", node))
            .setDeviceConnected(
                DeviceConnected.newBuilder()
                    .setDevice(Events.device(device.accountId(), device.deviceId()))
                    .setNodeId(node)
                    .setSessionId(session.id())
                    .setConnectionEpoch(epoch))
            .build());
    return session;
  }

  protected void disconnect(Session session) {
    send(
        session.device().accountId(),
        SessionEvent.newBuilder()
            .setMetadata(Events.metadata(Clock.systemUTC(), "edge-service", session.node()))
            .setDeviceDisconnected(
                DeviceDisconnected.newBuilder()
                    .setDevice(
                        Events.device(session.device().accountId(), session.device().deviceId()))
                    .setNodeId(session.node())
                    .setSessionId(session.id())
                    .setReason(DisconnectReason.DISCONNECT_REASON_CLIENT_CLOSED)
                    .setConnectionEpoch(session.epoch()))
            .build());
  }

  /** Benchmarks set it: events are sent without waiting for each acknowledgement. */
  protected boolean pipelineEvents;

  private void send(UUID account, SessionEvent event) {
    try {
      var sent = kafka.send(Topics.SESSIONS.name(), account.toString(), event);
      if (!pipelineEvents) {
        sent.get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  protected Response call(String method, String path, Object body, String token) {
    return call(port, method, path, body, token);
  }

  /** The same through another base URL on this machine (the edge). */
  protected Response call(int port, String method, String path, Object body, String token) {
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
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET /v1/presence/{target} as the viewer. */
  protected JsonNode presence(TestDevices.Device viewer, UUID target) {
    Response response = call("GET", "/v1/presence/" + target, null, viewer.token());
    if (response.status() != 200) {
      throw new AssertionError("GET presence answered " + response);
    }
    return response.body();
  }

  protected void settings(TestDevices.Device device, String online, String lastSeen) {
    Response response =
        call(
            "PUT",
            "/v1/presence/settings",
            Map.of("online", online, "lastSeen", lastSeen),
            device.token());
    if (response.status() != 200) {
      throw new AssertionError("PUT settings answered " + response);
    }
  }

  protected void contacts(TestDevices.Device device, UUID... accounts) {
    Response response =
        call(
            "PUT",
            "/v1/presence/contacts",
            Map.of("accounts", List.of(accounts).stream().map(UUID::toString).toList()),
            device.token());
    if (response.status() != 204) {
      throw new AssertionError("PUT contacts answered " + response);
    }
  }

  /** The edge's watch registration for one session. */
  protected Response watch(String node, UUID viewer, UUID... targets) {
    return call(
        "POST",
        "/internal/v1/presence/watches",
        Map.of(
            "node",
            node,
            "viewer",
            viewer.toString(),
            "accounts",
            List.of(targets).stream().map(UUID::toString).toList()),
        null);
  }

  protected NodeChannel channel(String node) {
    return new NodeChannel(redisConnections, node);
  }
}
