package io.parley.mailbox;

import io.parley.runtime.redis.RedisScripts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Every device's mailbox in Redis: the durable copy of each envelope until its device acknowledges
 * it. message-routing-service only appends; the edge node holding the device's session only reads
 * and deletes.
 *
 * <p>Keys, all in the device's slot {@code {<account>:<device>}} (one Redis Cluster slot, so each
 * script touches one node): {@code mbx:{..}:q} a ZSET of GUIDs scored by a per-device sequence (the
 * order of delivery), {@code mbx:{..}:m} a HASH of GUID to stored entry, {@code mbx:{..}:meta} a
 * HASH (the sequence counter {@code seq} and the incarnation {@code inc} the entries are for),
 * {@code mbx:{..}:acked} a ZSET of recently acknowledged GUIDs scored by acknowledgement time (the
 * dedupe window). Every write renews the keys' expiry ({@code parley.mailbox.ttl}).
 *
 * <p>Durability: the Redis holding mailboxes runs with {@code appendonly yes} and {@code
 * appendfsync always}, so an append acknowledged by Redis survives a Redis crash (docs/adr/0012).
 */
public final class Mailbox {

  /** What an append did. */
  public enum AppendStatus {
    /** The entry is new and stored. */
    APPENDED,
    /** The GUID is in the mailbox already: a replay; nothing changed. */
    DUPLICATE,
    /** The GUID was acknowledged recently: a replay of something delivered; nothing changed. */
    ALREADY_ACKNOWLEDGED,
    /** The mailbox holds its limit; nothing stored. */
    FULL
  }

  /**
   * @param length the mailbox's length after the append
   * @param connectedNode the edge node the device's connection record names, or "" (the caller
   *     checks that node's lease before trusting it)
   */
  public record AppendResult(AppendStatus status, long length, String connectedNode) {}

  /** An entry read from a mailbox, with its place in the device's order. */
  public record StoredEntry(String guid, long sequence, MailboxEntry entry) {}

  private static final RedisScript<List<Object>> APPEND =
      RedisScripts.returningList(
          """
          -- KEYS: q, m, meta, acked, connection
          -- ARGV: guid, entry, incarnation, limit, ttl ms, now ms, dedupe window ms
          local inc = redis.call('HGET', KEYS[3], 'inc')
          if inc ~= ARGV[3] then
            if inc then
              -- left over from an earlier incarnation of this device id: never delivered to it
              redis.call('DEL', KEYS[1], KEYS[2], KEYS[4])
            end
            redis.call('HSET', KEYS[3], 'inc', ARGV[3])
          end
          local node = redis.call('HGET', KEYS[5], 'node') or ''
          if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
            return {'DUPLICATE', redis.call('ZCARD', KEYS[1]), node}
          end
          redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[6]) - tonumber(ARGV[7]))
          if redis.call('ZSCORE', KEYS[4], ARGV[1]) then
            return {'ALREADY_ACKNOWLEDGED', redis.call('ZCARD', KEYS[1]), node}
          end
          local length = redis.call('ZCARD', KEYS[1])
          if length >= tonumber(ARGV[4]) then
            return {'FULL', length, node}
          end
          local seq = redis.call('HINCRBY', KEYS[3], 'seq', 1)
          redis.call('ZADD', KEYS[1], seq, ARGV[1])
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
          for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
          return {'APPENDED', length + 1, node}
          """);

  private static final RedisScript<List<Object>> READ =
      RedisScripts.returningList(
          """
          -- KEYS: q, m, meta; ARGV: after sequence, limit, incarnation
          if redis.call('HGET', KEYS[3], 'inc') ~= ARGV[3] then return {} end
          local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf',
              'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
          local out = {}
          for i = 1, #ids, 2 do
            local entry = redis.call('HGET', KEYS[2], ids[i])
            if entry then
              out[#out + 1] = ids[i]
              out[#out + 1] = ids[i + 1]
              out[#out + 1] = entry
            else
              redis.call('ZREM', KEYS[1], ids[i])
            end
          end
          return out
          """);

  private static final RedisScript<Long> DELETE =
      RedisScript.of(
          """
          -- KEYS: q, m, meta, acked
          -- ARGV: guid, incarnation, now ms, dedupe window ms, dedupe max, remember (1/0)
          if redis.call('HGET', KEYS[3], 'inc') ~= ARGV[2] then return 0 end
          local removed = redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
          if ARGV[6] == '1' and tonumber(ARGV[5]) > 0 then
            redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
            local over = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[5])
            if over > 0 then redis.call('ZREMRANGEBYRANK', KEYS[4], 0, over - 1) end
            redis.call('PEXPIRE', KEYS[4], ARGV[4])
          end
          return removed
          """,
          Long.class);

