package io.parley.runtime;

import com.google.protobuf.Message;
import io.parley.contracts.Topic;
import io.parley.contracts.Topics;
import io.parley.runtime.events.EventPublisher;
import io.parley.runtime.ratelimit.TokenBuckets;
import io.parley.runtime.web.ProblemHandler;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wires what every Parley service shares; see {@link io.parley.runtime}. */
@AutoConfiguration(
    after = KafkaAutoConfiguration.class,
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties(ParleyProperties.class)
public class ParleyRuntimeAutoConfiguration {

  /** Time for everything that stamps or expires; tests replace it. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Publishes events with acks=all and waits for the acknowledgement. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(KafkaTemplate.class)
  EventPublisher eventPublisher(
      KafkaTemplate<String, Message> kafka,
      Clock clock,
      ParleyProperties properties,
      @Value("${spring.application.name:parley}") String applicationName) {
    return new EventPublisher(kafka, clock, applicationName, properties);
  }

  /**
   * Listener failures: a transient one (Redis or a downstream down) is retried with backoff for as
   * long as it takes, the partition blocked behind it, so no event is ever skipped; a record that
   * cannot be decoded is not retryable and is logged and passed over (a dead-letter topic comes
   * with message routing).
   */
  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler parleyListenerErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(5_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    return new DefaultErrorHandler(backOff);
  }

  /** Redis token buckets for rate limits. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(StringRedisTemplate.class)
  TokenBuckets tokenBuckets(StringRedisTemplate redis, Clock clock) {
    return new TokenBuckets(redis, clock);
  }

  /** RFC 9457 problem details for every refusal of a servlet web service. */
  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.bind.annotation.RestControllerAdvice")
  ProblemHandler parleyProblemHandler() {
    return new ProblemHandler();
  }

  /** Health component "kafka", in the readiness group. */
  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, ParleyProperties properties) {
    return new KafkaHealthIndicator(
        kafkaAdmin.getConfigurationProperties(), properties.kafka().healthTimeout());
  }

  /** The contract topics, created by Spring Kafka's {@link KafkaAdmin} at start if missing. */
  @Bean
  @ConditionalOnProperty(name = "parley.kafka.create-topics", matchIfMissing = true)
  KafkaAdmin.NewTopics parleyTopics(ParleyProperties properties) {
    ParleyProperties.Kafka kafka = properties.kafka();
    return new KafkaAdmin.NewTopics(
        Topics.ALL.stream().map(topic -> newTopic(topic, kafka)).toArray(NewTopic[]::new));
  }

  private static NewTopic newTopic(Topic<?> topic, ParleyProperties.Kafka kafka) {
    return TopicBuilder.name(topic.name())
        .partitions(kafka.partitions())
        .replicas(kafka.replicationFactor())
        .config("min.insync.replicas", String.valueOf(Math.min(2, kafka.replicationFactor())))
        .build();
  }
}
