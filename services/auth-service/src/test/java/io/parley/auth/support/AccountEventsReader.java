package io.parley.auth.support;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.testsupport.KafkaEvents;
import java.util.List;

/** Reads back, from the real broker, what auth-service published for one account. */
public final class AccountEventsReader {

  private AccountEventsReader() {}

  /** The account's events in order, waiting until at least {@code expected} arrived. */
  public static List<AccountEvent> eventsOf(String accountId, int expected) {
    return KafkaEvents.byKey(Topics.ACCOUNTS, accountId, expected);
  }
}
