package io.parley.routing;

import com.google.protobuf.Message;
import io.parley.contracts.Topics;
import io.parley.runtime.ParleyProperties;
import io.parley.runtime.events.DeadLetters;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;

/**
 * Routing's listener error handling: transient failures (Redis or Kafka down) are retried without
 * limit with the partition paused; only a record that cannot be decoded, or that breaks its
 * contract ({@link InvalidEventException}), goes to {@code <topic>.dlt}.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

  @Bean
  CommonErrorHandler routingListenerErrorHandler(
      ProducerFactory<String, Message> producerFactory, KafkaTemplate<String, Message> events) {
    return DeadLetters.errorHandler(producerFactory, events, List.of(InvalidEventException.class));
  }

  @Bean
  @ConditionalOnProperty(name = "parley.kafka.create-topics", matchIfMissing = true)
  KafkaAdmin.NewTopics routingDeadLetterTopics(ParleyProperties properties) {
    return DeadLetters.topics(
        properties, Topics.MESSAGES, Topics.DELIVERIES, Topics.ACCOUNTS, Topics.KEYS);
  }
}
