package io.parley.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSpecTest {

  private static final ServiceSpec EDGE = ServiceSpec.named("edge-service");
  private static final ServiceSpec AUTH = ServiceSpec.named("auth-service");
  private static final List<String> SHARED = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC");

  @Test
  void namesItsOwnSettingsAfterTheService() {
    assertThat(EDGE.jvmOptionsVariable()).isEqualTo("PARLEY_EDGE_SERVICE_JVM_OPTS");
    assertThat(AUTH.profilesVariable()).isEqualTo("PARLEY_AUTH_SERVICE_PROFILES");
    assertThat(EDGE.portVariable()).isEqualTo("PARLEY_EDGE_SERVICE_PORT");
  }

  @Test
  void aServicesOwnJvmOptionsComeAfterTheSharedOnesSoTheyWin() {
    Map<String, String> env =
        Map.of("PARLEY_EDGE_SERVICE_JVM_OPTS", " -Xmx2g  -Xlog:gc*:file=/tmp/gc.log ");

    assertThat(EDGE.jvmOptions(SHARED, env))
        .containsExactly(
            "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-Xmx2g", "-Xlog:gc*:file=/tmp/gc.log");
    // Only the edge: every other service keeps the shared options alone.
    assertThat(AUTH.jvmOptions(SHARED, env)).isEqualTo(SHARED);
  }

  @Test
  void extraProfilesComeAfterDevForThatServiceOnly() {
    Map<String, String> env = Map.of("PARLEY_AUTH_SERVICE_PROFILES", "bench, other");

    assertThat(AUTH.activeProfiles(env)).isEqualTo("dev,bench,other");
    assertThat(EDGE.activeProfiles(env)).isEqualTo("dev");
    assertThat(AUTH.activeProfiles(Map.of("PARLEY_AUTH_SERVICE_PROFILES", " "))).isEqualTo("dev");
  }

  @Test
  void refusesProfilesThatAreNotPlainNames() {
    assertThatThrownBy(
            () -> AUTH.activeProfiles(Map.of("PARLEY_AUTH_SERVICE_PROFILES", "bench --x=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PARLEY_AUTH_SERVICE_PROFILES");
  }
}
