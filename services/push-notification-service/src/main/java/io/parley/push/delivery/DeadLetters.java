package io.parley.push.delivery;

import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a push request that failed for good to {@code <topic>.dlt}: the same key and value, and
 * headers saying why ({@code parley-dlt-reason}, {@code parley-dlt-provider}, {@code
 * parley-dlt-status}) and where it came from ({@code parley-dlt-original-topic}, {@code
 * -partition}, {@code -offset}). Waits for the broker's acknowledgement, so the request's offset is
 * committed only once its dead letter is durable.
 */
@Component
class DeadLetters {

  static final String REASON = "parley-dlt-reason";
  static final String PROVIDER = "parley-dlt-provider";
  static final String STATUS = "parley-dlt-status";

  private final KafkaTemplate<String, Message> kafka;

  DeadLetters(KafkaTemplate<String, Message> kafka) {
    this.kafka = kafka;
  }

  void publish(
      ConsumerRecord<String, ? extends Message> record, PushDispatcher.Outcome.DeadLetter why) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON, bytes(why.reason()));
    headers.add(PROVIDER, bytes(why.provider().tag()));
    headers.add(STATUS, bytes(String.valueOf(why.status())));
    headers.add("parley-dlt-original-topic", bytes(record.topic()));
    headers.add("parley-dlt-original-partition", bytes(String.valueOf(record.partition())));
    headers.add("parley-dlt-original-offset", bytes(String.valueOf(record.offset())));
    ProducerRecord<String, Message> letter =
        new ProducerRecord<>(record.topic() + ".dlt", null, record.key(), record.value(), headers);
    try {
      kafka.send(letter).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering", e);
    } catch (ExecutionException | TimeoutException e) {
      // The container's error handler retries the record: the dead letter is written at least once.
      throw new IllegalStateException("cannot write the dead letter of " + record.topic(), e);
    }
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
