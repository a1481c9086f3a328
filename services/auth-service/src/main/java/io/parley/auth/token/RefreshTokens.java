package io.parley.auth.token;

import io.parley.auth.AuthProperties;
import io.parley.auth.store.OpaqueTokens;
import io.parley.runtime.redis.RedisScripts;
import java.time.Clock;
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
  record Stored(UUID accountId, int deviceId, String incarnation, String family) {}

  /** What presenting a token led to. */
  sealed interface Rotation {
    /**
     * The token may be exchanged for {@code successor}: it was just rotated, or ({@code retry}) it
     * was rotated less than the grace period ago and the caller may be re-asking.
     */
    record Granted(Stored token, String successor, boolean retry) implements Rotation {}

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

  RefreshTokens(StringRedisTemplate redis, AuthProperties properties, Clock clock) {
    this.redis = redis;
    this.properties = properties;
    this.clock = clock;
  }

  static String familyKey(UUID accountId, int deviceId) {
    return "auth:rf:{" + accountId + ":" + deviceId + "}";
  }

  private static String tokenKey(String token) {
    return "auth:rt:{" + OpaqueTokens.sha256(token) + "}";
  }

  String newToken() {
    return OpaqueTokens.random(32);
  }

  /** Starts a new family for the device (killing the old one) and returns its first token. */
  String startFamily(UUID accountId, int deviceId, String incarnation) {
    String family = newToken();
    redis
        .opsForValue()
        .set(familyKey(accountId, deviceId), family, properties.tokens().refreshTokenTtl());
    String token = newToken();
    store(token, new Stored(accountId, deviceId, incarnation, family));
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
            (String) r.get(4));
    return switch ((String) r.get(0)) {
      case "rotated" -> new Rotation.Granted(stored, (String) r.get(5), false);
      case "retry" -> new Rotation.Granted(stored, (String) r.get(5), true);
      default -> new Rotation.Reused(stored);
    };
  }

  /** Kills every refresh token of the device. */
  void endFamily(UUID accountId, int deviceId) {
    redis.delete(familyKey(accountId, deviceId));
  }
}
