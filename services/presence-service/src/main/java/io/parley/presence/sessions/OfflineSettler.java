package io.parley.presence.sessions;

import io.parley.presence.state.PresenceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Announces "offline" for accounts whose offline delay has passed without a reconnect. Runs on
 * every instance; each due account is claimed by exactly one (ZREM).
 */
@Component
class OfflineSettler {

  private static final Logger log = LoggerFactory.getLogger(OfflineSettler.class);
  private static final int BATCH = 1000;

  private final PresenceStore store;
  private final PresenceChanges changes;
  private final Clock clock;

  OfflineSettler(PresenceStore store, PresenceChanges changes, Clock clock) {
    this.store = store;
    this.changes = changes;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${parley.presence.settle-interval:250ms}")
  void settleDue() {
    try {
      List<UUID> due;
      do {
        due = store.claimDue(clock.instant(), BATCH);
        for (UUID account : due) {
          Instant lastSeen = store.settle(account);
          if (lastSeen != null) {
            changes.offline(account, lastSeen);
          }
        }
      } while (due.size() == BATCH);
    } catch (RuntimeException e) {
      log.warn("offline announcements delayed: {}", e.toString());
    }
  }
}
