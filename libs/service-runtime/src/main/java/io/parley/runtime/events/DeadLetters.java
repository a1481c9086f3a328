package io.parley.runtime.events;

import com.google.protobuf.Message;
import io.parley.contracts.Topic;
import io.parley.runtime.ParleyProperties;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A listener error handler for services whose consumers dead-letter: a record that cannot be
 * decoded, or that fails with one of the given exceptions (an event that breaks its contract), goes
 * at once to {@code <topic>.dlt} with its original bytes and Spring Kafka's exception headers;
 * anything else (Redis or Kafka down) is retried with backoff for as long as it takes, the
 * partition held behind it, as in every Parley service. Never skipped, never dead-lettered for
 * being slow.
 */
public final class DeadLetters {

  private DeadLetters() {}

  public static DefaultErrorHandler errorHandler(
      ProducerFactory<String, Message> producerFactory,
      KafkaTemplate<String, Message> events,
      java.util.List<Class<? extends Exception>> notRetryable) {
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
    org.springframework.kafka.listener.DeadLetterPublishingRecoverer recoverer =
        new org.springframework.kafka.listener.DeadLetterPublishingRecoverer(
            templates, (record, e) -> new TopicPartition(record.topic() + ".dlt", -1));
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(5_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    notRetryable.forEach(handler::addNotRetryableExceptions);
    return handler;
  }

  /** The dead-letter topics of these topics, to declare at start like the contract topics. */
  public static KafkaAdmin.NewTopics topics(ParleyProperties properties, Topic<?>... topics) {
    ParleyProperties.Kafka kafka = properties.kafka();
    return new KafkaAdmin.NewTopics(
        Arrays.stream(topics)
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
