package io.parley.auth.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class BenchProfileGuardTest {

  private static MockEnvironment profiles(String... active) {
    MockEnvironment environment = new MockEnvironment();
    environment.setActiveProfiles(active);
    return environment;
  }

  @Test
  void allowsBenchOnlyTogetherWithDev() {
    assertThatCode(() -> BenchProfileGuard.check(profiles("dev", "bench")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesBenchWithProdEvenWithDev() {
    assertThatThrownBy(() -> BenchProfileGuard.check(profiles("dev", "bench", "prod")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must never run with the prod profile");
  }

  @Test
  void refusesBenchWithoutDev() {
    assertThatThrownBy(() -> BenchProfileGuard.check(profiles("bench")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only together with the dev profile");
  }
}
