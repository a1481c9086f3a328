package io.parley.auth.verification;

import io.parley.auth.phone.PhoneNumbers;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Dev profile only: no SMS. The code is logged (with the number masked) and kept for {@code GET
 * /v1/dev/verification-codes/{phoneNumber}}, so a developer can register without a phone.
 */
@Component
@Profile("dev")
class DevCodeSender implements VerificationCodeSender {

  private static final Logger log = LoggerFactory.getLogger(DevCodeSender.class);

  private final StringRedisTemplate redis;
  private final PhoneNumbers phones;

  DevCodeSender(StringRedisTemplate redis, PhoneNumbers phones) {
    this.redis = redis;
    this.phones = phones;
  }

  @Override
  public void send(String e164, String code) {
    redis.opsForValue().set(key(e164), code, Duration.ofMinutes(10));
    log.info("DEV verification code for {}: {}", PhoneNumbers.mask(e164), code);
  }

  Optional<String> lastCode(String e164) {
    return Optional.ofNullable(redis.opsForValue().get(key(e164)));
  }

  private String key(String e164) {
    return "auth:dev-code:{" + phones.hash(e164) + "}";
  }
}
