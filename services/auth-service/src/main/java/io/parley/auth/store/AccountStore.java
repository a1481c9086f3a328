package io.parley.auth.store;

import io.parley.security.DeviceAuthRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Accounts and devices in Redis. Keys of one account share the hash tag {@code {<accountId>}} so
 * that the scripts touching them run in one slot of a Redis Cluster:
 *
 * <ul>
 *   <li>{@code auth:phone:{<phoneHash>}} → account id (the only way from a number to an account)
 *   <li>{@code auth:account:{<accountId>}} hash: phoneHash, createdAt
 *   <li>{@code auth:devices:{<accountId>}} hash: device id →
 *       registrationId|incarnation|createdAt|name
 *   <li>{@code parley:device-auth:{<accountId>:<deviceId>}} hash: incarnation, validSince (epoch
 *       seconds) — read by every service through libs/service-security
 * </ul>
 */
@Component
public class AccountStore {

  // KEYS[1] devices hash; ARGV: max devices, encoded record. Returns the new id, or -1 when full.
  private static final RedisScript<Long> ADD_DEVICE =
      RedisScript.of(
          """
          local max = tonumber(ARGV[1])
          if redis.call('HLEN', KEYS[1]) >= max then return -1 end
          for id = 2, 64 do
            if redis.call('HEXISTS', KEYS[1], tostring(id)) == 0 then
              redis.call('HSET', KEYS[1], tostring(id), ARGV[2])
              return id
            end
          end
          return -1
          """,
          Long.class);

  // KEYS[1] device-auth hash; ARGV: validSince. Only for a device that still exists.
  private static final RedisScript<Long> REVOKE_BEFORE =
      RedisScript.of(
          """
          if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
          redis.call('HSET', KEYS[1], 'validSince', ARGV[1])
          return 1
          """,
          Long.class);

  private final StringRedisTemplate redis;

  AccountStore(StringRedisTemplate redis) {
    this.redis = redis;
  }

  static String phoneKey(String phoneHash) {
    return "auth:phone:{" + phoneHash + "}";
  }

  static String accountKey(UUID accountId) {
    return "auth:account:{" + accountId + "}";
  }

  static String devicesKey(UUID accountId) {
    return "auth:devices:{" + accountId + "}";
  }

  /** The key libs/service-security reads; its layout is defined once, there. */
  static String deviceAuthKey(UUID accountId, int deviceId) {
    return DeviceAuthRecord.key(accountId, deviceId);
  }

  /**
   * Runs {@code writes} (this store's write methods, and any other use of auth-service's Redis
   * template on this thread) in one pipeline: sent without waiting for each answer, for bulk jobs.
   * Inside, methods that return a value see none (null, false or empty).
   */
  public void pipelined(Runnable writes) {
    redis.executePipelined(
        new SessionCallback<Object>() {
          @Override
          public <K, V> Object execute(RedisOperations<K, V> operations) {
            writes.run();
            return null;
          }
        });
  }

  public Optional<UUID> accountOf(String phoneHash) {
    return Optional.ofNullable(redis.opsForValue().get(phoneKey(phoneHash))).map(UUID::fromString);
  }

  /** Claims the number for a new account; false if another account holds it. */
  public boolean claimPhone(String phoneHash, UUID accountId) {
    return Boolean.TRUE.equals(
        redis.opsForValue().setIfAbsent(phoneKey(phoneHash), accountId.toString()));
  }

  public void createAccount(UUID accountId, String phoneHash, Instant now) {
    redis
        .opsForHash()
        .putAll(
            accountKey(accountId),
            Map.of("phoneHash", phoneHash, "createdAt", String.valueOf(now.toEpochMilli())));
  }

  public boolean exists(UUID accountId) {
    return Boolean.TRUE.equals(redis.hasKey(accountKey(accountId)));
  }

  public Optional<String> phoneHashOf(UUID accountId) {
    return Optional.ofNullable((String) redis.opsForHash().get(accountKey(accountId), "phoneHash"));
  }

  public Map<Integer, DeviceRecord> devices(UUID accountId) {
    Map<Integer, DeviceRecord> devices = new TreeMap<>();
    redis
        .<String, String>opsForHash()
        .entries(devicesKey(accountId))
        .forEach(
            (id, value) ->
                devices.put(
                    Integer.parseInt(id), DeviceRecord.decode(Integer.parseInt(id), value)));
    return devices;
  }

  public Optional<DeviceRecord> device(UUID accountId, int deviceId) {
    Object value = redis.opsForHash().get(devicesKey(accountId), String.valueOf(deviceId));
    return Optional.ofNullable(value).map(v -> DeviceRecord.decode(deviceId, (String) v));
  }

  public void putDevice(UUID accountId, DeviceRecord device) {
    redis.opsForHash().put(devicesKey(accountId), String.valueOf(device.id()), device.encode());
  }

  /** Adds a device at the lowest free id from 2, atomically; empty when the account is full. */
  public Optional<DeviceRecord> addDevice(UUID accountId, DeviceRecord template, int max) {
    Long id =
        redis.execute(
            ADD_DEVICE, List.of(devicesKey(accountId)), String.valueOf(max), template.encode());
    if (id == null || id < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new DeviceRecord(
            id.intValue(),
            template.name(),
            template.registrationId(),
            template.incarnation(),
            template.createdAt()));
  }

  public void removeDevice(UUID accountId, int deviceId) {
    redis.opsForHash().delete(devicesKey(accountId), String.valueOf(deviceId));
  }

  /** Tokens of this incarnation issued at or after {@code validSince} are accepted. */
  public void setDeviceAuth(
      UUID accountId, int deviceId, String incarnation, long validSinceEpochSecond) {
    redis
        .opsForHash()
        .putAll(
            deviceAuthKey(accountId, deviceId),
            Map.of(
                "incarnation", incarnation, "validSince", String.valueOf(validSinceEpochSecond)));
  }

  /** Kills every token of the device issued before {@code validSince}; false if it is gone. */
  public boolean revokeTokensBefore(UUID accountId, int deviceId, long validSinceEpochSecond) {
    Long done =
        redis.execute(
            REVOKE_BEFORE,
            List.of(deviceAuthKey(accountId, deviceId)),
            String.valueOf(validSinceEpochSecond));
    return done != null && done == 1L;
  }

  public void deleteDeviceAuth(UUID accountId, int deviceId) {
    redis.delete(deviceAuthKey(accountId, deviceId));
  }

  /** Removes the account and its number mapping (devices must be gone first). */
  public void deleteAccount(UUID accountId, String phoneHash) {
    redis.delete(List.of(devicesKey(accountId), accountKey(accountId)));
    redis.delete(phoneKey(phoneHash));
  }
}
