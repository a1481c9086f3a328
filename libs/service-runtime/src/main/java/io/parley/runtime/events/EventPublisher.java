package io.parley.runtime.events;

import com.google.protobuf.Message;
import io.parley.contracts.Events;
import io.parley.contracts.Topic;
import io.parley.contracts.events.v1.EventMetadata;
import io.parley.runtime.ParleyProperties;
import io.parley.runtime.web.ApiException;
import java.time.Clock;
import java.time.Duration;
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
   * Writes an event without blocking the caller: the future completes when the broker acknowledged
   * it (acks=all), or exceptionally with a 503 {@link ApiException} when it did not in time. For
   * callers that must not hold a thread while they wait (the edge answers STOMP RECEIPTs this way).
   */
  public <V extends Message> CompletableFuture<Void> publishAsync(
      Topic<V> topic, String key, V event) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    CompletableFuture<?> sent;
    try {
      sent = kafka.send(topic.name(), key, event);
    } catch (RuntimeException e) {
      acknowledged.completeExceptionally(unavailable(topic, e));
      return acknowledged;
    }
    sent.orTimeout(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, failure) -> {
              if (failure == null) {
                acknowledged.complete(null);
              } else {
                acknowledged.completeExceptionally(
                    unavailable(
                        topic, failure instanceof Exception e ? e : new Exception(failure)));
              }
            });
    return acknowledged;
  }

  private static ApiException unavailable(Topic<?> topic, Exception cause) {
    log.warn("could not publish to {}: {}", topic.name(), cause.toString());
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "the change could not be recorded; retry");
  }
}
