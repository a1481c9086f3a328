package io.parley.edge.presence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * presence-service's internal watch endpoints, asynchronous so that no WebSocket thread waits: the
 * viewer is the session's authenticated account, never anything the client wrote.
 */
@Component
class PresenceClient {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final URI watches;
  private final URI release;
  private final Duration timeout;
  private final String node;
  private final JsonMapper json;

  PresenceClient(
      @Value("${parley.upstreams.presence:http://localhost:8084}") URI presence,
      EdgePresenceProperties properties,
      io.parley.edge.session.NodeLease lease,
      JsonMapper json) {
    String base = presence.toString().replaceAll("/+$", "");
    this.watches = URI.create(base + "/internal/v1/presence/watches");
    this.release = URI.create(base + "/internal/v1/presence/watches/release");
    this.timeout = properties.requestTimeout();
    this.node = lease.nodeId();
    this.json = json;
  }

  /** Registers watches of one session; completes with the snapshot (one view per account). */
  CompletableFuture<List<JsonNode>> watch(UUID viewer, Collection<UUID> accounts) {
    return post(watches, viewer, accounts)
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    "presence-service answered " + response.statusCode() + ": " + response.body());
              }
              JsonNode presence = json.readTree(response.body()).get("presence");
              return presence == null ? List.of() : presence.valueStream().toList();
            });
  }

  /** Drops watches of one session. */
  CompletableFuture<Void> release(UUID viewer, Collection<UUID> accounts) {
    return post(release, viewer, accounts)
        .thenAccept(
            response -> {
              if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                    "presence-service answered " + response.statusCode());
              }
            });
  }

  private CompletableFuture<HttpResponse<String>> post(
      URI uri, UUID viewer, Collection<UUID> accounts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", node);
    body.put("viewer", viewer.toString());
    body.put("accounts", accounts.stream().map(UUID::toString).toList());
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
