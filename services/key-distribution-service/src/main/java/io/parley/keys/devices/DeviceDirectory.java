package io.parley.keys.devices;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The devices of each account and their registration ids, as auth-service's events tell them:
 * {@code keys:devices:{<account>}} hash, device id → registration id.
 */
@Component
public class DeviceDirectory {

  private final StringRedisTemplate redis;

  DeviceDirectory(StringRedisTemplate redis) {
    this.redis = redis;
  }

  private static String key(UUID accountId) {
    return "keys:devices:{" + accountId + "}";
  }

  public void put(UUID accountId, int deviceId, int registrationId) {
    redis
        .opsForHash()
        .put(key(accountId), String.valueOf(deviceId), String.valueOf(registrationId));
  }

  public void remove(UUID accountId, int deviceId) {
    redis.opsForHash().delete(key(accountId), String.valueOf(deviceId));
  }

  public void removeAll(UUID accountId) {
    redis.delete(key(accountId));
  }

  /** Device id → registration id, in device order. */
  public Map<Integer, Integer> devices(UUID accountId) {
    Map<Integer, Integer> devices = new TreeMap<>();
    redis
        .<String, String>opsForHash()
        .entries(key(accountId))
        .forEach(
            (id, registration) ->
                devices.put(Integer.parseInt(id), Integer.parseInt(registration)));
    return devices;
  }

  public Optional<Integer> registrationId(UUID accountId, int deviceId) {
    Object value = redis.opsForHash().get(key(accountId), String.valueOf(deviceId));
    return Optional.ofNullable(value).map(v -> Integer.parseInt((String) v));
  }
}
