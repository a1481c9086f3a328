package io.parley.testsupport.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeviceConnected;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.RedisInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The boot test every Parley service extends: the service starts on real Kafka and Redis, its
 * health, liveness and readiness are UP, it exposes Prometheus metrics, its own Kafka producer and
 * consumer configuration carries an event through the broker, it reaches Redis, and its readiness
 * goes DOWN while Redis is stopped and UP again when Redis returns.
 */
@ParleyInfraTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceBootContract {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @DynamicPropertySource
  static void parleyInfra(DynamicPropertyRegistry registry) {
    SpringInfra.register(registry);
  }

  @Value("${local.server.port}")
  protected int port;

  @Value("${spring.application.name}")
  protected String applicationName;

  @Autowired protected KafkaTemplate<String, Message> kafkaTemplate;

  @Autowired protected ConsumerFactory<String, Message> consumerFactory;

  @Autowired protected StringRedisTemplate redisTemplate;

  @Autowired protected Clock clock;

  protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthLivenessAndReadinessAreUpWithKafkaAndRedisInReadiness() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    HttpResponse<String> liveness = get("/actuator/health/liveness");
    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"kafka\"").contains("\"redis\"");
    // Kubernetes probes may also use the additional paths on the main port.
    assertThat(get("/livez").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void exposesPrometheusMetricsTaggedWithTheApplication() throws Exception {
    HttpResponse<String> metrics = get("/actuator/prometheus");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("jvm_memory_used_bytes")
        .contains("application=\"" + applicationName + "\"");
  }

  @Test
  void carriesAnEventThroughKafkaWithItsOwnProducerAndConsumerConfiguration() throws Exception {
    String accountId = UUID.randomUUID().toString();
    SessionEvent event =
        SessionEvent.newBuilder()
            .setMetadata(Events.metadata(clock, applicationName, "boot-test"))
            .setDeviceConnected(
                DeviceConnected.newBuilder()
                    .setDevice(Events.device(UUID.fromString(accountId), 1))
                    .setNodeId("boot-test")
                    .setSessionId(UUID.randomUUID().toString()))
            .build();

    SendResult<String, Message> sent =
        kafkaTemplate.send(Topics.SESSIONS.name(), accountId, event).get();

    TopicPartition partition =
        new TopicPartition(Topics.SESSIONS.name(), sent.getRecordMetadata().partition());
    try (Consumer<String, Message> consumer =
        consumerFactory.createConsumer("boot-test-" + UUID.randomUUID(), "boot-test")) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, sent.getRecordMetadata().offset());
      ConsumerRecord<String, Message> received = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received == null && System.nanoTime() < deadline) {
        ConsumerRecords<String, Message> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, Message> record : records) {
          if (accountId.equals(record.key())) {
            received = record;
          }
        }
      }
      assertThat(received).as("the event read back from " + partition).isNotNull();
      assertThat(received.value()).isEqualTo(event);
    }
  }

  @Test
  void readsAndWritesRedis() {
    String key = "boot-test:" + applicationName + ":" + UUID.randomUUID();
    redisTemplate.opsForValue().set(key, "hello", Duration.ofMinutes(1));

    assertThat(redisTemplate.opsForValue().get(key)).isEqualTo("hello");
  }

  @Test
  void readinessGoesDownWhileRedisIsStoppedAndUpWhenItReturns() throws Exception {
    RedisInfra redis = ParleyInfra.redis();
    redis.assumeRestartable();

    redis.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503));
      // Liveness is not about dependencies: a restart would not bring Redis back.
      assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    } finally {
      redis.start();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200));
  }
}
