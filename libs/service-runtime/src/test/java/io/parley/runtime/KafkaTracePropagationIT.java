package io.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeviceConnected;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.service.SpringInfra;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Trace context crosses Kafka with nothing but the shared defaults: a record sent inside a trace
 * (as the edge sends inside a request) arrives at a {@code @KafkaListener} of the auto-configured
 * factory (as routing's) in the same trace, with the trace id in the listener's log lines; and the
 * consumer's lag is exported to Prometheus.
 */
@ParleyInfraTest
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    classes = {RuntimeTestApplication.class, KafkaTracePropagationIT.Receiver.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=trace-it",
      // Every trace sampled, so this test never depends on the 10% production default.
      "management.tracing.sampling.probability=1.0"
    })
class KafkaTracePropagationIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final Logger log = LoggerFactory.getLogger(KafkaTracePropagationIT.class);

  /** Stands in for an OpenTelemetry collector: counts OTLP/HTTP trace exports. */
  private static final AtomicInteger OTLP_EXPORTS = new AtomicInteger();

  private static HttpServer collector;

  @DynamicPropertySource
  static void parleyInfra(DynamicPropertyRegistry registry) throws IOException {
    SpringInfra.register(registry);
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if ("POST".equals(exchange.getRequestMethod())
              && String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                  .startsWith("application/x-protobuf")) {
            OTLP_EXPORTS.incrementAndGet();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    // What compose and Kubernetes set (MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT).
    registry.add(
        "management.opentelemetry.tracing.export.otlp.endpoint",
        () -> "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
    registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "200ms");
  }

  @AfterAll
  static void stopCollector() {
    collector.stop(0);
  }

  /** What the listener saw, by record key. */
  record Seen(String traceId, String mdcTraceId, String traceparent) {}

  @Configuration(proxyBeanMethods = false)
  static class Receiver {
    final Map<String, Seen> seen = new ConcurrentHashMap<>();
    final Tracer tracer;

    Receiver(Tracer tracer) {
      this.tracer = tracer;
    }

    @Bean
    Map<String, Seen> seenByKey() {
      return seen;
    }

    @KafkaListener(topics = "parley.sessions.v1", groupId = "trace-it-listener")
    void onSessionEvent(ConsumerRecord<String, Message> record) {
      Span span = tracer.currentSpan();
      Header traceparent = record.headers().lastHeader("traceparent");
      log.info("trace-it received {}", record.key());
      seen.put(
          record.key(),
          new Seen(
              span == null ? null : span.context().traceId(),
              MDC.get("traceId"),
              traceparent == null
                  ? null
                  : new String(traceparent.value(), StandardCharsets.US_ASCII)));
    }
  }

  @Autowired KafkaTemplate<String, Message> kafka;
  @Autowired ObservationRegistry observations;
  @Autowired Tracer tracer;
  @Autowired Clock clock;
  @Autowired Map<String, Seen> seenByKey;

  @Value("${local.server.port}")
  int port;

  @Test
  void aTraceStartedBeforeTheSendContinuesInTheListenerAndItsLogLines(CapturedOutput output)
      throws Exception {
    String accountId = UUID.randomUUID().toString();
    String[] senderTraceId = new String[1];

    Observation.createNotStarted("trace-it.submit", observations)
        .observeChecked(
            () -> {
              senderTraceId[0] = tracer.currentSpan().context().traceId();
              kafka.send(Topics.SESSIONS.name(), accountId, event(accountId)).get();
            });

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(seenByKey).containsKey(accountId));
    Seen seen = seenByKey.get(accountId);
    assertThat(senderTraceId[0]).isNotBlank();
    assertThat(seen.traceparent()).as("W3C header on the record").contains(senderTraceId[0]);
    assertThat(seen.traceId()).as("the listener's span").isEqualTo(senderTraceId[0]);
    assertThat(seen.mdcTraceId()).as("the listener's logging context").isEqualTo(senderTraceId[0]);
    assertThat(output.getOut().lines())
        .filteredOn(line -> line.contains("trace-it received " + accountId))
        .singleElement()
        .asString()
        .contains(senderTraceId[0]);
  }

  @Test
  void exportsSpansOverOtlpWhereAnEndpointIsSet() throws Exception {
    Observation.createNotStarted("trace-it.export", observations)
        .observeChecked(() -> kafka.send(Topics.SESSIONS.name(), "export", event(uuid())).get());

    await().atMost(Duration.ofSeconds(30)).until(() -> OTLP_EXPORTS.get() > 0);
  }

  @Test
  void exportsTheListenerConsumersLagToPrometheus() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(get("/actuator/prometheus"))
                    .contains("kafka_consumer_fetch_manager_records_lag_max")
                    .contains("spring_kafka_listener_seconds"));
  }

  private String get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }

  private SessionEvent event(String accountId) {
    return SessionEvent.newBuilder()
        .setMetadata(Events.metadata(clock, "trace-it", "trace-it"))
        .setDeviceConnected(
            DeviceConnected.newBuilder()
                .setDevice(Events.device(UUID.fromString(accountId), 1))
                .setNodeId("trace-it")
                .setSessionId(UUID.randomUUID().toString()))
        .build();
  }
}
