package io.parley.presence.sessions;

import io.parley.presence.state.PresenceStore;
import io.parley.presence.watch.WatchStore;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sessions of an edge node whose liveness lease ({@code edge:node:{<node>}}, written by the edge)
 * is gone count as gone: every {@code node-sweep-interval} each known node's lease is checked, and
 * for a dead node its devices are dropped (accounts left without a device go offline at once, last
 * seen now) and its watches forgotten. An edge killed with -9 therefore leaves nobody online longer
 * than its lease TTL plus one interval. Idempotent, so every instance may run it.
 */
@Component
class NodeSweeper {

  private static final Logger log = LoggerFactory.getLogger(NodeSweeper.class);

  private final PresenceStore store;
  private final WatchStore watches;
  private final PresenceChanges changes;
  private final StringRedisTemplate redis;
  private final Clock clock;

  NodeSweeper(
      PresenceStore store,
      WatchStore watches,
      PresenceChanges changes,
      StringRedisTemplate redis,
      Clock clock) {
    this.store = store;
    this.watches = watches;
    this.changes = changes;
    this.redis = redis;
    this.clock = clock;
  }

  /** The edge's lease key (io.parley.edge.session.NodeLease). */
  static String leaseKey(String node) {
    return "edge:node:{" + node + "}";
  }

  @Scheduled(fixedDelayString = "${parley.presence.node-sweep-interval:1s}")
  void sweep() {
    try {
      for (String node : store.nodes()) {
        if (!Boolean.TRUE.equals(redis.hasKey(leaseKey(node)))) {
          dropNode(node);
        }
      }
    } catch (RuntimeException e) {
      log.warn("node sweep failed: {}", e.toString());
    }
  }

  private void dropNode(String node) {
    Instant now = clock.instant();
    int offline = 0;
    for (String account : store.accountsOn(node)) {
      UUID accountId = UUID.fromString(account);
      Instant lastSeen = store.dropNode(accountId, node, now);
      if (lastSeen != null) {
        offline++;
        changes.offline(accountId, lastSeen);
      }
    }
    watches.dropNode(node);
    store.forgetNode(node);
    log.info(
        "edge node {} has no lease: its sessions and watches dropped ({} offline)", node, offline);
  }
}
