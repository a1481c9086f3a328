package io.parley.edge.message;

import com.google.protobuf.Message;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.edge.session.ConnectionRecords;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link DeviceDirectory} from {@code parley.accounts.v1} and {@code parley.keys.v1}, in one
 * consumer group shared by all edge nodes (each event applied once), and purges what the edge keeps
 * of removed devices (their connection records). Failures are retried without end by the shared
 * error handler: a read model that skipped an event would refuse good messages.
 */
@Component
class DeviceDirectoryUpdater {

  private static final Logger log = LoggerFactory.getLogger(DeviceDirectoryUpdater.class);

  private final DeviceDirectory directory;
  private final ConnectionRecords connections;

  DeviceDirectoryUpdater(DeviceDirectory directory, ConnectionRecords connections) {
    this.directory = directory;
    this.connections = connections;
  }

  @KafkaListener(
      id = "edge-device-directory",
      groupId = "edge-service-devices",
      topics = {"parley.accounts.v1", "parley.keys.v1"},
      properties = "auto.offset.reset=earliest")
  void on(ConsumerRecord<String, Message> record) {
    if (record.value() instanceof AccountEvent event) {
      apply(event);
    } else if (record.value() instanceof KeyEvent event && event.hasDeviceKeysPublished()) {
      var published = event.getDeviceKeysPublished();
      directory.keysPublished(
          UUID.fromString(published.getDevice().getAccountId()),
          published.getDevice().getDeviceId(),
          published.getRegistrationId());
    }
  }

  private void apply(AccountEvent event) {
    switch (event.getEventCase()) {
      case ACCOUNT_REGISTERED -> {
        var registered = event.getAccountRegistered();
        directory.registered(
            UUID.fromString(registered.getAccountId()),
            registered.getPrimaryDeviceId(),
            registered.getRegistrationId(),
            registered.getPrimaryDeviceIncarnation(),
            true);
      }
      case DEVICE_LINKED -> {
        var linked = event.getDeviceLinked();
        directory.registered(
            UUID.fromString(linked.getDevice().getAccountId()),
            linked.getDevice().getDeviceId(),
            linked.getRegistrationId(),
            linked.getIncarnation(),
            false);
      }
      case DEVICE_UNLINKED -> {
        var unlinked = event.getDeviceUnlinked();
        UUID account = UUID.fromString(unlinked.getDevice().getAccountId());
        int device = unlinked.getDevice().getDeviceId();
        directory.unlinked(account, device, unlinked.getIncarnation());
        connections.purge(account, device, unlinked.getIncarnation());
      }
      case ACCOUNT_DELETED -> {
        var deleted = event.getAccountDeleted();
        UUID account = UUID.fromString(deleted.getAccountId());
        directory.deleted(account);
        for (int device : deleted.getDeviceIdsList()) {
          connections.purge(account, device, null);
        }
      }
      default -> log.trace("ignored {}", event.getEventCase());
    }
  }
}
