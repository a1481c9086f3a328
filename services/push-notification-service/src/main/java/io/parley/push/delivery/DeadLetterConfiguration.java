package io.parley.push.delivery;

import com.google.protobuf.Message;
import io.parley.contracts.Topics;
import io.parley.runtime.ParleyProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Dead letters of this service's consumers ({@code parley.push-requests.v1.dlt}, {@code
 * parley.accounts.v1.dlt}).
 *
 * <p>The listener error handler replaces libs/service-runtime's: a record that cannot be decoded
 * (or any other failure Spring Kafka classes as not retryable) goes at once to {@code <topic>.dlt}
 * with its original bytes and Spring Kafka's exception headers; anything else (Redis or Kafka down)
 * is retried with backoff for as long as it takes, the partition held, as in every Parley service.
 * Push requests that fail at the provider are dead-lettered by {@link DeadLetters}, not here.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

  @Bean
  CommonErrorHandler pushListenerErrorHandler(
      ProducerFactory<String, Message> producerFactory, KafkaTemplate<String, Message> events) {
    // Undecodable records carry raw bytes; everything else is an event.
    KafkaTemplate<String, byte[]> raw =
        new KafkaTemplate<>(
            new DefaultKafkaProducerFactory<>(
                producerFactory.getConfigurationProperties(),
                new StringSerializer(),
                new ByteArraySerializer()));
    Map<Class<?>, KafkaOperations<? extends Object, ? extends Object>> templates =
        new LinkedHashMap<>();
    templates.put(byte[].class, raw);
    templates.put(Object.class, events);
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            templates, (record, e) -> new TopicPartition(record.topic() + ".dlt", -1));
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(5_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    return new DefaultErrorHandler(recoverer, backOff);
  }

  /** The dead-letter topics, created at start like the contract topics. */
  @Bean
  @ConditionalOnProperty(name = "parley.kafka.create-topics", matchIfMissing = true)
  KafkaAdmin.NewTopics pushDeadLetterTopics(ParleyProperties properties) {
    ParleyProperties.Kafka kafka = properties.kafka();
    return new KafkaAdmin.NewTopics(
        Stream.of(Topics.PUSH_REQUESTS, Topics.ACCOUNTS)
            .map(
                topic ->
                    TopicBuilder.name(topic.deadLetterName())
                        .partitions(kafka.partitions())
                        .replicas(kafka.replicationFactor())
                        .config(
                            "min.insync.replicas",
                            String.valueOf(Math.min(2, kafka.replicationFactor())))
                        .build())
            .toArray(NewTopic[]::new));
  }
}
