package io.parley.presence.state;

import io.parley.runtime.redis.RedisScripts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * Which devices of each account hold sessions, on which edge node, and what watchers were told.
 * Every change of one account is one Lua script on one key, so it is atomic and Cluster-safe.
 *
 * <p>Key {@code presence:{<account>}}, a HASH:
 *
 * <ul>
 *   <li>{@code d:<device>} = {@code <node>|<epoch>|<session>} while the device has a session;
 *   <li>{@code e:<device>} the highest connection epoch seen, {@code x:<device>} the highest one
 *       seen disconnected (of a device seen connected): a DeviceConnected below either is stale (an
 *       older session, or a redelivered event) and ignored, a DeviceDisconnected ends only a
 *       session of its epoch or older;
 *   <li>{@code online} {@code 1} once "online" was announced, {@code 0} once "offline" was;
 *   <li>{@code pending} epoch millis when the last device left, while "offline" waits for the
 *       offline delay (a reconnect meanwhile deletes it: no change is announced);
 *   <li>{@code seen} epoch millis of the last seen announced.
 * </ul>
 *
 * Beside it: {@code presence:pending} (ZSET of accounts by when their offline is due), {@code
 * presence:nodes} (SET of edge node ids that hold sessions or watches) and {@code
 * presence:node-accounts:{<node>}} (SET of accounts with a device on that node), so that a node
 * whose lease is gone can be swept. Those three are indexes: losing an entry delays a sweep, it
 * never marks anyone online.
 */
@Component
public class PresenceStore {

  static final String PENDING = "presence:pending";
  static final String NODES = "presence:nodes";

  private static final String ANY_DEVICE =
      """
      local function any_device(key)
        local fields = redis.call('HKEYS', key)
        for _, f in ipairs(fields) do
          if string.sub(f, 1, 2) == 'd:' then return true end
        end
        return false
      end
      """;

  /** Returns 0 stale, 1 no change, 2 reconnect within the offline delay, 3 went online. */
  private static final RedisScript<Long> CONNECT =
      RedisScript.of(
          """
          local dev, node, epoch, session = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
          if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
          local e = tonumber(redis.call('HGET', KEYS[1], 'e:' .. dev) or '0')
          local x = tonumber(redis.call('HGET', KEYS[1], 'x:' .. dev) or '0')
          if epoch < e or epoch <= x then return 0 end
          redis.call('HSET', KEYS[1], 'e:' .. dev, ARGV[3], 'd:' .. dev, node .. '|' .. ARGV[3] .. '|' .. session)
          if redis.call('HGET', KEYS[1], 'online') == '1' then
            if redis.call('HDEL', KEYS[1], 'pending') == 1 then return 2 end
            return 1
          end
          redis.call('HSET', KEYS[1], 'online', '1')
          return 3
          """,
          Long.class);

  /**
   * Returns {outcome, node still used}: outcome 0 ignored, 1 other devices remain (or nothing was
   * announced), 2 the last device left (offline now pending); node still used is 1 if another
   * device of the account is on the same node.
   */
  private static final RedisScript<List<Object>> DISCONNECT =
      RedisScripts.returningList(
          ANY_DEVICE
              + """
              local dev, epoch, now, node = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
              local function node_used()
                local fields = redis.call('HGETALL', KEYS[1])
                for i = 1, #fields, 2 do
                  if string.sub(fields[i], 1, 2) == 'd:' and string.sub(fields[i + 1], 1, #node + 1) == node .. '|' then
                    return 1
                  end
                end
                return 0
              end
              -- Only a device seen connected is tracked: a late disconnect of a device that was
              -- unlinked (or of a deleted account) must not bar its id's next epochs, which restart.
              if redis.call('HEXISTS', KEYS[1], 'e:' .. dev) == 1 then
                local x = tonumber(redis.call('HGET', KEYS[1], 'x:' .. dev) or '0')
                if epoch > x then redis.call('HSET', KEYS[1], 'x:' .. dev, ARGV[2]) end
              end
              local d = redis.call('HGET', KEYS[1], 'd:' .. dev)
              if not d then return {0, node_used()} end
              local depoch = tonumber(string.match(d, '^[^|]*|(%d+)|'))
              if depoch > epoch then return {0, node_used()} end
              redis.call('HDEL', KEYS[1], 'd:' .. dev)
              if any_device(KEYS[1]) or redis.call('HGET', KEYS[1], 'online') ~= '1' then
                return {1, node_used()}
              end
              redis.call('HSET', KEYS[1], 'pending', now)
              return {2, 0}
              """);

