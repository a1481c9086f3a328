package io.parley.edge.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.parley.edge.session.NodeLease;
import io.parley.edge.support.EdgeIntegrationTest;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.stomp.StompTestClient;
import io.parley.testsupport.stomp.StompTestClient.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge's side of presence with presence-service stood in by a local HTTP server: what the edge
 * registers and releases, what it refuses before asking, and that a change published to this node
 * reaches exactly the sessions that watch the account and that presence-service named. The whole
 * path with the real presence-service: presence-service's {@code PresenceThroughTheEdgeIT}.
 */
class PresenceWatchesIT extends EdgeIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<JsonNode> WATCHES = new CopyOnWriteArrayList<>();
  private static final List<JsonNode> RELEASES = new CopyOnWriteArrayList<>();
  private static final AtomicInteger FAIL_NEXT = new AtomicInteger();
  private static final HttpServer PRESENCE = stubPresence();

  @DynamicPropertySource
  static void presence(DynamicPropertyRegistry registry) {
    registry.add(
        "parley.upstreams.presence", () -> "http://localhost:" + PRESENCE.getAddress().getPort());
    registry.add("parley.edge.presence.max-watches", () -> "3");
  }

  private static HttpServer stubPresence() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.createContext(
          "/internal/v1/presence/watches",
          exchange -> {
            JsonNode body =
                JSON.readTree(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer;
            int status;
            if (exchange.getRequestURI().getPath().endsWith("/release")) {
              RELEASES.add(body);
              status = 204;
              answer = new byte[0];
            } else if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              status = 503;
              answer = "{}".getBytes(StandardCharsets.UTF_8);
            } else {
              WATCHES.add(body);
              List<Map<String, Object>> views = new ArrayList<>();
              body.get("accounts")
                  .valueStream()
                  .forEach(a -> views.add(Map.of("accountId", a.asString(), "online", false)));
              status = 200;
              answer = JSON.writeValueAsBytes(Map.of("presence", views));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
              exchange.getResponseBody().write(answer);
            }
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Autowired NodeLease lease;

  @BeforeEach
  void reset() {
    FAIL_NEXT.set(0);
  }

  private StompTestClient watcher(TestDevices.Device device) {
    StompTestClient client = connected(device);
    client.subscribe("presence", "/user/queue/presence", null);
    return client;
  }

  private static String accounts(UUID... ids) {
    List<String> list = new ArrayList<>();
    for (UUID id : ids) {
      list.add(id.toString());
    }
    return JSON.writeValueAsString(Map.of("accounts", list));
  }

  private void publish(UUID target, Map<String, Object> views) {
    redis.convertAndSend(
        PresenceDeliveryConfiguration.channel(lease.nodeId()),
        JSON.writeValueAsString(Map.of("accountId", target.toString(), "views", views)));
  }

  private static boolean isPresence(Frame f) {
    return "MESSAGE".equals(f.command()) && "/user/queue/presence".equals(f.header("destination"));
  }

  @Test
  void registersWithTheSessionsAccountDeliversChangesToWatchersNamedAndReleasesOnClose() {
    TestDevices.Device viewer = devices.register();
    TestDevices.Device other = devices.register();
    UUID target = UUID.randomUUID();
    UUID unwatched = UUID.randomUUID();
    try (StompTestClient client = watcher(viewer);
        StompTestClient bystander = watcher(other)) {
      client.send("/app/presence/watch", "w1", accounts(target));
      Frame snapshot = client.await(PresenceWatchesIT::isPresence, WAIT);
      assertThat(JSON.readTree(snapshot.body()))
          .isEqualTo(
              JSON.readTree(
                  "{\"type\":\"snapshot\",\"presence\":[{\"accountId\":\""
                      + target
                      + "\",\"online\":false}]}"));
      client.awaitReceipt("w1", WAIT);
      JsonNode registered = WATCHES.get(WATCHES.size() - 1);
      assertThat(registered.get("viewer").asString()).isEqualTo(viewer.accountId().toString());
      assertThat(registered.get("node").asString()).isEqualTo(lease.nodeId());

      // The bystander watches the same account but presence-service did not name its account.
      bystander.send("/app/presence/watch", "w2", accounts(target));
      bystander.awaitReceipt("w2", WAIT);
      publish(
          target,
          Map.of(
              viewer.accountId().toString(),
              Map.of("accountId", target.toString(), "online", true)));
      publish(
          unwatched,
          Map.of(
              viewer.accountId().toString(),
              Map.of("accountId", unwatched.toString(), "online", true)));
      Frame change = client.await(PresenceWatchesIT::isPresence, WAIT);
      assertThat(JSON.readTree(change.body()))
          .isEqualTo(
              JSON.readTree(
                  "{\"type\":\"change\",\"accountId\":\"" + target + "\",\"online\":true}"));
      assertThat(client.poll(Duration.ofMillis(500))).isNull();
      assertThat(bystander.poll(Duration.ofMillis(200))).isNull();

      client.sendRaw("DISCONNECT\nreceipt:bye\n\n\0");
      client.awaitReceipt("bye", WAIT);
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                RELEASES.stream()
                    .anyMatch(
                        r ->
                            r.get("viewer").asString().equals(viewer.accountId().toString())
                                && r.get("accounts").get(0).asString().equals(target.toString())));
  }

  @Test
  void refusesWatchesItCannotTakeWithNotices() {
    TestDevices.Device device = devices.register();
    try (StompTestClient client = connected(device)) {
      client.send("/app/presence/watch", "a", accounts(UUID.randomUUID()));
      assertThat(client.awaitNotice("presence_not_subscribed", WAIT).body())
          .contains("\"receiptId\":\"a\"");
      client.subscribe("presence", "/user/queue/presence", null);
      client.send("/app/presence/watch", "b", "{\"accounts\":[]}");
      assertThat(client.awaitNotice("invalid_watch", WAIT).body()).contains("at least one account");
      client.send("/app/presence/watch", "c", "{\"accounts\":[\"x\", 5]}");
      Frame invalid = client.awaitNotice("invalid_watch", WAIT);
      assertThat(invalid.body())
          .contains("accounts[0] is not an account id")
          .contains("accounts[1] is not an account id");
      client.send("/app/presence/watch", "d", "not json");
      client.awaitNotice("malformed_body", WAIT);
      client.send(
          "/app/presence/watch",
          "e",
          accounts(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
      assertThat(client.awaitNotice("invalid_watch", WAIT).body()).contains("at most 3");
      client.send("/app/presence/watch", "f", accounts(UUID.randomUUID(), UUID.randomUUID()));
      client.awaitReceipt("f", WAIT);
      client.send("/app/presence/watch", "g", accounts(UUID.randomUUID(), UUID.randomUUID()));
      assertThat(client.awaitNotice("watch_limit_exceeded", WAIT).body())
          .contains("\"maxWatches\":3")
          .contains("\"watching\":2")
          .contains("\"requested\":2");
    }
  }

  @Test
  void aWatchPresenceServiceDidNotTakeIsUnavailableAndNotKept() {
    TestDevices.Device device = devices.register();
    UUID target = UUID.randomUUID();
    try (StompTestClient client = watcher(device)) {
      FAIL_NEXT.set(1);
      client.send("/app/presence/watch", "w", accounts(target));
      assertThat(client.awaitNotice("unavailable", WAIT).body()).contains("\"receiptId\":\"w\"");
      publish(
          target,
          Map.of(
              device.accountId().toString(),
              Map.of("accountId", target.toString(), "online", true)));
      assertThat(client.poll(Duration.ofMillis(500))).isNull();
    }
  }

  @Test
  void watchChangesAreRateLimitedPerSession() {
    TestDevices.Device device = devices.register();
    try (StompTestClient client = watcher(device)) {
      for (int i = 0; i < 25; i++) {
        client.send("/app/presence/unwatch", "u" + i, accounts(UUID.randomUUID()));
      }
      assertThat(client.awaitNotice("rate_limited", WAIT).body()).contains("retryAfterMillis");
    }
  }
}
