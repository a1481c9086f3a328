package io.parley.edge.session;

import io.parley.edge.EdgeProperties;
import io.parley.runtime.ParleyProperties;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This edge node's liveness lease: key {@code edge:node:{<nodeId>}} with a TTL of {@code
 * parley.edge.lease-ttl}, refreshed every {@code lease-refresh}. A connection record names a node;
 * if that node's lease is gone the device is offline, whatever the record says: a node killed
 * without closing its sessions stops refreshing, and within one TTL its devices count as gone.
 * Deleted on a clean shutdown.
 */
@Component
public class NodeLease {

  private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

  private final StringRedisTemplate redis;
  private final String nodeId;
  private final EdgeProperties properties;
  private final Clock clock;
  private volatile boolean released;

  NodeLease(
      StringRedisTemplate redis, ParleyProperties parley, EdgeProperties properties, Clock clock) {
    this.redis = redis;
    this.nodeId = parley.nodeId();
    this.properties = properties;
    this.clock = clock;
  }

  public static String key(String nodeId) {
    return io.parley.mailbox.ConnectionKeys.nodeLease(nodeId);
  }

  /** Whether a node's lease is alive. */
  public boolean isAlive(String node) {
    return Boolean.TRUE.equals(redis.hasKey(key(node)));
  }

  @Scheduled(fixedDelayString = "${parley.edge.lease-refresh:5s}", initialDelayString = "0s")
  void refresh() {
    if (released) {
      return;
    }
    try {
      redis.opsForValue().set(key(nodeId), Instant.now(clock).toString(), properties.leaseTtl());
    } catch (RuntimeException e) {
      log.warn("could not refresh the liveness lease of node {}: {}", nodeId, e.toString());
    }
  }

  /** Drops the lease at once (clean shutdown), so other services need not wait for its TTL. */
  void release() {
    released = true;
    try {
      redis.delete(key(nodeId));
    } catch (RuntimeException e) {
      log.warn("could not release the liveness lease of node {}: {}", nodeId, e.toString());
    }
  }

  public String nodeId() {
    return nodeId;
  }
}
