package io.parley.mailbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The read model of each account's devices, kept from account and key events ({@link
 * DeviceDirectoryUpdater}), to check a message's recipient devices without asking another service:
 * the edge checks before it accepts a message, routing again when it appends (a device may have
 * changed in between). A device counts once it is linked and has published its keys (before that no
 * sender can build a session with it).
 *
 * <p>Key {@code edge:devices:{<accountId>}}, a HASH, one slot per account: field {@code <deviceId>}
 * = {@code <registrationId>|<incarnation>|<ready 0/1>}; field {@code keys:<deviceId>} = a
 * registration id, when keys were published before the link event arrived (the two come on
 * different topics). Deleted with the account. Rebuilt from the topics if lost.
 */
public class DeviceDirectory {

  private static final RedisScript<Long> REGISTERED =
      RedisScript.of(
          """
          -- ARGV: deviceId, registrationId, incarnation, resetAccount (1: delete the others)
          local early = redis.call('HGET', KEYS[1], 'keys:' .. ARGV[1])
          if ARGV[4] == '1' then redis.call('DEL', KEYS[1]) end
          local ready = early and '1' or '0'
          redis.call('HDEL', KEYS[1], 'keys:' .. ARGV[1])
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|' .. ready)
          return 1
          """,
          Long.class);

  private static final RedisScript<Long> KEYS_PUBLISHED =
      RedisScript.of(
          """
          -- ARGV: deviceId, registrationId (0: unknown)
          local entry = redis.call('HGET', KEYS[1], ARGV[1])
          if not entry then
            redis.call('HSET', KEYS[1], 'keys:' .. ARGV[1], ARGV[2])
            return 0
          end
          local registration, incarnation = string.match(entry, '^([^|]*)|([^|]*)|')
          if ARGV[2] ~= '0' then registration = ARGV[2] end
          redis.call('HSET', KEYS[1], ARGV[1], registration .. '|' .. incarnation .. '|1')
          return 1
          """,
          Long.class);

  private static final RedisScript<Long> UNLINKED =
      RedisScript.of(
          """
          -- ARGV: deviceId, incarnation ('' : any)
          local entry = redis.call('HGET', KEYS[1], ARGV[1])
          if entry and ARGV[2] ~= '' then
            local incarnation = string.match(entry, '^[^|]*|([^|]*)|')
            if incarnation ~= ARGV[2] then return 0 end
          end
          redis.call('HDEL', KEYS[1], ARGV[1], 'keys:' .. ARGV[1])
          return 1
          """,
          Long.class);

  private final StringRedisTemplate redis;

  public DeviceDirectory(StringRedisTemplate redis) {
    this.redis = redis;
  }

  /** A reachable device: its registration id and incarnation. */
  public record Entry(int registrationId, String incarnation) {}

  /**
   * How a message's ciphertexts for one account differ from the account's reachable devices.
   *
   * @param missingDevices reachable devices the message has no ciphertext for
   * @param extraDevices ciphertexts for devices that are not reachable
   * @param staleDevices ciphertexts made for another registration id of the device
   */
  public record Mismatch(
      TreeSet<Integer> missingDevices,
      TreeSet<Integer> extraDevices,
      TreeSet<Integer> staleDevices) {

    public boolean isEmpty() {
      return missingDevices.isEmpty() && extraDevices.isEmpty() && staleDevices.isEmpty();
    }
  }

  /**
   * Compares the devices a message was encrypted for (device id to registration id) with the
   * account's reachable devices, leaving out the sending device when it is of that account.
   */
  public static Mismatch compare(
      Map<Integer, Entry> reachable, Map<Integer, Integer> encryptedFor, Integer sendingDevice) {
    Map<Integer, Entry> expected = new HashMap<>(reachable);
    if (sendingDevice != null) {
      expected.remove(sendingDevice);
    }
    TreeSet<Integer> missing = new TreeSet<>(expected.keySet());
    TreeSet<Integer> extra = new TreeSet<>();
    TreeSet<Integer> stale = new TreeSet<>();
    encryptedFor.forEach(
        (deviceId, registrationId) -> {
          Entry entry = expected.get(deviceId);
          missing.remove(deviceId);
          if (entry == null) {
            extra.add(deviceId);
          } else if (entry.registrationId() != registrationId) {
            stale.add(deviceId);
          }
        });
    return new Mismatch(missing, extra, stale);
  }

  static String key(UUID accountId) {
    return "edge:devices:{" + accountId + "}";
  }

  /** The account's reachable devices, by device id; empty if the account is unknown. */
  public Optional<Map<Integer, Entry>> reachableDevices(UUID accountId) {
    Map<Object, Object> hash = redis.opsForHash().entries(key(accountId));
    if (hash.isEmpty()) {
      return Optional.empty();
    }
    Map<Integer, Entry> devices = new HashMap<>();
    hash.forEach(
        (field, value) -> {
          String name = (String) field;
          if (name.startsWith("keys:")) {
            return;
          }
          String[] parts = ((String) value).split("\\|", -1);
          if (parts.length == 3 && parts[2].equals("1")) {
            devices.put(Integer.parseInt(name), new Entry(Integer.parseInt(parts[0]), parts[1]));
          }
        });
    return Optional.of(devices);
  }

  void registered(
      UUID accountId, int deviceId, int registrationId, String incarnation, boolean resetAccount) {
    redis.execute(
        REGISTERED,
        List.of(key(accountId)),
        Integer.toString(deviceId),
        Integer.toString(registrationId),
        incarnation,
        resetAccount ? "1" : "0");
  }

  void keysPublished(UUID accountId, int deviceId, int registrationId) {
    redis.execute(
        KEYS_PUBLISHED,
        List.of(key(accountId)),
        Integer.toString(deviceId),
        Integer.toString(registrationId));
  }

  void unlinked(UUID accountId, int deviceId, String incarnation) {
    redis.execute(UNLINKED, List.of(key(accountId)), Integer.toString(deviceId), incarnation);
  }

  void deleted(UUID accountId) {
    redis.delete(key(accountId));
  }
}
