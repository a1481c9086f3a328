package io.parley.routing;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.parley.contracts.Events;
import io.parley.contracts.events.v1.DeviceCiphertext;
import io.parley.contracts.events.v1.MessageEvent;
import io.parley.contracts.events.v1.MessageSubmitted;
import io.parley.contracts.events.v1.RecipientMessage;
import io.parley.mailbox.DeviceDirectory;
import io.parley.mailbox.Mailbox;
import io.parley.mailbox.MailboxAddress;
import io.parley.mailbox.MailboxEntry;
import io.parley.mailbox.MailboxTracing;
import io.parley.mailbox.ServerGuids;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Routes one {@code MessageSubmitted}: per recipient device (and the sender's own other devices),
 * the deterministic GUID and an append that happens once however often the event is replayed; then
 * a signal to the device's edge node or a push. What must be refused now that the sender has its
 * RECEIPT (a full mailbox, devices changed since the edge checked) becomes a {@code send_rejected}
 * envelope in the sending device's own mailbox.
 */
@Component
class MessageRouter {

  private static final Logger log = LoggerFactory.getLogger(MessageRouter.class);

  private final DeviceDirectory directory;
  private final Mailbox mailbox;
  private final Envelopes envelopes;
  private final DeliveryNotifier notifier;
  private final RoutingProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final DistributionSummary depth;
  private final Tracer tracer;

  MessageRouter(
      DeviceDirectory directory,
      Mailbox mailbox,
      Envelopes envelopes,
      DeliveryNotifier notifier,
      RoutingProperties properties,
      Clock clock,
      MeterRegistry meters,
      ObjectProvider<Tracer> tracer) {
    this.tracer = tracer.getIfAvailable();
    this.directory = directory;
    this.mailbox = mailbox;
    this.envelopes = envelopes;
    this.notifier = notifier;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.depth =
        DistributionSummary.builder("parley.mailbox.depth")
            .description("a device's mailbox length after each append")
            .publishPercentileHistogram()
            .register(meters);
  }

  void route(MessageEvent event) {
    if (!event.hasMessageSubmitted()) {
      return;
    }
    MessageSubmitted message = event.getMessageSubmitted();
    UUID sender = account(message.getSender().getAccountId(), "sender.account_id");
    int senderDevice = message.getSender().getDeviceId();
    if (senderDevice < 1 || message.getClientMessageId().isEmpty()) {
      throw new InvalidEventException("MessageSubmitted without a sender device or message id");
    }
    if (!event.hasMetadata() || !event.getMetadata().hasOccurredAt()) {
      throw new InvalidEventException("MessageSubmitted without metadata.occurred_at");
    }
    // The server timestamp: when the edge accepted it; the same on every replay.
    long serverTimestamp = Events.instant(event.getMetadata().getOccurredAt()).toEpochMilli();
    for (RecipientMessage recipient : message.getRecipientsList()) {
      UUID account = account(recipient.getAccountId(), "recipients.account_id");
      if (message.getEphemeral()) {
        routeEphemeral(message, sender, senderDevice, account, recipient, serverTimestamp);
      } else {
        routeDurable(message, sender, senderDevice, account, recipient, serverTimestamp);
      }
    }
  }

  private void routeDurable(
      MessageSubmitted message,
      UUID sender,
      int senderDevice,
      UUID account,
      RecipientMessage recipient,
      long serverTimestamp) {
    boolean own = account.equals(sender);
    Optional<Map<Integer, DeviceDirectory.Entry>> reachable = directory.reachableDevices(account);
    if (reachable.isEmpty() || (reachable.get().isEmpty() && !own)) {
      reject(
          message, sender, senderDevice, account, "unknown_recipient", Map.of(), serverTimestamp);
      return;
    }
    Map<Integer, Integer> encryptedFor = new HashMap<>();
    for (DeviceCiphertext ciphertext : recipient.getCiphertextsList()) {
      encryptedFor.put(ciphertext.getDeviceId(), ciphertext.getRegistrationId());
    }
    DeviceDirectory.Mismatch mismatch =
        DeviceDirectory.compare(reachable.get(), encryptedFor, own ? senderDevice : null);
    if (!mismatch.isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("missingDevices", mismatch.missingDevices());
      details.put("extraDevices", mismatch.extraDevices());
      details.put("staleDevices", mismatch.staleDevices());
      reject(message, sender, senderDevice, account, "devices_changed", details, serverTimestamp);
      return;
    }
    long expiresAt = serverTimestamp + mailbox.properties().ttl().toMillis();
    TreeSet<Integer> full = new TreeSet<>();
    for (DeviceCiphertext ciphertext : recipient.getCiphertextsList()) {
      int device = ciphertext.getDeviceId();
      MailboxAddress address =
          new MailboxAddress(account, device, reachable.get().get(device).incarnation());
      String guid =
          ServerGuids.message(
              sender.toString(),
              senderDevice,
              message.getClientMessageId(),
              account.toString(),
              device);
      MailboxEntry entry =
          envelopes.message(
              guid,
              sender,
              senderDevice,
              message.getClientMessageId(),
              clientTimestamp(message),
              serverTimestamp,
              expiresAt,
              message.getUrgent(),
              false,
              ciphertext);
      Mailbox.AppendResult result =
          mailbox.append(address, guid, entry.withTraceparent(MailboxTracing.current(tracer)));
      count(MailboxEntry.MESSAGE, result.status());
      log.debug("message {} to {}: {}", guid, address.device(), result.status());
      switch (result.status()) {
        case APPENDED -> {
          depth.record(result.length());
          notifier.appended(address, result.connectedNode(), true, message.getUrgent());
        }
        case DUPLICATE ->
            // A replay: the first run may have died before signalling; signalling twice is free.
            notifier.appended(address, result.connectedNode(), false, false);
        case ALREADY_ACKNOWLEDGED -> {}
        case FULL -> full.add(device);
      }
    }
    if (!full.isEmpty()) {
      reject(
          message,
          sender,
          senderDevice,
          account,
          "mailbox_full",
          Map.of("fullDevices", full),
          serverTimestamp);
    }
  }

  private void routeEphemeral(
      MessageSubmitted message,
      UUID sender,
      int senderDevice,
      UUID account,
      RecipientMessage recipient,
      long serverTimestamp) {
    Map<Integer, DeviceDirectory.Entry> reachable =
        directory.reachableDevices(account).orElse(Map.of());
    long expiresAt = clock.millis() + properties.ephemeralTtl().toMillis();
    for (DeviceCiphertext ciphertext : recipient.getCiphertextsList()) {
      DeviceDirectory.Entry device = reachable.get(ciphertext.getDeviceId());
      if (device == null || device.registrationId() != ciphertext.getRegistrationId()) {
        continue; // ephemeral: no one is told
      }
      MailboxAddress address =
          new MailboxAddress(account, ciphertext.getDeviceId(), device.incarnation());
      String guid =
          ServerGuids.message(
              sender.toString(),
              senderDevice,
              message.getClientMessageId(),
              account.toString(),
              ciphertext.getDeviceId());
      notifier.ephemeral(
          address,
          envelopes.message(
              guid,
              sender,
              senderDevice,
              message.getClientMessageId(),
              clientTimestamp(message),
              serverTimestamp,
              expiresAt,
              false,
              true,
              ciphertext));
    }
  }

  private void reject(
      MessageSubmitted message,
      UUID sender,
      int senderDevice,
      UUID recipientAccount,
      String reason,
      Map<String, Object> details,
      long serverTimestamp) {
    meters.counter("parley.routing.rejected", "reason", reason).increment();
    DeviceDirectory.Entry sending =
        directory.reachableDevices(sender).orElse(Map.of()).get(senderDevice);
    if (sending == null) {
      log.info(
          "message {} of {}:{} refused ({}), and the sending device is gone: nobody to tell",
          message.getClientMessageId(),
          sender,
          senderDevice,
          reason);
      return;
    }
    MailboxAddress address = new MailboxAddress(sender, senderDevice, sending.incarnation());
    String guid =
        ServerGuids.sendRejected(
            sender.toString(),
            senderDevice,
            message.getClientMessageId(),
            recipientAccount.toString());
    MailboxEntry entry =
        envelopes.sendRejected(
            guid,
            message.getClientMessageId(),
            message.getReceiptId(),
            recipientAccount.toString(),
            reason,
            details,
            serverTimestamp,
            serverTimestamp + mailbox.properties().ttl().toMillis());
    Mailbox.AppendResult result =
        mailbox.append(address, guid, entry.withTraceparent(MailboxTracing.current(tracer)));
    count(MailboxEntry.SEND_REJECTED, result.status());
    if (result.status() == Mailbox.AppendStatus.FULL) {
      log.warn(
          "{}:{}: mailbox full even for its reserve; a send_rejected is dropped",
          sender,
          senderDevice);
    } else {
      notifier.appended(address, result.connectedNode(), false, false);
    }
  }

  private void count(String kind, Mailbox.AppendStatus status) {
    meters
        .counter("parley.routing.appended", "kind", kind, "status", status.name().toLowerCase())
        .increment();
  }

  private static long clientTimestamp(MessageSubmitted message) {
    return message.hasClientTimestamp()
        ? Events.instant(message.getClientTimestamp()).toEpochMilli()
        : 0;
  }

  static UUID account(String text, String field) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(field + " is not an account UUID: '" + text + "'");
    }
  }
}
