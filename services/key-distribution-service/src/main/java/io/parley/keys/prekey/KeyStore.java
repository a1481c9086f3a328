package io.parley.keys.prekey;

import io.parley.runtime.redis.RedisScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Prekeys in Redis. A device's keys share the hash tag {@code {<account>:<device>}}, so upload,
 * fetch and purge are each one Lua script in one slot of a Redis Cluster, atomic across every
 * instance:
 *
 * <ul>
 *   <li>{@code keys:signed:{a:d}}, {@code keys:lastresort:{a:d}} hash: id, pub, sig
 *   <li>{@code keys:ec:{a:d}} list of {@code id:pub}: one-time EC prekeys, popped once each
 *   <li>{@code keys:pq:{a:d}} list of {@code id:pub:sig}: one-time Kyber prekeys
 *   <li>{@code keys:identity:{a}}: the account's identity key; {@code keys:identity-previous:{a}}
 *       the one a reinstall replaced, until the new one arrives
 * </ul>
 *
 * Values are standard base64 (which has no ':').
 */
@Component
public class KeyStore {

  /** A signed key as stored. */
  public record Signed(long keyId, String publicKey, String signature) {}

  /** What one fetch took from a device. */
  public record Taken(
      Signed signedPreKey,
      Bundle.KeyView preKey,
      Signed pqPreKey,
      boolean pqWasLastResort,
      long ecLeft,
      long pqLeft) {}

  /** Whether the device had (and has) both the signed EC and the last-resort Kyber prekey. */
  public record Completeness(boolean before, boolean after) {}

  private static final RedisScript<List<Object>> UPLOAD =
      RedisScripts.returningList(
          """
          local before = redis.call('EXISTS', KEYS[1]) == 1 and redis.call('EXISTS', KEYS[2]) == 1
          if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'id', ARGV[2], 'pub', ARGV[3], 'sig', ARGV[4]) end
          if ARGV[5] == '1' then redis.call('HSET', KEYS[2], 'id', ARGV[6], 'pub', ARGV[7], 'sig', ARGV[8]) end
          local ecCount = tonumber(ARGV[10])
          local pqCount = tonumber(ARGV[12])
          if ARGV[9] == '1' then
            redis.call('DEL', KEYS[3])
            for i = 1, ecCount do redis.call('RPUSH', KEYS[3], ARGV[12 + i]) end
          end
          if ARGV[11] == '1' then
            redis.call('DEL', KEYS[4])
            for i = 1, pqCount do redis.call('RPUSH', KEYS[4], ARGV[12 + ecCount + i]) end
          end
          local after = redis.call('EXISTS', KEYS[1]) == 1 and redis.call('EXISTS', KEYS[2]) == 1
          return {before and 1 or 0, after and 1 or 0}
          """);

  private static final RedisScript<List<Object>> FETCH =
      RedisScripts.returningList(
          """
          local s = redis.call('HMGET', KEYS[1], 'id', 'pub', 'sig')
          local l = redis.call('HMGET', KEYS[2], 'id', 'pub', 'sig')
          if not s[1] or not l[1] then return {'unreachable'} end
          local ec = redis.call('LPOP', KEYS[3])
          local pq = redis.call('LPOP', KEYS[4])
          local lastResort = 0
          if not pq then
            pq = l[1] .. ':' .. l[2] .. ':' .. l[3]
            lastResort = 1
          end
          return {'ok', s[1], s[2], s[3], ec or '', pq, lastResort,
                  redis.call('LLEN', KEYS[3]), redis.call('LLEN', KEYS[4])}
          """);

  private final StringRedisTemplate redis;

  KeyStore(StringRedisTemplate redis) {
    this.redis = redis;
  }

  private static List<String> deviceKeys(UUID accountId, int deviceId) {
    String tag = "{" + accountId + ":" + deviceId + "}";
    return List.of(
        "keys:signed:" + tag, "keys:lastresort:" + tag, "keys:ec:" + tag, "keys:pq:" + tag);
  }

  private static String identityKey(UUID accountId) {
    return "keys:identity:{" + accountId + "}";
  }

  private static String previousIdentityKey(UUID accountId) {
    return "keys:identity-previous:{" + accountId + "}";
  }

  public Optional<String> identity(UUID accountId) {
    return Optional.ofNullable(redis.opsForValue().get(identityKey(accountId)));
  }

