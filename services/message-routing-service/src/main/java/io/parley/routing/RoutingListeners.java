package io.parley.routing;

import com.google.protobuf.Message;
import io.parley.contracts.events.v1.DeliveryEvent;
import io.parley.contracts.events.v1.MessageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The two streams routing consumes, in the service's consumer group. The offset of a record is
 * committed only after the listener returned, that is after its appends; a failure is retried
 * without end with the partition held (the shared error handler), so no record is skipped and order
 * per sender account holds. Replays are harmless: every append is keyed by a deterministic GUID.
 */
@Component
class RoutingListeners {

  private final MessageRouter messages;
  private final ReceiptRouter receipts;

  RoutingListeners(MessageRouter messages, ReceiptRouter receipts) {
    this.messages = messages;
    this.receipts = receipts;
  }

  @KafkaListener(
      id = "message-routing-messages",
      topics = "parley.messages.v1",
      concurrency = "${parley.routing.concurrency:2}")
  void onMessage(ConsumerRecord<String, Message> record) {
    if (!(record.value() instanceof MessageEvent event)) {
      throw new InvalidEventException("not a MessageEvent: " + describe(record));
    }
    messages.route(event);
  }

  @KafkaListener(
      id = "message-routing-deliveries",
      topics = "parley.deliveries.v1",
      concurrency = "${parley.routing.concurrency:2}")
  void onDelivery(ConsumerRecord<String, Message> record) {
    if (!(record.value() instanceof DeliveryEvent event)) {
      throw new InvalidEventException("not a DeliveryEvent: " + describe(record));
    }
    receipts.route(event);
  }

  private static String describe(ConsumerRecord<String, Message> record) {
    return record.topic()
        + "-"
        + record.partition()
        + "@"
        + record.offset()
        + " ("
        + (record.value() == null ? "null" : record.value().getClass().getSimpleName())
        + ")";
  }
}
