package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsMillisSecondsMinutesHoursAndBareSeconds() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void formatsAsTheOptionsAreWritten() {
    assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("60s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void refusesOtherText() {
    assertThatThrownBy(() -> Durations.parse("1d")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("not a duration");
  }
}