  /** Sets the identity key if the account has none; false if another one is already there. */
  public boolean setIdentityIfAbsent(UUID accountId, String identityKey) {
    return Boolean.TRUE.equals(
        redis.opsForValue().setIfAbsent(identityKey(accountId), identityKey));
  }

  /** The identity key a reinstall replaced, taken once (so one change yields one event). */
  public Optional<String> takePreviousIdentity(UUID accountId) {
    return Optional.ofNullable(redis.opsForValue().getAndDelete(previousIdentityKey(accountId)));
  }

  /** A reinstall: the identity key may be set anew; the old one is kept to detect the change. */
  public void resetIdentity(UUID accountId) {
    String old = redis.opsForValue().getAndDelete(identityKey(accountId));
    if (old != null) {
      redis.opsForValue().set(previousIdentityKey(accountId), old);
    }
  }

  public void deleteIdentity(UUID accountId) {
    redis.delete(List.of(identityKey(accountId), previousIdentityKey(accountId)));
  }

  /** Writes what the upload carries for one device, atomically. */
  public Completeness upload(
      UUID accountId,
      int deviceId,
      Signed signedPreKey,
      Signed lastResort,
      List<Bundle.KeyView> preKeys,
      List<Signed> pqPreKeys) {
    List<String> args = new ArrayList<>();
    addSigned(args, signedPreKey);
    addSigned(args, lastResort);
    args.add(preKeys == null ? "0" : "1");
    args.add(String.valueOf(preKeys == null ? 0 : preKeys.size()));
    args.add(pqPreKeys == null ? "0" : "1");
    args.add(String.valueOf(pqPreKeys == null ? 0 : pqPreKeys.size()));
    if (preKeys != null) {
      preKeys.forEach(k -> args.add(k.keyId() + ":" + k.publicKey()));
    }
    if (pqPreKeys != null) {
      pqPreKeys.forEach(k -> args.add(k.keyId() + ":" + k.publicKey() + ":" + k.signature()));
    }
    List<Object> r = redis.execute(UPLOAD, deviceKeys(accountId, deviceId), args.toArray());
    return new Completeness(
        ((Number) r.get(0)).intValue() == 1, ((Number) r.get(1)).intValue() == 1);
  }

  private static void addSigned(List<String> args, Signed key) {
    if (key == null) {
      args.addAll(List.of("0", "", "", ""));
    } else {
      args.addAll(List.of("1", String.valueOf(key.keyId()), key.publicKey(), key.signature()));
    }
  }

  /** Takes one EC and one Kyber one-time prekey (or the last resort); empty if unreachable. */
  public Optional<Taken> take(UUID accountId, int deviceId) {
    List<Object> r = redis.execute(FETCH, deviceKeys(accountId, deviceId));
    if (r == null || r.isEmpty() || !"ok".equals(r.get(0))) {
      return Optional.empty();
    }
    Signed signed =
        new Signed(Long.parseLong((String) r.get(1)), (String) r.get(2), (String) r.get(3));
    String ec = (String) r.get(4);
    Bundle.KeyView preKey = null;
    if (!ec.isEmpty()) {
      String[] parts = ec.split(":", 2);
      preKey = new Bundle.KeyView(Long.parseLong(parts[0]), parts[1]);
    }
    String[] pq = ((String) r.get(5)).split(":", 3);
    Signed pqKey = new Signed(Long.parseLong(pq[0]), pq[1], pq[2]);
    return Optional.of(
        new Taken(
            signed,
            preKey,
            pqKey,
            ((Number) r.get(6)).intValue() == 1,
            ((Number) r.get(7)).longValue(),
            ((Number) r.get(8)).longValue()));
  }

  /** One-time EC and Kyber prekeys left. */
  public long[] counts(UUID accountId, int deviceId) {
    List<String> keys = deviceKeys(accountId, deviceId);
    Long ec = redis.opsForList().size(keys.get(2));
    Long pq = redis.opsForList().size(keys.get(3));
    return new long[] {ec == null ? 0 : ec, pq == null ? 0 : pq};
  }

  /** Removes every key of the device (one slot, one command). */
  public void purge(UUID accountId, int deviceId) {
    redis.delete(deviceKeys(accountId, deviceId));
  }
}
