package io.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.devstack.Ports;
import io.parley.devstack.Resp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, for real: {@code ./parley up} starts Kafka, Redis and the six
 * services (the jars of this build) until each is healthy, is idempotent, {@code ./parley down}
 * leaves none of their processes, and data survives a down and up. Runs on free ports and its own
 * state directory so that it never meets a platform a developer has running.
 */
class ParleyCommandIT {

  private static final List<String> SERVICES =
      List.of(
          "auth-service",
          "key-distribution-service",
          "message-routing-service",
          "presence-service",
          "push-notification-service",
          "edge-service");

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

  @TempDir Path state;

  private final Map<String, String> env = new HashMap<>();
  private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int kafkaPort;
  private int redisPort;

  private record Run(int exit, String output) {}

  private Run parley(String command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("parley").toString(), command);
    builder.directory(ROOT.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES))
        .as("./parley " + command + " finished")
        .isTrue();
    return new Run(process.exitValue(), output);
  }

  private void configure() {
    kafkaPort = Ports.free();
    redisPort = Ports.free();
    env.put("PARLEY_STATE_DIR", state.toString());
    env.put("PARLEY_SKIP_BUILD", "1");
    env.put("PARLEY_KAFKA_PORT", String.valueOf(kafkaPort));
    env.put("PARLEY_KAFKA_CONTROLLER_PORT", String.valueOf(Ports.free()));
    env.put("PARLEY_REDIS_PORT", String.valueOf(redisPort));
    for (String service : SERVICES) {
      int port = Ports.free();
      servicePorts.put(service, port);
      env.put("PARLEY_" + service.toUpperCase().replace('-', '_') + "_PORT", String.valueOf(port));
    }
  }

  private List<Long> pids() throws IOException {
    List<Long> pids = new ArrayList<>();
    for (String name : concat(SERVICES, List.of("kafka", "redis"))) {
      Path file = state.resolve("run").resolve(name + ".pid");
      if (Files.exists(file)) {
        pids.add(Long.parseLong(Files.readString(file).trim().split("\\s+")[0]));
      }
    }
    return pids;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private int health(int port) throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (!env.isEmpty()) {
      parley("down");
    }
  }

  @Test
  void upStartsEverythingHealthyIdempotentlyAndDownLeavesNothingWhileDataSurvives()
      throws Exception {
    configure();

    Run up = parley("up");
    assertThat(up.exit()).as(up.output()).isZero();
    assertThat(up.output()).contains("All healthy");
    for (Map.Entry<String, Integer> service : servicePorts.entrySet()) {
      assertThat(health(service.getValue())).as(service.getKey()).isEqualTo(200);
    }
    List<Long> firstPids = pids();
    assertThat(firstPids).hasSize(8);
    registersThroughTheEdgeAndOpensAStompSession(servicePorts.get("edge-service"));

    Run again = parley("up");
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output()).contains("already running");
    assertThat(pids()).isEqualTo(firstPids);
    assertThat(parley("status").exit()).isZero();

    String key = "platform-it:" + UUID.randomUUID();
    assertThat(Resp.call("127.0.0.1", redisPort, "SET", key, "kept")).isEqualTo("OK");
    String topic = "platform-it-" + UUID.randomUUID();
    produce(topic, "kept-record");

    Run down = parley("down");
    assertThat(down.exit()).as(down.output()).isZero();
    for (long pid : firstPids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("pid %d after down", pid)
          .isFalse();
    }
    assertThat(parley("status").exit()).isEqualTo(1);

    Run upAgain = parley("up");
    assertThat(upAgain.exit()).as(upAgain.output()).isZero();
    assertThat(Resp.call("127.0.0.1", redisPort, "GET", key)).isEqualTo("kept");
    assertThat(consumeFirst(topic)).isEqualTo("kept-record");
  }

  /**
   * The one base URL end to end: a phone registration through the edge's routes to auth-service,
   * then a STOMP session whose token the edge verifies with auth-service's published keys.
   */
  private void registersThroughTheEdgeAndOpensAStompSession(int edge) throws Exception {
    String base = "http://localhost:" + edge;
    String phone = "+1415555" + (1000 + (int) (Math.random() * 8999));
    String session =
        field(
            post(base + "/v1/verification/sessions", "{\"phoneNumber\":\"" + phone + "\"}"), "id");
    String code = field(get(base + "/v1/dev/verification-codes/" + phone), "code");
    post(base + "/v1/verification/sessions/" + session + "/code", "{\"code\":\"" + code + "\"}");
    String account =
        post(
            base + "/v1/accounts",
            "{\"verificationSessionId\":\""
                + session
                + "\",\"device\":{\"name\":\"phone\",\"registrationId\":4711}}");
    String token = field(account, "accessToken");

    CompletableFuture<String> firstFrame = new CompletableFuture<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://localhost:" + edge + "/ws"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    firstFrame.complete(data.toString());
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    socket
        .sendText(
            "CONNECT\naccept-version:1.2\nhost:localhost\nAuthorization:Bearer " + token + "\n\n\0",
            true)
        .get(10, TimeUnit.SECONDS);
    assertThat(firstFrame.get(20, TimeUnit.SECONDS)).startsWith("CONNECTED");
    socket.abort();
  }

  private String post(String url, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("POST " + url + ": " + response.body())
        .isBetween(200, 299);
    return response.body();
  }

  private String get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + url + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  private Properties kafkaConfig() {
    Properties props = new Properties();
    props.put("bootstrap.servers", "localhost:" + kafkaPort);
    return props;
  }

  private void produce(String topic, String value) throws Exception {
    try (Admin admin = Admin.create(kafkaConfig())) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Properties props = kafkaConfig();
    props.put("acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
    }
  }

  private String consumeFirst(String topic) {
    Properties props = kafkaConfig();
    props.put("group.id", "platform-it");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          return record.value();
        }
      }
    }
    return null;
  }
}
