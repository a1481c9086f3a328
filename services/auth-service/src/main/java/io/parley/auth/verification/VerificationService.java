package io.parley.auth.verification;

import io.parley.auth.AuthProperties;
import io.parley.auth.phone.PhoneNumbers;
import io.parley.auth.ratelimit.RateLimiter;
import io.parley.auth.store.OpaqueTokens;
import io.parley.runtime.ratelimit.RateLimitExceededException;
import io.parley.runtime.redis.RedisScripts;
import io.parley.runtime.web.ApiException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Verification sessions: a six-digit code sent to a number, stored only as an HMAC, usable for
 * {@code code-ttl}, at most {@code max-attempts} wrong tries. A verified session can create (or
 * reinstall) an account once.
 *
 * <p>Key {@code auth:vs:{<sessionId>}} hash: phone (E.164, needed until the account exists),
 * phoneHash, codeHash, expiresAt, attempts, verified. It expires a little after the code so that a
 * late try gets "expired" rather than "unknown".
 */
@Service
public class VerificationService {

  private static final Logger log = LoggerFactory.getLogger(VerificationService.class);
  private static final Duration AFTERLIFE = Duration.ofMinutes(5);

  /** A session as the client sees it. */
  public record Session(String id, Instant expiresAt, boolean verified, int attemptsLeft) {}

  /** What a verified, consumed session gives account creation. */
  public record VerifiedNumber(String e164, String phoneHash) {}

  // KEYS[1] session; ARGV: candidate hash, max attempts.
  // {'missing'} | {'verified'} | {'exhausted'} | {'wrong', attemptsLeft} | {'ok'}
  private static final RedisScript<List<Object>> CHECK =
      RedisScripts.returningList(
          """
          local s = redis.call('HMGET', KEYS[1], 'codeHash', 'attempts', 'verified')
          if not s[1] then return {'missing'} end
          if s[3] == '1' then return {'verified'} end
          local attempts = tonumber(s[2])
          local max = tonumber(ARGV[2])
          if attempts >= max then return {'exhausted'} end
          if s[1] == ARGV[1] then
            redis.call('HSET', KEYS[1], 'verified', '1')
            return {'ok'}
          end
          attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
          return {'wrong', tostring(max - attempts)}
          """);

  // KEYS[1] session: returns phone and phoneHash of a verified session and deletes it.
  private static final RedisScript<List<Object>> CONSUME =
      RedisScripts.returningList(
          """
          local s = redis.call('HMGET', KEYS[1], 'verified', 'phone', 'phoneHash')
          if s[1] ~= '1' then return {} end
          redis.call('DEL', KEYS[1])
          return {s[2], s[3]}
          """);

  private final StringRedisTemplate redis;
  private final PhoneNumbers phones;
  private final VerificationCodeSender sender;
  private final RateLimiter rateLimiter;
  private final AuthProperties.Verification settings;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  VerificationService(
      StringRedisTemplate redis,
      PhoneNumbers phones,
      org.springframework.beans.factory.ObjectProvider<VerificationCodeSender> senders,
      RateLimiter rateLimiter,
      AuthProperties properties,
      Clock clock) {
    this.redis = redis;
    this.phones = phones;
    this.sender =
        senders.getIfUnique(
            () -> {
              throw new IllegalStateException(
                  "no way to send verification codes: set parley.auth.sms.webhook-url"
                      + " (PARLEY_AUTH_SMS_WEBHOOK_URL), or run with the dev profile");
            });
    this.rateLimiter = rateLimiter;
    this.settings = properties.verification();
    this.clock = clock;
  }

  private static String key(String sessionId) {
    return "auth:vs:{" + sessionId + "}";
  }

