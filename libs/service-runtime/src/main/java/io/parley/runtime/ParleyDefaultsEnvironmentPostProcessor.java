package io.parley.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Parley service shares, added with the lowest precedence: a service's own
 * application.yml, profiles, environment variables and command-line arguments all override them.
 * Kept here rather than copied into six application.yml files.
 */
public class ParleyDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "parleyServiceDefaults";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults()));
  }

  static Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    // Health: liveness says "restart me", readiness says "send me traffic" and so follows the
    // servers the service cannot work without.
    d.put("management.endpoints.web.exposure.include", "health,info,prometheus");
    d.put("management.endpoint.health.probes.enabled", "true");
    d.put("management.endpoint.health.probes.add-additional-paths", "true");
    d.put("management.endpoint.health.show-components", "always");
    d.put("management.endpoint.health.group.liveness.include", "livenessState");
    d.put("management.endpoint.health.group.readiness.include", "readinessState,redis,kafka");
    d.put("management.endpoint.health.group.readiness.show-components", "always");
    d.put("management.prometheus.metrics.export.enabled", "true");
    d.put("management.metrics.tags.application", "${spring.application.name}");
    // An observation around every Spring Security filter of every request cost about a fifth of
    // the throughput of prekey fetches (docs/benchmarks.md); HTTP server metrics remain.
    d.put("management.observations.enable.spring.security", "false");
    // Histograms (Prometheus buckets) for the meters the dashboards take quantiles of, summed
    // across instances: delivery latency and mailbox depth.
    d.put("management.metrics.distribution.percentiles-histogram.parley.delivery.latency", "true");
    d.put("management.metrics.distribution.percentiles-histogram.parley.mailbox.depth", "true");
    // Metrics go out through /actuator/prometheus only; the OpenTelemetry starter would otherwise
    // also push them over OTLP to localhost every minute.
    d.put("management.otlp.metrics.export.enabled", "false");
    // Traces: a span around every Kafka send and every listener delivery, the W3C trace context in
    // the record's headers, so one trace runs from the edge through Kafka to routing. Exported
    // over OTLP only where management.opentelemetry.tracing.export.otlp.endpoint is set
    // (compose, Kubernetes); trace and span ids are in every log line either way.
    d.put("spring.kafka.template.observation-enabled", "true");
    d.put("spring.kafka.listener.observation-enabled", "true");
    d.put("management.tracing.sampling.probability", "0.1");
    d.put("management.tracing.propagation.type", "w3c");
    // Kafka: events are durable once acknowledged by all in-sync replicas, never duplicated by
    // producer retries, keyed by account id (text) and encoded as Protocol Buffers.
    d.put("spring.kafka.bootstrap-servers", "localhost:19092");
    d.put("spring.kafka.producer.acks", "all");
    d.put("spring.kafka.producer.properties.enable.idempotence", "true");
    d.put(
        "spring.kafka.producer.key-serializer",
        "org.apache.kafka.common.serialization.StringSerializer");
    d.put("spring.kafka.producer.value-serializer", "io.parley.contracts.kafka.ProtobufSerializer");
    d.put(
        "spring.kafka.consumer.key-deserializer",
        "org.apache.kafka.common.serialization.StringDeserializer");
    d.put(
        "spring.kafka.consumer.value-deserializer",
        "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
    d.put(
        "spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
        "io.parley.contracts.kafka.EventDeserializer");
    d.put("spring.kafka.consumer.enable-auto-commit", "false");
    d.put("spring.kafka.consumer.auto-offset-reset", "earliest");
    d.put("spring.kafka.consumer.group-id", "${spring.application.name}");
    d.put("spring.kafka.admin.fail-fast", "false");
    // Redis: a dead server must show in readiness within seconds, not after Lettuce's 60 s.
    d.put("spring.data.redis.host", "localhost");
    d.put("spring.data.redis.port", "16379");
    d.put("spring.data.redis.timeout", "2s");
    d.put("spring.data.redis.connect-timeout", "2s");
    // Shutdown drains in-flight requests before the context closes.
    d.put("server.shutdown", "graceful");
    d.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
    return d;
  }
}
