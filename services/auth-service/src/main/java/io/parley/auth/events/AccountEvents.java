package io.parley.auth.events;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.runtime.events.EventPublisher;
import io.parley.runtime.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

  /**
   * Publishes one event per account at once and waits until the broker acknowledged all of them
   * (bulk jobs: one round trip per event would dominate). On failure some may have been written;
   * the caller undoes what it can, as after {@link #publish}.
   */
  public void publishAll(Map<UUID, Consumer<AccountEvent.Builder>> events) {
    List<CompletableFuture<Void>> acknowledged = new ArrayList<>(events.size());
    events.forEach(
        (accountId, event) -> {
          AccountEvent.Builder builder =
              AccountEvent.newBuilder().setMetadata(publisher.metadata());
          event.accept(builder);
          acknowledged.add(
              publisher.publishAsync(Topics.ACCOUNTS, accountId.toString(), builder.build()));
        });
    try {
      CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ApiException unavailable) {
        throw unavailable;
      }
      throw e;
    }
    log.info("published {} account events", acknowledged.size());
  }
}
