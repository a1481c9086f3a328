package io.parley.edge.session;

import io.parley.runtime.redis.RedisScripts;
import io.parley.security.AuthenticatedDevice;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The device's connection record in Redis: which node and session hold it now. Claimed atomically
 * on CONNECT with an increasing epoch, so of two racing sessions of one device the later claim wins
 * everywhere; released only by the session that holds it. Presence and routing read it, with the
 * holding node's lease ({@link NodeLease}), to tell whether a device is online.
 *
 * <p>Key {@code edge:conn:{<accountId>:<deviceId>}}, a HASH: {@code epoch} (kept across sessions),
 * {@code node}, {@code session}, {@code since} (epoch milliseconds), {@code inc} (the device's
 * incarnation); the last four only while connected. Deleted when the device is unlinked or its
 * account deleted.
 */
@Component
public class ConnectionRecords {

  private static final RedisScript<List<Object>> CLAIM =
      RedisScripts.returningList(
          """
          local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
          local previous = redis.call('HMGET', KEYS[1], 'node', 'session')
          redis.call('HSET', KEYS[1], 'node', ARGV[1], 'session', ARGV[2], 'since', ARGV[3],
              'inc', ARGV[4])
          return {epoch, previous[1] or '', previous[2] or ''}
          """);

  private static final RedisScript<Long> RELEASE =
      RedisScript.of(
          """
          if redis.call('HGET', KEYS[1], 'session') == ARGV[1] then
            redis.call('HDEL', KEYS[1], 'node', 'session', 'since', 'inc')
            return 1
          end
          return 0
          """,
          Long.class);

  private final StringRedisTemplate redis;

  ConnectionRecords(StringRedisTemplate redis) {
    this.redis = redis;
  }

  public static String key(UUID accountId, int deviceId) {
    return io.parley.mailbox.ConnectionKeys.connection(accountId, deviceId);
  }

  /** What a claim found: the new epoch, and the node and session that held the device before. */
  public record Claim(long epoch, String previousNode, String previousSession) {}

  public Claim claim(
      AuthenticatedDevice device,
      String incarnation,
      String nodeId,
      String sessionId,
      Instant now) {
    List<Object> reply =
        redis.execute(
            CLAIM,
            List.of(key(device.accountId(), device.deviceId())),
            nodeId,
            sessionId,
            Long.toString(now.toEpochMilli()),
            incarnation);
    return new Claim(
        ((Number) reply.get(0)).longValue(), (String) reply.get(1), (String) reply.get(2));
  }

  /** Releases the record if this session still holds it; true if it did. */
  public boolean release(AuthenticatedDevice device, String sessionId) {
    Long released =
        redis.execute(RELEASE, List.of(key(device.accountId(), device.deviceId())), sessionId);
    return released != null && released == 1L;
  }
}
