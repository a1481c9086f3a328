package io.parley.mailbox;

import com.google.protobuf.Message;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.KeyEvent;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Keeps {@link DeviceDirectory} from {@code parley.accounts.v1} and {@code parley.keys.v1}, and
 * purges removed devices' mailboxes and connection records. One consumer group, {@code
 * parley-device-directory}, is shared by every edge and routing instance: each event is applied
 * once, in order per account, by whichever instance holds its partition. Failures are retried
 * without end by the shared error handler: a read model that skipped an event would refuse good
 * messages, or deliver to a removed device.
 */
public class DeviceDirectoryUpdater {

  /** The consumer group every instance of every service that runs this updater joins. */
  public static final String GROUP = "parley-device-directory";

  private static final RedisScript<Long> PURGE_CONNECTION =
      RedisScript.of(
          """
          local inc = redis.call('HGET', KEYS[1], 'inc')
          if ARGV[1] == '' or not inc or inc == ARGV[1] then
            return redis.call('DEL', KEYS[1])
          end
          return 0
          """,
          Long.class);

  private static final Logger log = LoggerFactory.getLogger(DeviceDirectoryUpdater.class);

  private final DeviceDirectory directory;
  private final Mailbox mailbox;
  private final StringRedisTemplate redis;

  public DeviceDirectoryUpdater(
      DeviceDirectory directory, Mailbox mailbox, StringRedisTemplate redis) {
    this.directory = directory;
    this.mailbox = mailbox;
    this.redis = redis;
  }

  @KafkaListener(
      id = "parley-device-directory",
      groupId = GROUP,
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
        purge(account, device, unlinked.getIncarnation());
      }
      case ACCOUNT_DELETED -> {
        var deleted = event.getAccountDeleted();
        UUID account = UUID.fromString(deleted.getAccountId());
        directory.deleted(account);
        for (int device : deleted.getDeviceIdsList()) {
          purge(account, device, null);
        }
      }
      default -> log.trace("ignored {}", event.getEventCase());
    }
  }

  /** Forgets a removed device: its mailbox and connection record, unless a later one holds them. */
  private void purge(UUID account, int device, String incarnation) {
    mailbox.purge(account, device, incarnation);
    redis.execute(
        PURGE_CONNECTION,
        java.util.List.of(ConnectionKeys.connection(account, device)),
        incarnation == null ? "" : incarnation);
  }
}
