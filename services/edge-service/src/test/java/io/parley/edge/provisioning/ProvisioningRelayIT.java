package io.parley.edge.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.edge.support.EdgeIntegrationTest;
import io.parley.security.test.TestDevices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The provisioning relay: one address, one opaque message, limits. */
class ProvisioningRelayIT extends EdgeIntegrationTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A new device's provisioning socket. */
  private final class NewDevice implements WebSocket.Listener, AutoCloseable {
    final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final WebSocket socket;

    NewDevice() {
      socket =
          HTTP.newWebSocketBuilder()
              .buildAsync(URI.create("ws://localhost:" + port + "/ws/provisioning"), this)
              .join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      received.add(JSON.readTree(data.toString()));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    JsonNode next() throws InterruptedException {
      JsonNode node = received.poll(15, TimeUnit.SECONDS);
      assertThat(node).as("a provisioning frame").isNotNull();
      return node;
    }

    @Override
    public void close() {
      socket.abort();
    }
  }

  /** Every test opens channels from 127.0.0.1: each starts with a full bucket. */
  @BeforeEach
  void refillTheOpenBucket() {
    redis.delete("rl:{provisioning-open:127.0.0.1}");
  }

  private HttpResponse<String> put(String address, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/provisioning/" + address))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void relaysOneOpaqueMessageToTheWaitingDeviceThenForgetsTheAddress() throws Exception {
    TestDevices.Device primary = devices.register();
    String ciphertext = Base64.getEncoder().encodeToString("opaque provisioning bytes".getBytes());
    try (NewDevice newDevice = new NewDevice()) {
      JsonNode address = newDevice.next();
      assertThat(address.get("type").asString()).isEqualTo("address");
      String value = address.get("address").asString();
      assertThat(value).matches("[A-Za-z0-9_-]{22}");

      assertThat(put(value, null, "{\"body\":\"" + ciphertext + "\"}").statusCode()).isEqualTo(401);
      HttpResponse<String> delivered =
          put(value, primary.token(), "{\"body\":\"" + ciphertext + "\"}");
      assertThat(delivered.statusCode()).isEqualTo(204);

      JsonNode message = newDevice.next();
      assertThat(message.get("type").asString()).isEqualTo("message");
      assertThat(message.get("body").asString()).isEqualTo(ciphertext);
      assertThat(newDevice.closed.get(15, TimeUnit.SECONDS)).isEqualTo(1000);

      HttpResponse<String> again = put(value, primary.token(), "{\"body\":\"" + ciphertext + "\"}");
      assertThat(again.statusCode()).isEqualTo(404);
      assertThat(again.body()).contains("unknown-provisioning-address");
    }
  }

  @Test
  void refusesOversizedMalformedAndUnknownAddresses() throws Exception {
    TestDevices.Device primary = devices.register();
    try (NewDevice newDevice = new NewDevice()) {
      String address = newDevice.next().get("address").asString();
      String big = Base64.getEncoder().encodeToString(new byte[2048]);
      assertThat(put(address, primary.token(), "{\"body\":\"" + big + "\"}").statusCode())
          .isEqualTo(413);
      assertThat(put(address, primary.token(), "{\"body\":\"%%%\"}").statusCode()).isEqualTo(400);
      assertThat(put(address, primary.token(), "{}").statusCode()).isEqualTo(400);
      assertThat(put("not-an-address", primary.token(), "{\"body\":\"AA==\"}").statusCode())
          .isEqualTo(400);
      assertThat(put("AAAAAAAAAAAAAAAAAAAAAA", primary.token(), "{\"body\":\"AA==\"}").statusCode())
          .isEqualTo(404);
      // The refused attempts did not use the address up.
      assertThat(put(address, primary.token(), "{\"body\":\"AA==\"}").statusCode()).isEqualTo(204);
    }
  }

  @Test
  void limitsHowManyChannelsOneClientAddressOpens() throws Exception {
    int rateLimited = 0;
    for (int i = 0; i < 15 && rateLimited == 0; i++) {
      try (NewDevice device = new NewDevice()) {
        Integer code = device.closed.completeOnTimeout(-1, 500, TimeUnit.MILLISECONDS).get();
        if (code == 4029) {
          rateLimited++;
        }
      }
    }
    assertThat(rateLimited).as("a channel refused with 4029 within 15 opens").isEqualTo(1);
  }
}
