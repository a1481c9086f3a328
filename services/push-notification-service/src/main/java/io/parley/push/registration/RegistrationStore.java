package io.parley.push.registration;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The registration of each device in Redis: {@code push:reg:{<account>:<device>}}, a HASH with
 * {@code provider}, {@code fingerprint}, {@code registeredAt} (epoch millis) and the provider's
 * fields ({@code token}, {@code topic}, {@code sandbox}; {@code endpoint}, {@code p256dh}, {@code
 * auth}). The braces are a Redis Cluster hash tag, shared with the device's other push keys.
 */
@Component
public class RegistrationStore {

  private static final Logger log = LoggerFactory.getLogger(RegistrationStore.class);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** Replace the whole hash at once: fields of a previous provider must not linger. */
  private static final RedisScript<Long> REPLACE =
      RedisScript.of(
          "redis.call('DEL', KEYS[1]); redis.call('HSET', KEYS[1], unpack(ARGV)); return 1",
          Long.class);

  /**
   * Delete only the registration that the provider refused: a device that registered a new token in
   * the meantime keeps it.
   */
  private static final RedisScript<Long> DELETE_IF_SAME =
      RedisScript.of(
          "if redis.call('HGET', KEYS[1], 'fingerprint') == ARGV[1] then"
              + " return redis.call('DEL', KEYS[1]) end return 0",
          Long.class);

  private final StringRedisTemplate redis;
  private final Clock clock;

  RegistrationStore(StringRedisTemplate redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  public static String key(UUID accountId, int deviceId) {
    return "push:reg:{" + accountId + ":" + deviceId + "}";
  }

  /** Sets the device's registration, replacing any previous one. */
  public void put(UUID accountId, int deviceId, PushRegistration registration) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("provider", registration.provider().tag());
    fields.put("fingerprint", registration.fingerprint());
    fields.put("registeredAt", String.valueOf(clock.millis()));
    if (registration instanceof FcmRegistration fcm) {
      fields.put("token", fcm.token());
    } else if (registration instanceof ApnsRegistration apns) {
      fields.put("token", apns.token());
      fields.put("topic", apns.topic());
      fields.put("sandbox", String.valueOf(apns.sandbox()));
    } else if (registration instanceof WebPushRegistration web) {
      fields.put("endpoint", web.endpoint().toString());
      fields.put("p256dh", B64.encodeToString(web.p256dh()));
      fields.put("auth", B64.encodeToString(web.auth()));
    }
    List<String> args = new ArrayList<>();
    fields.forEach(
        (field, value) -> {
          args.add(field);
          args.add(value);
        });
    redis.execute(REPLACE, List.of(key(accountId, deviceId)), args.toArray());
  }

  /** The device's registration, with when it was set. */
  public Optional<Stored> find(UUID accountId, int deviceId) {
    Map<Object, Object> hash = redis.opsForHash().entries(key(accountId, deviceId));
    if (hash.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(hash));
    } catch (RuntimeException e) {
      // Unreadable (a future layout, a hand edit): treated as no registration, never half-used.
      log.error(
          "unreadable push registration of {}:{} ({})",
          accountId,
          deviceId,
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  /** Removes the device's registration; true if there was one. */
  public boolean delete(UUID accountId, int deviceId) {
    return Boolean.TRUE.equals(redis.delete(key(accountId, deviceId)));
  }

  /** Removes the registration only if it is still the one with this fingerprint. */
  public boolean deleteIfUnchanged(UUID accountId, int deviceId, String fingerprint) {
    Long deleted = redis.execute(DELETE_IF_SAME, List.of(key(accountId, deviceId)), fingerprint);
    return deleted != null && deleted > 0;
  }

  private static Stored parse(Map<Object, Object> hash) {
    Provider provider = Provider.fromTag(field(hash, "provider"));
    PushRegistration registration =
        switch (provider) {
          case FCM -> new FcmRegistration(field(hash, "token"));
          case APNS ->
              new ApnsRegistration(
                  field(hash, "token"),
                  field(hash, "topic"),
                  Boolean.parseBoolean(field(hash, "sandbox")));
          case WEB_PUSH ->
              new WebPushRegistration(
                  URI.create(field(hash, "endpoint")),
                  B64D.decode(field(hash, "p256dh")),
                  B64D.decode(field(hash, "auth")));
        };
    return new Stored(
        registration, Instant.ofEpochMilli(Long.parseLong(field(hash, "registeredAt"))));
  }

  private static String field(Map<Object, Object> hash, String name) {
    Object value = hash.get(name);
    if (value == null) {
      throw new IllegalStateException("missing field " + name);
    }
    return value.toString();
  }

  /** A registration as stored. */
  public record Stored(PushRegistration registration, Instant registeredAt) {}
}
