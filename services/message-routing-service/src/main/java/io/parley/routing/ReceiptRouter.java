package io.parley.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.parley.contracts.Events;
import io.parley.contracts.events.v1.DeliveryEvent;
import io.parley.contracts.events.v1.MessageAcknowledged;
import io.parley.mailbox.DeviceDirectory;
import io.parley.mailbox.Mailbox;
import io.parley.mailbox.MailboxAddress;
import io.parley.mailbox.MailboxEntry;
import io.parley.mailbox.MailboxTracing;
import io.parley.mailbox.ServerGuids;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code MessageAcknowledged} → a "delivered" receipt envelope in every device of the original
 * sender's account (so each of its devices can show the tick). Sync copies, acknowledged by the
 * sender's own devices, make none. Receipts wake no one: they wait for the next session.
 */
@Component
class ReceiptRouter {

  private final DeviceDirectory directory;
  private final Mailbox mailbox;
  private final Envelopes envelopes;
  private final DeliveryNotifier notifier;
  private final MeterRegistry meters;
  private final Tracer tracer;

  ReceiptRouter(
      DeviceDirectory directory,
      Mailbox mailbox,
      Envelopes envelopes,
      DeliveryNotifier notifier,
      MeterRegistry meters,
      ObjectProvider<Tracer> tracer) {
    this.tracer = tracer.getIfAvailable();
    this.directory = directory;
    this.mailbox = mailbox;
    this.envelopes = envelopes;
    this.notifier = notifier;
    this.meters = meters;
  }

  void route(DeliveryEvent event) {
    if (!event.hasMessageAcknowledged()) {
      return;
    }
    MessageAcknowledged ack = event.getMessageAcknowledged();
    UUID recipient = MessageRouter.account(ack.getRecipient().getAccountId(), "recipient");
    UUID sender = MessageRouter.account(ack.getOriginalSender().getAccountId(), "original_sender");
    if (ack.getServerGuid().isEmpty() || ack.getRecipient().getDeviceId() < 1) {
      throw new InvalidEventException("MessageAcknowledged without a GUID or recipient device");
    }
    if (recipient.equals(sender)) {
      return; // a sync copy
    }
    if (!event.hasMetadata() || !event.getMetadata().hasOccurredAt()) {
      throw new InvalidEventException("MessageAcknowledged without metadata.occurred_at");
    }
    long acknowledgedAt = Events.instant(event.getMetadata().getOccurredAt()).toEpochMilli();
    long expiresAt = acknowledgedAt + mailbox.properties().ttl().toMillis();
    for (Map.Entry<Integer, DeviceDirectory.Entry> device :
        directory.reachableDevices(sender).orElse(Map.of()).entrySet()) {
      MailboxAddress address =
          new MailboxAddress(sender, device.getKey(), device.getValue().incarnation());
      String guid =
          ServerGuids.deliveryReceipt(ack.getServerGuid(), sender.toString(), device.getKey());
      MailboxEntry entry =
          envelopes.deliveryReceipt(
              guid,
              ack.getServerGuid(),
              ack.getClientMessageId(),
              sender.toString(),
              ack.getOriginalSender().getDeviceId(),
              recipient.toString(),
              ack.getRecipient().getDeviceId(),
              acknowledgedAt,
              expiresAt);
      Mailbox.AppendResult result =
          mailbox.append(address, guid, entry.withTraceparent(MailboxTracing.current(tracer)));
      meters
          .counter(
              "parley.routing.appended",
              "kind",
              MailboxEntry.DELIVERY_RECEIPT,
              "status",
              result.status().name().toLowerCase(java.util.Locale.ROOT))
          .increment();
      if (result.status() == Mailbox.AppendStatus.APPENDED
          || result.status() == Mailbox.AppendStatus.DUPLICATE) {
        notifier.appended(address, result.connectedNode(), false, false);
      }
    }
  }
}
