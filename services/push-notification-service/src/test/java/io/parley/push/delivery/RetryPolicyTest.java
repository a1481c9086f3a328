package io.parley.push.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.push.PushProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final PushProperties.Retry settings =
      new PushProperties.Retry(
          5, Duration.ofMillis(400), Duration.ofSeconds(3), Duration.ofSeconds(10));

  @Test
  void backsOffExponentiallyBetweenHalfAndAllOfEachStepUpToTheCap() {
    RetryPolicy lowest = new RetryPolicy(settings, () -> 0.0);
    RetryPolicy highest = new RetryPolicy(settings, () -> 0.999999);

    assertThat(lowest.nextDelay(1, Duration.ZERO, null)).contains(Duration.ofMillis(200));
    assertThat(highest.nextDelay(1, Duration.ZERO, null)).contains(Duration.ofMillis(399));
    assertThat(lowest.nextDelay(2, Duration.ZERO, null)).contains(Duration.ofMillis(400));
    assertThat(lowest.nextDelay(3, Duration.ZERO, null)).contains(Duration.ofMillis(800));
    assertThat(lowest.nextDelay(4, Duration.ZERO, null)).contains(Duration.ofMillis(1500));
    assertThat(highest.nextDelay(4, Duration.ZERO, null)).contains(Duration.ofMillis(2999));
  }

  @Test
  void waitsAtLeastWhatRetryAfterAsks() {
    RetryPolicy policy = new RetryPolicy(settings, () -> 0.5);

    assertThat(policy.nextDelay(1, Duration.ZERO, Duration.ofSeconds(7)))
        .contains(Duration.ofSeconds(7));
    assertThat(policy.nextDelay(3, Duration.ZERO, Duration.ofMillis(1)))
        .contains(Duration.ofMillis(1200));
  }

  @Test
  void givesUpWhenTheAttemptsOrTheTimeBudgetAreSpent() {
    RetryPolicy policy = new RetryPolicy(settings, () -> 0.5);

    assertThat(policy.nextDelay(5, Duration.ZERO, null)).isEmpty();
    assertThat(policy.nextDelay(1, Duration.ofSeconds(9), Duration.ofSeconds(2))).isEmpty();
    assertThat(policy.nextDelay(1, Duration.ZERO, Duration.ofSeconds(11))).isEmpty();
    assertThat(policy.nextDelay(1, Duration.ofSeconds(9), null)).contains(Duration.ofMillis(300));
  }

  @Test
  void readsRetryAfterAsSecondsOrAnHttpDate() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    assertThat(RetryAfter.parse(Optional.of("120"), clock)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(Optional.of("Fri, 27 Nov 2026 12:00:30 GMT"), clock))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Optional.of("Fri, 27 Nov 2026 11:00:00 GMT"), clock))
        .contains(Duration.ZERO);
    assertThat(RetryAfter.parse(Optional.of("-5"), clock)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse(Optional.of("soon"), clock)).isEmpty();
    assertThat(RetryAfter.parse(Optional.empty(), clock)).isEmpty();
  }
}