  public Session start(String phoneNumber, String clientAddress) {
    String e164 = phones.canonical(phoneNumber, "phoneNumber");
    String phoneHash = phones.hash(e164);
    rateLimiter.take(RateLimiter.Limit.VERIFICATION_SEND_ADDRESS, clientAddress);
    rateLimiter.take(RateLimiter.Limit.VERIFICATION_SEND_NUMBER, phoneHash);
    String sessionId = OpaqueTokens.random(16);
    String code = String.format("%06d", random.nextInt(1_000_000));
    Instant expiresAt = clock.instant().plus(settings.codeTtl());
    redis
        .opsForHash()
        .putAll(
            key(sessionId),
            Map.of(
                "phone",
                e164,
                "phoneHash",
                phoneHash,
                "codeHash",
                codeHash(sessionId, code),
                "expiresAt",
                String.valueOf(expiresAt.toEpochMilli()),
                "attempts",
                "0",
                "verified",
                "0"));
    redis.expire(key(sessionId), settings.codeTtl().plus(AFTERLIFE));
    try {
      sender.send(e164, code);
    } catch (VerificationCodeSender.CodeDeliveryException e) {
      redis.delete(key(sessionId));
      log.warn("could not deliver a code to {}: {}", PhoneNumbers.mask(e164), e.getMessage());
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "sms-unavailable",
          "the code could not be sent; retry later");
    }
    log.info("verification session {} started for {}", sessionId, PhoneNumbers.mask(e164));
    return new Session(sessionId, expiresAt, false, settings.maxAttempts());
  }

  public Session check(String sessionId, String code, String clientAddress) {
    Map<Object, Object> session = redis.opsForHash().entries(key(sessionId));
    if (session.isEmpty()) {
      throw new ApiException(
          HttpStatus.NOT_FOUND, "unknown-session", "no such verification session");
    }
    String phoneHash = (String) session.get("phoneHash");
    Instant expiresAt = Instant.ofEpochMilli(Long.parseLong((String) session.get("expiresAt")));
    rateLimiter.take(RateLimiter.Limit.VERIFICATION_CHECK_ADDRESS, clientAddress);
    rateLimiter.take(RateLimiter.Limit.VERIFICATION_CHECK_NUMBER, phoneHash);
    if (!"1".equals(session.get("verified")) && !clock.instant().isBefore(expiresAt)) {
      throw new ApiException(
          HttpStatus.GONE,
          "code-expired",
          "the code has expired; start a new verification session");
    }
    List<?> result =
        redis.execute(
            CHECK,
            List.of(key(sessionId)),
            codeHash(sessionId, code),
            String.valueOf(settings.maxAttempts()));
    String status = result == null || result.isEmpty() ? "missing" : (String) result.get(0);
    return switch (status) {
      case "ok", "verified" -> new Session(sessionId, expiresAt, true, 0);
      case "wrong" -> {
        int left = Integer.parseInt((String) result.get(1));
        if (left <= 0) {
          throw exhausted(expiresAt);
        }
        throw new ApiException(
            HttpStatus.FORBIDDEN, "wrong-code", "wrong code; " + left + " tries left");
      }
      case "exhausted" -> throw exhausted(expiresAt);
      default ->
          throw new ApiException(
              HttpStatus.NOT_FOUND, "unknown-session", "no such verification session");
    };
  }

  private RateLimitExceededException exhausted(Instant expiresAt) {
    Duration wait = Duration.between(clock.instant(), expiresAt.plus(AFTERLIFE));
    return new RateLimitExceededException(
        "verification-attempts", wait.isNegative() ? Duration.ofSeconds(1) : wait);
  }

  /** Consumes a verified session (one account per session). */
  public VerifiedNumber consume(String sessionId) {
    List<?> result = redis.execute(CONSUME, List.of(key(sessionId)));
    if (result == null || result.size() < 2) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "not-verified",
          "verificationSessionId is unknown, not verified, or already used");
    }
    return new VerifiedNumber((String) result.get(0), (String) result.get(1));
  }

  private String codeHash(String sessionId, String code) {
    return phones.keyedHash(sessionId + ":" + code);
  }
}
