package io.parley.security;

import com.google.protobuf.Message;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceAddress;
import java.util.Collection;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

/**
 * Drops cached device auth records the moment auth-service announces a change on {@code
 * parley.accounts.v1}. Every instance runs its own consumer group, so each sees every event.
 *
 * <p>When in doubt it drops everything: for a record it cannot read (it might have been a
 * revocation, so records are then read through for a while as after any event) and whenever
 * partitions are assigned (events may have gone by unseen before).
 */
final class AccountEventsListener
    implements MessageListener<String, Message>, ConsumerRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(AccountEventsListener.class);

  private final DeviceAuthCache cache;

  AccountEventsListener(DeviceAuthCache cache) {
    this.cache = cache;
  }

  @Override
  public void onMessage(ConsumerRecord<String, Message> record) {
    if (!(record.value() instanceof AccountEvent event)) {
      log.warn(
          "unexpected record on {} at offset {}; dropping all cached device auth records",
          record.topic(),
          record.offset());
      cache.evictAllAndReadThrough();
      return;
    }
    on(event);
  }

  void on(AccountEvent event) {
    switch (event.getEventCase()) {
      case DEVICE_TOKENS_REVOKED -> evict(event.getDeviceTokensRevoked().getDevice());
      case DEVICE_UNLINKED -> evict(event.getDeviceUnlinked().getDevice());
      case DEVICE_LINKED -> evict(event.getDeviceLinked().getDevice());
      case ACCOUNT_DELETED -> evictAccount(event.getAccountDeleted().getAccountId());
      case ACCOUNT_REGISTERED -> evictAccount(event.getAccountRegistered().getAccountId());
      case EVENT_NOT_SET -> {
        // An event kind newer than this build; kinds that change auth state are known above.
      }
    }
  }

  /** Called with the container's error handler for records that could not be handled. */
  void onUnreadable(ConsumerRecord<?, ?> record, Exception cause) {
    log.warn(
        "unreadable record on {}-{} at offset {} ({}); dropping all cached device auth records",
        record.topic(),
        record.partition(),
        record.offset(),
        cause.toString());
    cache.evictAllAndReadThrough();
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    cache.evictAll();
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

  private void evict(DeviceAddress device) {
    UUID accountId = accountId(device.getAccountId());
    if (accountId == null || device.getDeviceId() < 1) {
      log.warn("account event without a valid device; dropping all cached device auth records");
      cache.evictAllAndReadThrough();
      return;
    }
    cache.evict(accountId, device.getDeviceId());
  }

  private void evictAccount(String account) {
    UUID accountId = accountId(account);
    if (accountId == null) {
      log.warn("account event without a valid account id; dropping all cached device auth records");
      cache.evictAllAndReadThrough();
      return;
    }
    cache.evictAccount(accountId);
  }

  private static UUID accountId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
