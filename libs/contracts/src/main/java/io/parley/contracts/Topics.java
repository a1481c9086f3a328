package io.parley.contracts;

import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeliveryEvent;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.contracts.events.v1.MessageEvent;
import io.parley.contracts.events.v1.PresenceEvent;
import io.parley.contracts.events.v1.PushEvent;
import io.parley.contracts.events.v1.SessionEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every Kafka topic of Parley. Documented for client and service authors in docs/events.md. */
public final class Topics {

  private Topics() {}

  /** Accounts and devices, from auth-service. */
  public static final Topic<AccountEvent> ACCOUNTS =
      new Topic<>("parley.accounts.v1", AccountEvent.class, AccountEvent.parser(), "account id");

  /** STOMP sessions opened and closed, from edge-service. */
  public static final Topic<SessionEvent> SESSIONS =
      new Topic<>("parley.sessions.v1", SessionEvent.class, SessionEvent.parser(), "account id");

  /** Messages accepted from senders, from edge-service. */
  public static final Topic<MessageEvent> MESSAGES =
      new Topic<>(
          "parley.messages.v1", MessageEvent.class, MessageEvent.parser(), "sender account id");

  /** Mailbox entries acknowledged by their recipients, from edge-service. */
  public static final Topic<DeliveryEvent> DELIVERIES =
      new Topic<>(
          "parley.deliveries.v1",
          DeliveryEvent.class,
          DeliveryEvent.parser(),
          "recipient account id");

  /** Wake-ups for devices without a live session, from message-routing-service. */
  public static final Topic<PushEvent> PUSH_REQUESTS =
      new Topic<>("parley.push-requests.v1", PushEvent.class, PushEvent.parser(), "account id");

  /** Prekey stock and identity key changes, from key-distribution-service. */
  public static final Topic<KeyEvent> KEYS =
      new Topic<>("parley.keys.v1", KeyEvent.class, KeyEvent.parser(), "account id");

  /** Online/offline changes of accounts, from presence-service. */
  public static final Topic<PresenceEvent> PRESENCE =
      new Topic<>("parley.presence.v1", PresenceEvent.class, PresenceEvent.parser(), "account id");

  public static final List<Topic<?>> ALL =
      List.of(ACCOUNTS, SESSIONS, MESSAGES, DELIVERIES, PUSH_REQUESTS, KEYS, PRESENCE);

  private static final Map<String, Topic<?>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

  /** The topic of that name, if it is one of Parley's. */
  public static Optional<Topic<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
