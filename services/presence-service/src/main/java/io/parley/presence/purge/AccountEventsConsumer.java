package io.parley.presence.purge;

import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceAddress;
import io.parley.presence.privacy.Privacy;
import io.parley.presence.sessions.PresenceChanges;
import io.parley.presence.state.PresenceStore;
import io.parley.presence.watch.WatchStore;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Forgets what presence keeps when auth-service reports it gone: {@code DeviceUnlinked} drops that
 * device's session state (the account goes offline if it was its last device), {@code
 * AccountDeleted} drops the account's presence, settings, contacts and watches (as viewer and as
 * target).
 */
@Component
class AccountEventsConsumer {

  private static final Logger log = LoggerFactory.getLogger(AccountEventsConsumer.class);

  private final PresenceStore store;
  private final Privacy privacy;
  private final WatchStore watches;
  private final PresenceChanges changes;
  private final Clock clock;

  AccountEventsConsumer(
      PresenceStore store,
      Privacy privacy,
      WatchStore watches,
      PresenceChanges changes,
      Clock clock) {
    this.store = store;
    this.privacy = privacy;
    this.watches = watches;
    this.changes = changes;
    this.clock = clock;
  }

  @KafkaListener(
      id = "presence-account-events",
      groupId = "presence-service-accounts",
      topics = "#{T(io.parley.contracts.Topics).ACCOUNTS.name()}")
  void on(AccountEvent event) {
    switch (event.getEventCase()) {
      case DEVICE_UNLINKED -> {
        DeviceAddress device = event.getDeviceUnlinked().getDevice();
        UUID account = accountId(device.getAccountId());
        if (account != null && device.getDeviceId() >= 1) {
          Instant lastSeen = store.dropDevice(account, device.getDeviceId(), clock.instant());
          log.info("purged presence of unlinked device {}:{}", account, device.getDeviceId());
          if (lastSeen != null) {
            changes.offline(account, lastSeen);
          }
        }
      }
      case ACCOUNT_DELETED -> {
        UUID account = accountId(event.getAccountDeleted().getAccountId());
        if (account != null) {
          store.purge(account);
          privacy.purge(account);
          watches.purge(account);
          log.info(
              "purged presence, settings, contacts and watches of deleted account {}", account);
        }
      }
      default -> {
        // Registrations, links and revocations change no presence; newer kinds are skipped.
      }
    }
  }

  private static UUID accountId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      log.warn("account event without a valid account id; skipped");
      return null;
    }
  }
}
