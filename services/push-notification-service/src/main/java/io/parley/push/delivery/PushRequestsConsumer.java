package io.parley.push.delivery;

import io.parley.contracts.events.v1.PushEvent;
import io.parley.contracts.events.v1.PushRequested;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code PushRequested} from {@code parley.push-requests.v1}. Each request is handled to
 * its end before the next (sent, coalesced, deleted, or dead-lettered), so the offset committed
 * after it means it is done; retries are bounded by {@code parley.push.retry}.
 */
@Component
class PushRequestsConsumer {

  private static final Logger log = LoggerFactory.getLogger(PushRequestsConsumer.class);

  private final PushDispatcher dispatcher;
  private final DeadLetters deadLetters;
  private final PushMetrics metrics;

  PushRequestsConsumer(PushDispatcher dispatcher, DeadLetters deadLetters, PushMetrics metrics) {
    this.dispatcher = dispatcher;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  @KafkaListener(
      id = "push-requests",
      topics = "#{T(io.parley.contracts.Topics).PUSH_REQUESTS.name()}",
      concurrency = "${parley.push.consumer-concurrency:2}",
      properties = "max.poll.records=${parley.push.max-poll-records:5}")
  void on(ConsumerRecord<String, PushEvent> record) throws InterruptedException {
    PushEvent event = record.value();
    if (event.getEventCase() != PushEvent.EventCase.PUSH_REQUESTED) {
      // A kind newer than this build: skipped, as docs/events.md asks.
      return;
    }
    PushRequested request = event.getPushRequested();
    UUID accountId = accountId(request.getDevice().getAccountId());
    int deviceId = request.getDevice().getDeviceId();
    if (accountId == null || deviceId < 1) {
      // Valid protobuf, unusable content: logged and skipped, never dead-lettered (events.md §7).
      metrics.skipped("invalid_request");
      log.warn(
          "push request without a valid device at {}-{}@{}; skipped",
          record.topic(),
          record.partition(),
          record.offset());
      return;
    }
    MDC.put("accountId", accountId.toString());
    MDC.put("deviceId", String.valueOf(deviceId));
    try {
      PushDispatcher.Outcome outcome =
          dispatcher.dispatch(accountId, deviceId, request.getUrgent());
      if (outcome instanceof PushDispatcher.Outcome.DeadLetter letter) {
        deadLetters.publish(record, letter);
      }
    } finally {
      MDC.remove("accountId");
      MDC.remove("deviceId");
    }
  }

  private static UUID accountId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
