package io.parley.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates accounts through auth-service's bench endpoint ({@code POST /v1/bench/devices}, bench
 * profile only) and keeps only their access tokens. The answer is read as a stream so that a batch
 * of 10,000 never sits in memory as a tree.
 */
final class BenchAccounts {

  static final int MAX_BATCH = 10_000;

  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final JsonMapper json = JsonMapper.builder().build();

  BenchAccounts(URI authBase) {
    this.endpoint = authBase.resolve("/v1/bench/devices");
  }

  /**
   * Access tokens of {@code count} new accounts, made in batches of at most {@code batch}.
   *
   * @throws IOException auth-service refused (the message says what it answered) or is unreachable
   */
  String[] provision(int count, int batch, Progress progress)
      throws IOException, InterruptedException {
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException("provisioning batch must be 1.." + MAX_BATCH);
    }
    String[] tokens = new String[count];
    int done = 0;
    while (done < count) {
      int n = Math.min(batch, count - done);
      done += requestWithRetries(n, tokens, done);
      progress.provisioned(done, count);
    }
    return tokens;
  }

  /** A provisioned device: what a sender needs to address it and what its session needs. */
  record Device(String accountId, int deviceId, int registrationId, String accessToken) {}

  /**
   * {@code count} new accounts with everything of their primary device; with {@code publishKeys}
   * auth-service also announces each with {@code DeviceKeysPublished}, so messages can be sent to
   * them. One call (at most {@value #MAX_BATCH}), retried like {@link #provision}.
   */
  Device[] provisionDevices(int count, boolean publishKeys)
      throws IOException, InterruptedException {
    if (count < 1 || count > MAX_BATCH) {
      throw new IllegalArgumentException("devices per call must be 1.." + MAX_BATCH);
    }
    String body = "{\"count\":" + count + ",\"publishKeys\":" + publishKeys + "}";
    for (int attempt = 1; ; attempt++) {
      try {
        Device[] devices = devices(post(body));
        if (devices.length != count) {
          throw new IOException(
              "asked auth-service for " + count + " devices, got " + devices.length);
        }
        return devices;
      } catch (IOException e) {
        if (attempt == ATTEMPTS || e.getMessage().contains(" answered 4")) {
          throw e;
        }
        Thread.sleep(2_000L * attempt);
      }
    }
  }

  /** The {@code devices} of a provisioning answer. */
  Device[] devices(byte[] body) {
    var devices = json.readTree(body).get("devices");
    Device[] out = new Device[devices.size()];
    for (int i = 0; i < out.length; i++) {
      var d = devices.get(i);
      out[i] =
          new Device(
              d.get("accountId").asString(),
              d.get("deviceId").asInt(),
              d.get("registrationId").asInt(),
              d.get("accessToken").asString());
    }
    return out;
  }

  interface Progress {
    void provisioned(int done, int total);
  }

  /**
   * A failed batch is undone by auth-service, so it can simply be asked again: a busy machine's
   * Redis (fsync on every write) can stall past the service's 2 s command timeout.
   */
  private int requestWithRetries(int count, String[] into, int offset)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return request(count, into, offset);
      } catch (IOException e) {
        if (attempt == ATTEMPTS || e.getMessage().contains(" answered 4")) {
          throw e;
        }
        Thread.sleep(2_000L * attempt);
      }
    }
  }

  private static final int ATTEMPTS = 4;

  private int request(int count, String[] into, int offset)
      throws IOException, InterruptedException {
    int found = accessTokens(post("{\"count\":" + count + "}"), into, offset);
    if (found != count) {
      throw new IOException("asked auth-service for " + count + " devices, got " + found);
    }
    return found;
  }

  private byte[] post(String json) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 201) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      throw new IOException(
          "POST "
              + endpoint
              + " answered "
              + response.statusCode()
              + (response.statusCode() == 404
                  ? " (is auth-service running with the bench profile?)"
                  : "")
              + ": "
              + body.substring(0, Math.min(body.length(), 300)));
    }
    return response.body();
  }

  /** Writes each {@code devices[].accessToken} into {@code into} from {@code offset}. */
  int accessTokens(byte[] body, String[] into, int offset) {
    int found = 0;
    try (JsonParser parser = json.createParser(body)) {
      int depth = 0;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case PROPERTY_NAME -> {
            // devices[i].accessToken sits at depth 3: root object, devices array, device object.
            if (depth == 3 && "accessToken".equals(parser.currentName())) {
              parser.nextToken();
              if (offset + found >= into.length) {
                throw new IllegalStateException("auth-service returned more devices than asked");
              }
              into[offset + found++] = parser.getString();
            }
          }
          default -> {}
        }
      }
    }
    return found;
  }
}