  /** Announces a pending offline if no device came back: returns the last seen, or false. */
  private static final RedisScript<String> SETTLE =
      RedisScript.of(
          ANY_DEVICE
              + """
              local pending = redis.call('HGET', KEYS[1], 'pending')
              if not pending then return false end
              redis.call('HDEL', KEYS[1], 'pending')
              if any_device(KEYS[1]) then return false end
              redis.call('HSET', KEYS[1], 'online', '0', 'seen', pending)
              return pending
              """,
          String.class);

  /**
   * Drops the devices recorded on a node (its lease is gone, or one device was unlinked): ARGV node
   * ('' for none), device ('' for none), now. Returns the last seen if the account went offline,
   * else false. No offline delay: the devices are gone, not flapping.
   */
  private static final RedisScript<String> DROP =
      RedisScript.of(
          ANY_DEVICE
              + """
              local node, dev, now = ARGV[1], ARGV[2], ARGV[3]
              local fields = redis.call('HGETALL', KEYS[1])
              for i = 1, #fields, 2 do
                local f, v = fields[i], fields[i + 1]
                if string.sub(f, 1, 2) == 'd:' then
                  local vnode, vepoch = string.match(v, '^([^|]*)|(%d+)|')
                  if node ~= '' and vnode == node then
                    redis.call('HDEL', KEYS[1], f)
                    redis.call('HSET', KEYS[1], 'x:' .. string.sub(f, 3), vepoch)
                  end
                end
              end
              if dev ~= '' then
                redis.call('HDEL', KEYS[1], 'd:' .. dev, 'e:' .. dev, 'x:' .. dev)
              end
              if any_device(KEYS[1]) or redis.call('HGET', KEYS[1], 'online') ~= '1' then
                return false
              end
              local seen = redis.call('HGET', KEYS[1], 'pending') or now
              redis.call('HDEL', KEYS[1], 'pending')
              redis.call('HSET', KEYS[1], 'online', '0', 'seen', seen)
              return seen
              """,
          String.class);

  private final StringRedisTemplate redis;

  PresenceStore(StringRedisTemplate redis) {
    this.redis = redis;
  }

  public static String key(UUID accountId) {
    return "presence:{" + accountId + "}";
  }

  /**
   * Set when the account is deleted, for {@link #GONE_TTL}: session events that arrive after the
   * purge (the edge ends the account's sessions only once it hears of the deletion) are ignored
   * instead of bringing presence back.
   */
  public static String goneKey(UUID accountId) {
    return "presence:gone:{" + accountId + "}";
  }

  static final Duration GONE_TTL = Duration.ofDays(7);

  static String nodeAccountsKey(String node) {
    return "presence:node-accounts:{" + node + "}";
  }

  /** What a DeviceConnected did. */
  public enum Connected {
    STALE,
    NO_CHANGE,
    RECONNECTED_WITHIN_DELAY,
    WENT_ONLINE
  }

  public Connected connected(
      UUID accountId, int deviceId, String node, long epoch, String session) {
    // Index first: a crash between the two leaves an index entry the sweep ignores, never a
    // device the sweep cannot find.
    redis.opsForSet().add(NODES, node);
    redis.opsForSet().add(nodeAccountsKey(node), accountId.toString());
    Long outcome =
        redis.execute(
            CONNECT,
            List.of(key(accountId), goneKey(accountId)),
            Integer.toString(deviceId),
            node,
            Long.toString(epoch),
            session);
    return Connected.values()[outcome == null ? 0 : outcome.intValue()];
  }

