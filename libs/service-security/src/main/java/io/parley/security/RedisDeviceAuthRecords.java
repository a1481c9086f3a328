package io.parley.security;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Reads the records auth-service writes (HGETALL of {@link DeviceAuthRecord#key}). */
final class RedisDeviceAuthRecords implements DeviceAuthRecords {

  private static final Logger log = LoggerFactory.getLogger(RedisDeviceAuthRecords.class);

  private final StringRedisTemplate redis;

  RedisDeviceAuthRecords(StringRedisTemplate redis) {
    this.redis = redis;
  }

  @Override
  public Optional<DeviceAuthRecord> find(UUID accountId, int deviceId) {
    String key = DeviceAuthRecord.key(accountId, deviceId);
    Map<Object, Object> hash;
    try {
      hash = redis.opsForHash().entries(key);
    } catch (DataAccessException e) {
      throw new TokenVerificationUnavailableException("cannot read device auth records", e);
    }
    try {
      return DeviceAuthRecord.fromHash(hash);
    } catch (IllegalArgumentException e) {
      // A record we cannot read grants nothing: fail closed, loudly.
      log.error("unreadable device auth record {}: {}; refusing its tokens", key, e.getMessage());
      return Optional.empty();
    }
  }
}
