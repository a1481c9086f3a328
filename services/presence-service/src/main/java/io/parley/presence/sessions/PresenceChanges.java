package io.parley.presence.sessions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.PresenceChanged;
import io.parley.contracts.events.v1.PresenceEvent;
import io.parley.presence.state.PresenceState;
import io.parley.presence.watch.FanOut;
import io.parley.runtime.events.EventPublisher;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Announces an account's change once it is decided: to its watchers' edge nodes ({@link FanOut})
 * and, unfiltered, as {@code PresenceChanged} on {@code parley.presence.v1} for other services.
 */
@Component
public class PresenceChanges {

  private static final Logger log = LoggerFactory.getLogger(PresenceChanges.class);

  private final FanOut fanOut;
  private final EventPublisher events;
  private final Counter online;
  private final Counter offline;

  PresenceChanges(FanOut fanOut, EventPublisher events, MeterRegistry meters) {
    this.fanOut = fanOut;
    this.events = events;
    this.online = changes(meters, "online");
    this.offline = changes(meters, "offline");
  }

  private static Counter changes(MeterRegistry meters, String to) {
    return Counter.builder("parley.presence.changes")
        .description("presence changes announced")
        .tag("to", to)
        .register(meters);
  }

  public void online(UUID account) {
    online.increment();
    log.debug("{} is online", account);
    announce(account, new PresenceState(true, null), FanOut.Kind.ONLINE);
  }

  public void offline(UUID account, Instant lastSeen) {
    offline.increment();
    log.debug("{} is offline, last seen {}", account, lastSeen);
    announce(account, new PresenceState(false, lastSeen), FanOut.Kind.OFFLINE);
  }

  private void announce(UUID account, PresenceState state, FanOut.Kind kind) {
    try {
      fanOut.publish(account, state, kind);
    } catch (RuntimeException e) {
      log.warn("watchers of {} not told: {}", account, e.toString());
    }
    PresenceChanged.Builder changed =
        PresenceChanged.newBuilder().setAccountId(account.toString()).setOnline(state.online());
    if (state.lastSeen() != null) {
      changed.setLastSeen(Events.timestamp(state.lastSeen()));
    }
    events
        .publishAsync(
            Topics.PRESENCE,
            account.toString(),
            PresenceEvent.newBuilder()
                .setMetadata(events.metadata())
                .setPresenceChanged(changed)
                .build())
        .exceptionally(
            failure -> {
              log.warn("PresenceChanged of {} not published: {}", account, failure.toString());
              return null;
            });
  }
}
