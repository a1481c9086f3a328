package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacedScheduleTest {

  @Test
  void aThousandPerSecondIsOneMillisecondApartFromTheStartAndSendersTakeTurns() {
    PacedSchedule s = new PacedSchedule(5_000, 1000, 100, 30_000);
    assertThat(s.dueNanos(0)).isEqualTo(5_000);
    assertThat(s.dueNanos(1)).isEqualTo(5_000 + 1_000_000);
    assertThat(s.dueNanos(29_999)).isEqualTo(5_000 + 29_999_000_000L);
    assertThat(s.sender(0)).isZero();
    assertThat(s.sender(99)).isEqualTo(99);
    assertThat(s.sender(100)).isZero();
    // each sender: one message every 100 ms, i.e. 10 per second
    assertThat(s.dueNanos(100) - s.dueNanos(0)).isEqualTo(100_000_000);
  }

  @Test
  void dueTimesAreComputedFromTheStartSoRoundingDoesNotAccumulate() {
    PacedSchedule s = new PacedSchedule(0, 3, 1, 3_000_000);
    // 1/3 s is not a whole number of ns; after 3 million slots the error is still under 1 ns
    assertThat(s.dueNanos(2_999_999)).isEqualTo(999_999_666_666_667L);
    assertThat(s.dueNanos(1)).isEqualTo(333_333_333);
    assertThat(s.dueNanos(2)).isEqualTo(666_666_667);
  }

  @Test
  void messagesOfARun() {
    assertThat(PacedSchedule.messagesIn(30, 1000)).isEqualTo(30_000);
    assertThat(PacedSchedule.messagesIn(0.5, 1000)).isEqualTo(500);
  }
}