  private static final RedisScript<Long> PURGE =
      RedisScript.of(
          """
          -- KEYS: q, m, meta, acked; ARGV: incarnation ('' : any)
          local inc = redis.call('HGET', KEYS[3], 'inc')
          if ARGV[1] == '' or not inc or inc == ARGV[1] then
            return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
          end
          return 0
          """,
          Long.class);

  private final StringRedisTemplate redis;
  private final MailboxProperties properties;
  private final Clock clock;

  public Mailbox(StringRedisTemplate redis, MailboxProperties properties, Clock clock) {
    this.redis = redis;
    this.properties = properties;
    this.clock = clock;
  }

  public MailboxProperties properties() {
    return properties;
  }

  private static List<String> keys(UUID accountId, int deviceId, String... suffixes) {
    String slot = MailboxAddress.slot(accountId, deviceId);
    List<String> keys = new ArrayList<>(suffixes.length);
    for (String suffix : suffixes) {
      keys.add("mbx:" + slot + ":" + suffix);
    }
    return keys;
  }

  /**
   * Appends an entry unless its GUID is there already or was acknowledged within the dedupe window.
   * Messages are refused when the mailbox holds {@code max-messages}; receipts and rejections
   * ({@link MailboxEntry#system()}) may use the reserve above that.
   */
  public AppendResult append(MailboxAddress address, String guid, MailboxEntry entry) {
    List<String> keys = keys(address.accountId(), address.deviceId(), "q", "m", "meta", "acked");
    keys.add(ConnectionKeys.connection(address.accountId(), address.deviceId()));
    long limit =
        entry.system()
            ? (long) properties.maxMessages() + properties.systemReserve()
            : properties.maxMessages();
    List<Object> reply =
        redis.execute(
            APPEND,
            keys,
            guid,
            entry.encode(),
            address.incarnation(),
            Long.toString(limit),
            Long.toString(properties.ttl().toMillis()),
            Long.toString(clock.millis()),
            Long.toString(properties.dedupeWindow().toMillis()));
    return new AppendResult(
        AppendStatus.valueOf((String) reply.get(0)),
        ((Number) reply.get(1)).longValue(),
        (String) reply.get(2));
  }

  /**
   * Up to {@code limit} entries after {@code afterSequence}, in order; empty if the mailbox is for
   * another incarnation of the device.
   */
  public List<StoredEntry> read(MailboxAddress address, long afterSequence, int limit) {
    List<Object> reply =
        redis.execute(
            READ,
            keys(address.accountId(), address.deviceId(), "q", "m", "meta"),
            Long.toString(afterSequence),
            Integer.toString(limit),
            address.incarnation());
    List<StoredEntry> entries = new ArrayList<>(reply.size() / 3);
    for (int i = 0; i + 2 < reply.size(); i += 3) {
      entries.add(
          new StoredEntry(
              (String) reply.get(i),
              Long.parseLong((String) reply.get(i + 1)),
              MailboxEntry.decode((String) reply.get(i + 2))));
    }
    return entries;
  }

  /**
   * Deletes an acknowledged entry and remembers its GUID for the dedupe window; true if it was
   * there.
   */
  public boolean acknowledge(MailboxAddress address, String guid) {
    return delete(address, guid, true);
  }

  /** Deletes an entry that expired unread; its GUID is not remembered. */
  public boolean drop(MailboxAddress address, String guid) {
    return delete(address, guid, false);
  }

  private boolean delete(MailboxAddress address, String guid, boolean remember) {
    Long removed =
        redis.execute(
            DELETE,
            keys(address.accountId(), address.deviceId(), "q", "m", "meta", "acked"),
            guid,
            address.incarnation(),
            Long.toString(clock.millis()),
            Long.toString(Math.max(1, properties.dedupeWindow().toMillis())),
            Integer.toString(properties.dedupeMax()),
            remember ? "1" : "0");
    return removed != null && removed > 0;
  }

  /**
   * Deletes a device's mailbox (unlinked, account deleted), unless it holds entries for a later
   * incarnation of the device id.
   *
   * @param incarnation the incarnation that ended, or null for any
   */
  public void purge(UUID accountId, int deviceId, String incarnation) {
    redis.execute(
        PURGE,
        keys(accountId, deviceId, "q", "m", "meta", "acked"),
        incarnation == null ? "" : incarnation);
  }

  /** Entries waiting in a device's mailbox. */
  public long length(UUID accountId, int deviceId) {
    Long size = redis.opsForZSet().zCard(keys(accountId, deviceId, "q").get(0));
    return size == null ? 0 : size;
  }

  /** Whether anything of the device's mailbox is in Redis (for purge tests and operators). */
  public boolean exists(UUID accountId, int deviceId) {
    Long count = redis.countExistingKeys(keys(accountId, deviceId, "q", "m", "meta", "acked"));
    return count != null && count > 0;
  }
}
