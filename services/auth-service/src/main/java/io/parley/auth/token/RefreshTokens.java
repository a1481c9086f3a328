package io.parley.auth.token;

import io.parley.auth.AuthProperties;
import io.parley.runtime.redis.RedisScripts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Opaque 256-bit refresh tokens, stored only as their SHA-256, in families: every device has one
 * current family ({@code auth:rf:{<account>:<device>}}); replacing it kills every refresh token of
 * the old one at once.
 *
 * <p>Keys: {@code auth:rt:{<tokenHash>}} hash: account, device, incarnation, family, and once used
 * usedAt plus the successor (kept for the retry grace so a phone that lost the response gets the
 * same successor). Rotation is one script on the used token's key, so two concurrent uses of one
 * token cannot both rotate it.
 */
@Component
class RefreshTokens {

  /** A stored refresh token. */
  record Stored(UUID accountId, int deviceId, String incarnation, String family, Long usedAt) {}

  /** What presenting a token led to. */
  sealed interface Rotation {
    record Rotated(Stored token, String successor) implements Rotation {}

    record Retry(Stored token, String successor) implements Rotation {}

    record Reused(Stored token) implements Rotation {}

    record Unknown() implements Rotation {}
  }

  // KEYS[1] presented token; ARGV: now ms, grace ms, successor raw.
  // {status, account, device, incarnation, family, successor}
  private static final RedisScript<List<Object>> ROTATE =
      RedisScripts.returningList(
          """
          local t = redis.call('HMGET', KEYS[1], 'acct', 'dev', 'inc', 'family', 'usedAt', 'next')
          if not t[1] then return {'unknown'} end
          if not t[5] then
            redis.call('HSET', KEYS[1], 'usedAt', ARGV[1], 'next', ARGV[3])
            return {'rotated', t[1], t[2], t[3], t[4], ARGV[3]}
          end
          if tonumber(ARGV[1]) - tonumber(t[5]) <= tonumber(ARGV[2]) then
            return {'retry', t[1], t[2], t[3], t[4], t[6]}
          end
          return {'reused', t[1], t[2], t[3], t[4]}
          """);

  private final StringRedisTemplate redis;
  private final AuthProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  RefreshTokens(StringRedisTemplate redis, AuthProperties properties, Clock clock) {
    this.redis = redis;
    this.properties = properties;
    this.clock = clock;
  }

  static String familyKey(UUID accountId, int deviceId) {
    return "auth:rf:{" + accountId + ":" + deviceId + "}";
  }

  private static String tokenKey(String token) {
    return "auth:rt:{" + hash(token) + "}";
  }

  static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Starts a new family for the device (killing the old one) and returns its first token. */
  String startFamily(UUID accountId, int deviceId, String incarnation) {
    String family = newToken();
    redis
        .opsForValue()
        .set(familyKey(accountId, deviceId), family, properties.tokens().refreshTokenTtl());
    String token = newToken();
    store(token, new Stored(accountId, deviceId, incarnation, family, null));
    return token;
  }

  /** Stores {@code token} as a member of the family (idempotent). */
  void store(String token, Stored stored) {
    String key = tokenKey(token);
    redis
        .opsForHash()
        .putAll(
            key,
            Map.of(
                "acct", stored.accountId().toString(),
                "dev", String.valueOf(stored.deviceId()),
                "inc", stored.incarnation(),
                "family", stored.family()));
    redis.expire(key, properties.tokens().refreshTokenTtl());
  }

  Optional<String> currentFamily(UUID accountId, int deviceId) {
    return Optional.ofNullable(redis.opsForValue().get(familyKey(accountId, deviceId)));
  }

  boolean isUsed(String token) {
    return Boolean.TRUE.equals(redis.opsForHash().hasKey(tokenKey(token), "usedAt"));
  }

  boolean exists(String token) {
    return Boolean.TRUE.equals(redis.hasKey(tokenKey(token)));
  }

  Rotation rotate(String presented) {
    List<?> r =
        redis.execute(
            ROTATE,
            List.of(tokenKey(presented)),
            String.valueOf(clock.millis()),
            String.valueOf(properties.tokens().refreshRetryGrace().toMillis()),
            newToken());
    if (r == null || r.isEmpty() || "unknown".equals(r.get(0))) {
      return new Rotation.Unknown();
    }
    Stored stored =
        new Stored(
            UUID.fromString((String) r.get(1)),
            Integer.parseInt((String) r.get(2)),
            (String) r.get(3),
            (String) r.get(4),
            null);
    return switch ((String) r.get(0)) {
      case "rotated" -> new Rotation.Rotated(stored, (String) r.get(5));
      case "retry" -> new Rotation.Retry(stored, (String) r.get(5));
      default -> new Rotation.Reused(stored);
    };
  }

  /** Kills every refresh token of the device. */
  void endFamily(UUID accountId, int deviceId) {
    redis.delete(familyKey(accountId, deviceId));
  }
}
