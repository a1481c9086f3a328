package io.parley.presence.sessions;

import io.parley.contracts.Events;
import io.parley.contracts.events.v1.DeviceConnected;
import io.parley.contracts.events.v1.DeviceDisconnected;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.presence.PresenceProperties;
import io.parley.presence.state.PresenceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each account's sessions from {@code parley.sessions.v1} (one consumer group, so each event
 * is applied once, in order per account). A connect of an account that was offline announces
 * "online" at once; a disconnect of its last device makes "offline" due after the offline delay.
 * Stale and redelivered events are ignored by their connection epoch ({@link PresenceStore}).
 */
@Component
class SessionEventsConsumer {

  private static final Logger log = LoggerFactory.getLogger(SessionEventsConsumer.class);

  private final PresenceStore store;
  private final PresenceChanges changes;
  private final PresenceProperties properties;
  private final Clock clock;

  SessionEventsConsumer(
      PresenceStore store, PresenceChanges changes, PresenceProperties properties, Clock clock) {
    this.store = store;
    this.changes = changes;
    this.properties = properties;
    this.clock = clock;
  }

  @KafkaListener(
      id = "presence-sessions",
      groupId = "presence-service-sessions",
      topics = "#{T(io.parley.contracts.Topics).SESSIONS.name()}")
  void on(SessionEvent event) {
    switch (event.getEventCase()) {
      case DEVICE_CONNECTED -> connected(event.getDeviceConnected());
      case DEVICE_DISCONNECTED -> disconnected(event, event.getDeviceDisconnected());
      default -> {
        // Kinds newer than this build are skipped.
      }
    }
  }

  private void connected(DeviceConnected connected) {
    UUID account = accountId(connected.getDevice().getAccountId());
    if (account == null
        || connected.getDevice().getDeviceId() < 1
        || connected.getNodeId().isEmpty()) {
      log.warn("DeviceConnected without a valid device or node; skipped");
      return;
    }
    PresenceStore.Connected outcome =
        store.connected(
            account,
            connected.getDevice().getDeviceId(),
            connected.getNodeId(),
            connected.getConnectionEpoch(),
            connected.getSessionId());
    if (outcome == PresenceStore.Connected.WENT_ONLINE) {
      changes.online(account);
    } else if (outcome == PresenceStore.Connected.RECONNECTED_WITHIN_DELAY) {
      log.debug("{} reconnected within the offline delay; nothing announced", account);
    }
  }

  private void disconnected(SessionEvent event, DeviceDisconnected disconnected) {
    UUID account = accountId(disconnected.getDevice().getAccountId());
    if (account == null || disconnected.getDevice().getDeviceId() < 1) {
      log.warn("DeviceDisconnected without a valid device; skipped");
      return;
    }
    // Last seen is when the edge saw the device leave, not when this consumer got to it.
    Instant at =
        event.getMetadata().hasOccurredAt()
            ? Events.instant(event.getMetadata().getOccurredAt())
            : clock.instant();
    store.disconnected(
        account,
        disconnected.getDevice().getDeviceId(),
        disconnected.getNodeId(),
        disconnected.getConnectionEpoch(),
        at,
        clock.instant().plus(properties.offlineDelay()));
  }

  private static UUID accountId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
