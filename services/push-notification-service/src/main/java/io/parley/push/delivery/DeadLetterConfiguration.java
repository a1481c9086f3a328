package io.parley.push.delivery;

import com.google.protobuf.Message;
import io.parley.contracts.Topics;
import io.parley.runtime.ParleyProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;

/**
 * Dead letters of this service's consumers ({@code parley.push-requests.v1.dlt}, {@code
 * parley.accounts.v1.dlt}).
 *
 * <p>The listener error handler replaces libs/service-runtime's default ({@link
 * io.parley.runtime.events.DeadLetters}): a record that cannot be decoded goes at once to {@code
 * <topic>.dlt}; anything else (Redis or Kafka down) is retried with backoff for as long as it
 * takes. Push requests that fail at the provider are dead-lettered by {@link DeadLetters}, not
 * here.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

  @Bean
  CommonErrorHandler pushListenerErrorHandler(
      ProducerFactory<String, Message> producerFactory, KafkaTemplate<String, Message> events) {
    return io.parley.runtime.events.DeadLetters.errorHandler(
        producerFactory, events, java.util.List.of());
  }

  /** The dead-letter topics, created at start like the contract topics. */
  @Bean
  @ConditionalOnProperty(name = "parley.kafka.create-topics", matchIfMissing = true)
  KafkaAdmin.NewTopics pushDeadLetterTopics(ParleyProperties properties) {
    return io.parley.runtime.events.DeadLetters.topics(
        properties, Topics.PUSH_REQUESTS, Topics.ACCOUNTS);
  }
}
