package io.parley.edge.presence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.edge.session.ClientFrames;
import io.parley.edge.session.Destinations;
import io.parley.edge.session.EdgeSession;
import io.parley.edge.session.Notice;
import io.parley.edge.session.SessionListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What this node's sessions watch, and delivery of the changes presence-service publishes to this
 * node ({@code presence:deliver:<node>}) to the sessions that watch the account and whose account
 * presence-service named as allowed to see it. Watches live as long as the session: dropped with it
 * ({@link #closed}), and by presence-service when this node's lease is gone.
 *
 * <p>A session's watches are registered with presence-service once per account: the ones it
 * confirmed are released exactly once (on unwatch or close), so two sessions of one account on this
 * node never release each other's watches.
 */
@Component
class PresenceWatches implements SessionListener, MessageListener {

  private static final Logger log = LoggerFactory.getLogger(PresenceWatches.class);

  /** One session's watches. Guarded by itself. */
  private static final class Watching {
    final EdgeSession session;
    final Set<UUID> targets = new HashSet<>();
    final Set<UUID> registered = new HashSet<>();
    boolean closed;
    double tokens;
    long refilledAt;

    Watching(EdgeSession session, int burst, long now) {
      this.session = session;
      this.tokens = burst;
      this.refilledAt = now;
    }
  }

  private final ConcurrentHashMap<String, Watching> bySession = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, Set<Watching>> byTarget = new ConcurrentHashMap<>();
  private final AtomicInteger watchCount = new AtomicInteger();
  private final PresenceClient presence;
  private final ClientFrames frames;
  private final JsonMapper json;
  private final EdgePresenceProperties properties;
  private final Clock clock;
  private final Counter delivered;

  PresenceWatches(
      PresenceClient presence,
      ClientFrames frames,
      JsonMapper json,
      EdgePresenceProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.presence = presence;
    this.frames = frames;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
    Gauge.builder("parley.edge.presence.watches", watchCount, AtomicInteger::get)
        .description("accounts watched by this node's sessions (one per session and account)")
        .register(meters);
    this.delivered =
        Counter.builder("parley.edge.presence.delivered")
            .description("presence changes written to sessions")
            .register(meters);
  }

  /** SEND /app/presence/watch, validated: registers the new accounts, answers their snapshot. */
  void watch(EdgeSession session, List<UUID> accounts, String receiptId) {
    if (!ready(session, receiptId)) {
      return;
    }
    Watching watching = watching(session);
    List<UUID> added = new ArrayList<>();
    synchronized (watching) {
      if (!take(watching, receiptId)) {
        return;
      }
      Set<UUID> fresh = new LinkedHashSet<>(accounts);
      fresh.removeAll(watching.targets);
      if (watching.targets.size() + fresh.size() > properties.maxWatches()) {
        frames.notice(
            session,
            Notice.refusal(
                "watch_limit_exceeded",
                receiptId,
                "a session watches at most "
                    + properties.maxWatches()
                    + " accounts; unwatch some first",
                Map.of(
                    "maxWatches",
                    properties.maxWatches(),
                    "watching",
                    watching.targets.size(),
                    "requested",
                    fresh.size())));
        return;
      }
      for (UUID target : fresh) {
        watching.targets.add(target);
        byTarget.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet()).add(watching);
        watchCount.incrementAndGet();
        added.add(target);
      }
    }
    if (added.isEmpty()) {
      snapshot(session, List.of());
      frames.receipt(session, receiptId);
      return;
    }
    // Indexed before registering: a change published while the snapshot is read reaches the
    // session too (the snapshot that follows it is at least as new).
    presence
        .watch(session.device().accountId(), added)
        .whenComplete(
            (views, failure) -> {
              if (failure != null) {
                log.warn("{}: presence watch not registered: {}", session, failure.toString());
                synchronized (watching) {
                  for (UUID target : added) {
                    unindex(watching, target);
                  }
                }
                frames.notice(
                    session,
                    Notice.refusal(
                        "unavailable",
                        receiptId,
                        "presence is not available now; watch again shortly"));
                return;
              }
              List<UUID> extra = new ArrayList<>();
              synchronized (watching) {
                for (UUID target : added) {
                  if (!watching.closed
                      && watching.targets.contains(target)
                      && watching.registered.add(target)) {
                    continue;
                  }
                  extra.add(target); // unwatched or closed meanwhile, or registered twice
                }
              }
              release(session, extra);
              snapshot(session, views);
              frames.receipt(session, receiptId);
            });
  }

  /** SEND /app/presence/unwatch, validated. */
  void unwatch(EdgeSession session, List<UUID> accounts, String receiptId) {
    Watching watching = watching(session);
    List<UUID> released = new ArrayList<>();
    synchronized (watching) {
      if (!take(watching, receiptId)) {
        return;
      }
      for (UUID target : accounts) {
        unindex(watching, target);
        if (watching.registered.remove(target)) {
          released.add(target);
        }
      }
    }
    release(session, released);
    frames.receipt(session, receiptId);
  }

  @Override
  public void closed(EdgeSession session) {
    Watching watching = bySession.remove(session.id());
    if (watching == null) {
      return;
    }
    List<UUID> released;
    synchronized (watching) {
      watching.closed = true;
      for (UUID target : new ArrayList<>(watching.targets)) {
        unindex(watching, target);
      }
      released = new ArrayList<>(watching.registered);
      watching.registered.clear();
    }
    release(session, released);
  }

  /** A change from presence-service for this node. */
  @Override
  public void onMessage(Message message, byte[] pattern) {
    JsonNode change;
    try {
      change = json.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      log.warn("unreadable presence message skipped: {}", e.toString());
      return;
    }
    UUID target;
    try {
      target = UUID.fromString(change.path("accountId").asString());
    } catch (IllegalArgumentException e) {
      log.warn("presence message without an account id skipped");
      return;
    }
    JsonNode views = change.path("views");
    Set<Watching> watchers = byTarget.get(target);
    if (watchers == null || !views.isObject()) {
      return;
    }
    for (Watching watching : watchers) {
      EdgeSession session = watching.session;
      JsonNode view = views.get(session.device().accountId().toString());
      String subscription = session.subscriptionId(Destinations.PRESENCE);
      if (view == null || !view.isObject() || subscription == null) {
        continue;
      }
      ObjectNode body = json.createObjectNode();
      body.put("type", "change");
      body.setAll((ObjectNode) view);
      body.put("accountId", target.toString());
      frames.message(
          session,
          Destinations.PRESENCE,
          subscription,
          null,
          json.writeValueAsBytes(body),
          Map.of());
      delivered.increment();
    }
  }

  private Watching watching(EdgeSession session) {
    return bySession.computeIfAbsent(
        session.id(), id -> new Watching(session, properties.commandBurst(), clock.millis()));
  }

  private boolean ready(EdgeSession session, String receiptId) {
    if (session.subscriptionId(Destinations.PRESENCE) == null) {
      frames.notice(
          session,
          Notice.refusal(
              "presence_not_subscribed",
              receiptId,
              "SUBSCRIBE to " + Destinations.PRESENCE + " before watching accounts",
              Map.of("destination", Destinations.PRESENCE)));
      return false;
    }
    return true;
  }

  /** The session's watch/unwatch bucket; a refusal notice when empty. Caller holds the lock. */
  private boolean take(Watching watching, String receiptId) {
    long now = clock.millis();
    watching.tokens =
        Math.min(
            properties.commandBurst(),
            watching.tokens
                + (now - watching.refilledAt) * properties.commandsPerSecond() / 1000.0);
    watching.refilledAt = now;
    if (watching.tokens >= 1) {
      watching.tokens -= 1;
      return true;
    }
    long wait = (long) Math.ceil((1 - watching.tokens) * 1000.0 / properties.commandsPerSecond());
    frames.notice(
        watching.session,
        Notice.refusal(
            "rate_limited",
            receiptId,
            "too many presence watch changes; retry later",
            Map.of("retryAfterMillis", wait)));
    return false;
  }

  /** Caller holds the lock. */
  private void unindex(Watching watching, UUID target) {
    if (watching.targets.remove(target)) {
      watchCount.decrementAndGet();
      byTarget.computeIfPresent(
          target,
          (t, set) -> {
            set.remove(watching);
            return set.isEmpty() ? null : set;
          });
    }
  }

  private void snapshot(EdgeSession session, List<JsonNode> views) {
    String subscription = session.subscriptionId(Destinations.PRESENCE);
    if (subscription == null) {
      return;
    }
    ObjectNode body = json.createObjectNode();
    body.put("type", "snapshot");
    body.putArray("presence").addAll(views);
    frames.message(
        session, Destinations.PRESENCE, subscription, null, json.writeValueAsBytes(body), Map.of());
  }

  private void release(EdgeSession session, List<UUID> targets) {
    if (targets.isEmpty()) {
      return;
    }
    presence
        .release(session.device().accountId(), targets)
        .exceptionally(
            failure -> {
              // Left for presence-service to drop with this node's lease; until then it only
              // costs a message this node discards.
              log.warn("{}: presence watches not released: {}", session, failure.toString());
              return null;
            });
  }

  /** Accounts watched on this node, for tests and metrics. */
  int watchCount() {
    return watchCount.get();
  }
}
