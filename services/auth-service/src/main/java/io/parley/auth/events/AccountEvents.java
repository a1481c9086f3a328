package io.parley.auth.events;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.runtime.events.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes account and device events to {@code parley.accounts.v1}, keyed by account, and waits for
 * the broker's acknowledgement: a change is reported done only once every service can learn of it.
 */
@Component
public class AccountEvents {

  private static final Logger log = LoggerFactory.getLogger(AccountEvents.class);

  private final EventPublisher publisher;

  AccountEvents(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /** Publishes one event; a broker that does not acknowledge in time is a 503. */
  public void publish(UUID accountId, Consumer<AccountEvent.Builder> event) {
    AccountEvent.Builder builder = AccountEvent.newBuilder().setMetadata(publisher.metadata());
    event.accept(builder);
    AccountEvent built = builder.build();
    publisher.publish(Topics.ACCOUNTS, accountId.toString(), built);
    log.info("published {} for account {}", built.getEventCase(), accountId);
  }

  /** Publishes one event per account at once and waits for all acknowledgements (bulk jobs). */
  public void publishAll(Map<UUID, Consumer<AccountEvent.Builder>> events) {
    List<Map.Entry<String, AccountEvent>> built = new ArrayList<>(events.size());
    events.forEach(
        (accountId, event) -> {
          AccountEvent.Builder builder =
              AccountEvent.newBuilder().setMetadata(publisher.metadata());
          event.accept(builder);
          built.add(Map.entry(accountId.toString(), builder.build()));
        });
    publisher.publishAll(Topics.ACCOUNTS, built);
    log.info("published {} account events", built.size());
  }
}
