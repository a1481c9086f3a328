package io.parley.push.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** Waiting for what a provider endpoint receives. */
public final class Deliveries {

  private Deliveries() {}

  /** Waits until {@code target} received {@code count} pushes, and returns them. */
  public static <R> List<Script.Received<R>> awaitReceived(
      Script<R> script, String target, int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> script.receivedFor(target).size() >= count);
    assertThat(script.violations()).as("protocol violations seen by the test server").isEmpty();
    return script.receivedFor(target);
  }

  /** Milliseconds between two receptions. */
  public static long millisBetween(Script.Received<?> first, Script.Received<?> second) {
    return Duration.ofNanos(second.atNanos() - first.atNanos()).toMillis();
  }
}
