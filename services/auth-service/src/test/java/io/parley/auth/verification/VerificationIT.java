package io.parley.auth.verification;

import static io.parley.auth.support.AuthApi.from;
import static io.parley.auth.support.AuthApi.randomAddress;
import static io.parley.auth.support.AuthApi.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

class VerificationIT extends AuthIntegrationTest {

  @Autowired StringRedisTemplate redis;

  private AuthApi.Response check(String session, String code) {
    return api.call(
        "POST",
        "/v1/verification/sessions/" + session + "/code",
        Map.of("code", code),
        null,
        from(randomAddress()));
  }

  private static String wrong(String code) {
    return code.equals("000000") ? "000001" : "000000";
  }

  @Test
  void sendsACodeThatVerifiesTheSessionAndIsStoredOnlyHashed() {
    String number = randomNumber();
    String session = api.startSession(number);
    String code = api.devCode(number);

    AuthApi.Response verified = check(session, code);

    assertThat(verified.status()).isEqualTo(200);
    assertThat(verified.body().get("verified").asBoolean()).isTrue();
    var stored = redis.opsForHash().entries("auth:vs:{" + session + "}");
    assertThat(stored.get("codeHash")).isNotNull().isNotEqualTo(code);
    assertThat(stored.values()).doesNotContain(code);
    assertThat(redis.keys("auth:phone:*")).noneMatch(k -> k.contains(number));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12345",
        "+1",
        "4155550123",
        "+1 415 555 0123",
        "+99912345678",
        "+1415555012345678",
        "call me"
      })
  void refusesNumbersThatAreNotE164NamingTheField(String number) {
    AuthApi.Response r =
        api.call(
            "POST",
            "/v1/verification/sessions",
            Map.of("phoneNumber", number),
            null,
            from(randomAddress()));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.raw().headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(r.text("field")).isEqualTo("phoneNumber");
  }

  @Test
  void refusesBodiesThatAreNotJsonOrLackTheNumber() {
    assertThat(
            api.call("POST", "/v1/verification/sessions", "{not json", null, from(randomAddress()))
                .status())
        .isEqualTo(400);
    assertThat(
            api.call("POST", "/v1/verification/sessions", Map.of(), null, from(randomAddress()))
                .status())
        .isEqualTo(400);
    String oversized = "+1" + "5".repeat(5000);
    assertThat(
            api.call(
                    "POST",
                    "/v1/verification/sessions",
                    Map.of("phoneNumber", oversized),
                    null,
                    from(randomAddress()))
                .status())
        .isEqualTo(400);
  }

  @Test
  void wrongCodesCountDownThenTheSessionIsLockedWith429EvenForTheRightCode() {
    String number = randomNumber();
    String session = api.startSession(number);
    String code = api.devCode(number);

    for (int left = 4; left >= 1; left--) {
      AuthApi.Response r = check(session, wrong(code));
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.body().get("detail").asString()).contains(left + " tries left");
    }
    AuthApi.Response fifth = check(session, wrong(code));
    assertThat(fifth.status()).isEqualTo(429);
    assertThat(Long.parseLong(fifth.header("Retry-After"))).isPositive();

    AuthApi.Response right = check(session, code);
    assertThat(right.status()).isEqualTo(429);
  }

  @Test
  void refusesAnExpiredCode() {
    String number = randomNumber();
    String session = api.startSession(number);
    String code = api.devCode(number);

    clock.advance(Duration.ofMinutes(10).plusSeconds(1));

    AuthApi.Response r = check(session, code);
    assertThat(r.status()).isEqualTo(410);
    assertThat(r.body().get("type").asString()).endsWith("/code-expired");
  }

  @Test
  void refusesUnknownSessionsAndCodesThatAreNotSixDigits() {
    assertThat(check("no-such-session", "123456").status()).isEqualTo(404);
    String session = api.startSession(randomNumber());
    assertThat(check(session, "12345").status()).isEqualTo(400);
    assertThat(check(session, "abcdef").status()).isEqualTo(400);
  }

  @Test
  void limitsCodesSentToOneNumberWith429AndRetryAfter() {
    String number = randomNumber();
    for (int i = 0; i < 3; i++) {
      api.startSession(number);
    }

    AuthApi.Response fourth =
        api.call(
            "POST",
            "/v1/verification/sessions",
            Map.of("phoneNumber", number),
            null,
            from(randomAddress()));

    assertThat(fourth.status()).isEqualTo(429);
    assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(1L, 120L);
  }

  @Test
  void limitsSendingPerClientAddressTakenFromTheTrustedProxysHeader() {
    String address = randomAddress();
    for (int i = 0; i < 20; i++) {
      AuthApi.Response r =
          api.call(
              "POST",
              "/v1/verification/sessions",
              Map.of("phoneNumber", randomNumber()),
              null,
              from(address));
      assertThat(r.status()).as("request %d", i).isEqualTo(201);
    }

    AuthApi.Response over =
        api.call(
            "POST",
            "/v1/verification/sessions",
            Map.of("phoneNumber", randomNumber()),
            null,
            from(address));
    AuthApi.Response otherClient =
        api.call(
            "POST",
            "/v1/verification/sessions",
            Map.of("phoneNumber", randomNumber()),
            null,
            from(randomAddress()));

    assertThat(over.status()).isEqualTo(429);
    assertThat(otherClient.status()).isEqualTo(201);
  }

  @Test
  void bruteForcingCodesAcrossSessionsOfOneNumberHitsTheNumbersCheckLimit() {
    String number = randomNumber();
    int refused = 0;
    for (int s = 0; s < 3; s++) {
      String session = api.startSession(number);
      for (int i = 0; i < 5; i++) {
        if (check(session, String.format("%06d", 100000 + s * 10 + i)).status() == 429) {
          refused++;
        }
      }
    }
    // 15 tries against one number: the per-number check bucket (10) answers 429 before the end.
    assertThat(refused).isGreaterThanOrEqualTo(5);
  }
}
