package io.parley.runtime.events;

import com.google.protobuf.Message;
import io.parley.contracts.Events;
import io.parley.contracts.Topic;
import io.parley.contracts.events.v1.EventMetadata;
import io.parley.runtime.ParleyProperties;
import io.parley.runtime.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes an event and waits for the broker's acknowledgement (acks=all): a change is reported done
 * only once every service can learn of it. A broker that does not acknowledge in time is a 503 for
 * the request that caused it.
 */
public class EventPublisher {

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaTemplate<String, Message> kafka;
  private final Clock clock;
  private final String producer;
  private final String nodeId;

  public EventPublisher(
      KafkaTemplate<String, Message> kafka,
      Clock clock,
      String producer,
      ParleyProperties properties) {
    this.kafka = kafka;
    this.clock = clock;
    this.producer = producer;
    this.nodeId = properties.nodeId();
  }

  /** Fresh metadata for an event this service produces now. */
  public EventMetadata metadata() {
    return Events.metadata(clock, producer, nodeId);
  }

  public <V extends Message> void publish(Topic<V> topic, String key, V event) {
    try {
      kafka.send(topic.name(), key, event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(topic, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw unavailable(topic, e);
    }
  }

  /**
   * Writes many events at once and waits until the broker acknowledged every one (the producer
   * batches them), for bulk jobs where one round trip per event would dominate. On failure some of
   * them may have been written: the caller undoes what it can, as after {@link #publish}.
   */
  public <V extends Message> void publishAll(Topic<V> topic, List<Map.Entry<String, V>> events) {
    List<CompletableFuture<?>> sent = new ArrayList<>(events.size());
    try {
      for (Map.Entry<String, V> event : events) {
        sent.add(kafka.send(topic.name(), event.getKey(), event.getValue()));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(topic, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw unavailable(topic, e);
    }
  }

  private static ApiException unavailable(Topic<?> topic, Exception cause) {
    log.warn("could not publish to {}: {}", topic.name(), cause.toString());
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "the change could not be recorded; retry");
  }
}
