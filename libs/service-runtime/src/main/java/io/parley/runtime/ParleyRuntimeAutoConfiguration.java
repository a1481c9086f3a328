package io.parley.runtime;

import io.parley.contracts.Topic;
import io.parley.contracts.Topics;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires what every Parley service shares; see {@link io.parley.runtime}. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(ParleyProperties.class)
public class ParleyRuntimeAutoConfiguration {

  /** Time for everything that stamps or expires; tests replace it. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
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