  /**
   * A DeviceDisconnected. True if it was the account's last device: offline is then due at {@code
   * due} (the caller's offline delay).
   */
  public boolean disconnected(
      UUID accountId, int deviceId, String node, long epoch, Instant at, Instant due) {
    List<Object> reply =
        redis.execute(
            DISCONNECT,
            List.of(key(accountId)),
            Integer.toString(deviceId),
            Long.toString(epoch),
            Long.toString(at.toEpochMilli()),
            node);
    boolean last = reply != null && ((Number) reply.get(0)).intValue() == 2;
    boolean nodeUsed = reply != null && ((Number) reply.get(1)).intValue() == 1;
    if (!nodeUsed) {
      // Session events of one account are handled in order by one consumer, so no connect of this
      // account on this node can slip in between.
      redis.opsForSet().remove(nodeAccountsKey(node), accountId.toString());
    }
    if (last) {
      redis.opsForZSet().add(PENDING, accountId.toString(), due.toEpochMilli());
    }
    return last;
  }

  /** Accounts whose offline announcement is due, claimed by this instance (each once). */
  public List<UUID> claimDue(Instant now, int max) {
    Set<String> due =
        redis
            .opsForZSet()
            .rangeByScore(PENDING, Double.NEGATIVE_INFINITY, now.toEpochMilli(), 0, max);
    List<UUID> claimed = new ArrayList<>();
    if (due == null) {
      return claimed;
    }
    for (String account : due) {
      Long removed = redis.opsForZSet().remove(PENDING, account);
      if (removed != null && removed > 0) {
        claimed.add(UUID.fromString(account));
      }
    }
    return claimed;
  }

  /** Announces-to-be: the last seen if the account is now offline, else null. */
  public Instant settle(UUID accountId) {
    String seen = redis.execute(SETTLE, List.of(key(accountId)));
    return seen == null ? null : Instant.ofEpochMilli(Long.parseLong(seen));
  }

  /** Nodes that hold (or held) sessions or watches. */
  public Set<String> nodes() {
    Set<String> nodes = redis.opsForSet().members(NODES);
    return nodes == null ? Set.of() : nodes;
  }

  public void addNode(String node) {
    redis.opsForSet().add(NODES, node);
  }

  public void forgetNode(String node) {
    redis.opsForSet().remove(NODES, node);
    redis.delete(nodeAccountsKey(node));
  }

  /** Accounts with a device recorded on the node. */
  public Set<String> accountsOn(String node) {
    Set<String> accounts = redis.opsForSet().members(nodeAccountsKey(node));
    return accounts == null ? Set.of() : accounts;
  }

  /** Drops an account's devices on a dead node; the last seen if it went offline, else null. */
  public Instant dropNode(UUID accountId, String node, Instant now) {
    return drop(accountId, node, "", now);
  }

  /** Drops one device (unlinked); the last seen if the account went offline, else null. */
  public Instant dropDevice(UUID accountId, int deviceId, Instant now) {
    return drop(accountId, "", Integer.toString(deviceId), now);
  }

  private Instant drop(UUID accountId, String node, String device, Instant now) {
    String seen =
        redis.execute(
            DROP, List.of(key(accountId)), node, device, Long.toString(now.toEpochMilli()));
    return seen == null ? null : Instant.ofEpochMilli(Long.parseLong(seen));
  }

  /** Forgets everything about an account's sessions. */
  public void purge(UUID accountId) {
    redis.opsForValue().set(goneKey(accountId), "1", GONE_TTL);
    redis.delete(key(accountId));
    redis.opsForZSet().remove(PENDING, accountId.toString());
  }

  public PresenceState state(UUID accountId) {
    return states(List.of(accountId)).get(accountId);
  }

  /** The announced state of each account, in one pipelined read. */
  public Map<UUID, PresenceState> states(Collection<UUID> accounts) {
    List<UUID> ordered = List.copyOf(accounts);
    List<Object> replies =
        redis.executePipelined(
            (RedisCallback<Object>)
                connection -> {
                  StringRedisConnection c = new DefaultStringRedisConnection(connection);
                  for (UUID account : ordered) {
                    c.hMGet(key(account), "online", "seen");
                  }
                  return null;
                });
    Map<UUID, PresenceState> states = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      @SuppressWarnings("unchecked")
      List<Object> values = (List<Object>) replies.get(i);
      Object online = values == null ? null : values.get(0);
      Object seen = values == null ? null : values.get(1);
      states.put(
          ordered.get(i),
          new PresenceState(
              "1".equals(online),
              seen == null ? null : Instant.ofEpochMilli(Long.parseLong(seen.toString()))));
    }
    return states;
  }
}
