package io.parley.presence.watch;

import io.parley.presence.state.PresenceStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Who watches whom, from which edge node: the fan-out reads it to send each change only to the
 * nodes that have a watcher allowed to see it.
 *
 * <ul>
 *   <li>{@code presence:watchers:{<target>}} HASH {@code <viewer>|<node>} = sessions of the viewer
 *       account on that node watching the target (the target's slot: one read per change);
 *   <li>{@code presence:watching:{<viewer>}} SET {@code <target>|<node>}: what to drop when the
 *       viewer's account is deleted;
 *   <li>{@code presence:node-watches:{<node>}} SET {@code <target>|<viewer>}: what to drop when the
 *       node's lease is gone.
 * </ul>
 *
 * Watches are soft state: an edge node that crashed loses its sessions, so its watches go with its
 * lease; a node that restarts has a new id.
 */
@Component
public class WatchStore {

  /** Decrements a watch count, deleting the field at zero; returns what is left. */
  private static final RedisScript<Long> RELEASE =
      RedisScript.of(
          """
          local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
          if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) return 0 end
          return n
          """,
          Long.class);

  private final StringRedisTemplate redis;
  private final PresenceStore presence;

  WatchStore(StringRedisTemplate redis, PresenceStore presence) {
    this.redis = redis;
    this.presence = presence;
  }

  public static String watchersKey(UUID target) {
    return "presence:watchers:{" + target + "}";
  }

  public static String watchingKey(UUID viewer) {
    return "presence:watching:{" + viewer + "}";
  }

  static String nodeWatchesKey(String node) {
    return "presence:node-watches:{" + node + "}";
  }

  /** One more session of the viewer on the node watches each target. */
  public void watch(String node, UUID viewer, Collection<UUID> targets) {
    presence.addNode(node);
    String viewerId = viewer.toString();
    redis.executePipelined(
        (RedisCallback<Object>)
            connection -> {
              StringRedisConnection c = new DefaultStringRedisConnection(connection);
              for (UUID target : targets) {
                c.hIncrBy(watchersKey(target), viewerId + "|" + node, 1);
                c.sAdd(watchingKey(viewer), target + "|" + node);
                c.sAdd(nodeWatchesKey(node), target + "|" + viewerId);
              }
              return null;
            });
  }

  /** One session of the viewer on the node no longer watches the targets. */
  public void release(String node, UUID viewer, Collection<UUID> targets) {
    String viewerId = viewer.toString();
    for (UUID target : targets) {
      Long left = redis.execute(RELEASE, List.of(watchersKey(target)), viewerId + "|" + node);
      if (left != null && left == 0L) {
        redis.opsForSet().remove(watchingKey(viewer), target + "|" + node);
        redis.opsForSet().remove(nodeWatchesKey(node), target + "|" + viewerId);
      }
    }
  }

  /** Each viewer account watching the target, with the nodes its sessions are on. */
  public Map<UUID, Set<String>> watchersOf(UUID target) {
    Set<Object> fields = redis.opsForHash().keys(watchersKey(target));
    Map<UUID, Set<String>> watchers = new HashMap<>();
    for (Object field : fields) {
      String[] parts = field.toString().split("\\|", 2);
      if (parts.length == 2) {
        watchers.computeIfAbsent(UUID.fromString(parts[0]), v -> new HashSet<>()).add(parts[1]);
      }
    }
    return watchers;
  }

  /** Drops every watch held on a node whose lease is gone. */
  public void dropNode(String node) {
    String key = nodeWatchesKey(node);
    Set<String> members = redis.opsForSet().members(key);
    if (members != null) {
      for (String member : members) {
        String[] parts = member.split("\\|", 2);
        if (parts.length == 2) {
          redis.opsForHash().delete(watchersKey(UUID.fromString(parts[0])), parts[1] + "|" + node);
          redis.opsForSet().remove(watchingKey(UUID.fromString(parts[1])), parts[0] + "|" + node);
        }
      }
    }
    redis.delete(key);
  }

  /** Forgets an account as a viewer and as a target (account deleted). */
  public void purge(UUID account) {
    String accountId = account.toString();
    Set<String> watching = redis.opsForSet().members(watchingKey(account));
    if (watching != null) {
      for (String member : watching) {
        String[] parts = member.split("\\|", 2);
        if (parts.length == 2) {
          redis
              .opsForHash()
              .delete(watchersKey(UUID.fromString(parts[0])), accountId + "|" + parts[1]);
          redis.opsForSet().remove(nodeWatchesKey(parts[1]), parts[0] + "|" + accountId);
        }
      }
    }
    List<String> keys = new ArrayList<>(List.of(watchingKey(account)));
    for (Object field : redis.opsForHash().keys(watchersKey(account))) {
      String[] parts = field.toString().split("\\|", 2);
      if (parts.length == 2) {
        redis
            .opsForSet()
            .remove(watchingKey(UUID.fromString(parts[0])), accountId + "|" + parts[1]);
        redis.opsForSet().remove(nodeWatchesKey(parts[1]), accountId + "|" + parts[0]);
      }
    }
    keys.add(watchersKey(account));
    redis.delete(keys);
  }
}
