package io.parley.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assumptions;

/** What Kafka, Redis and Redis Cluster test servers share: their mode and restart control. */
public abstract sealed class TestServer permits KafkaInfra, RedisInfra, RedisClusterInfra {

  private final String name;
  private final InfraMode mode;
  private final ServerControl control;

  TestServer(String name, InfraMode mode, ServerControl control) {
    this.name = name;
    this.mode = mode;
    this.control = control;
  }

  public InfraMode mode() {
    return mode;
  }

  /** False for servers given by the environment: a test that needs restarts must skip there. */
  public boolean canRestart() {
    return control != null;
  }

  /** Skips the calling test where this server cannot be stopped and restarted. */
  public void assumeRestartable() {
    Assumptions.assumeTrue(canRestart(), name + " is external (" + mode + "): no restart control");
  }

  /** Graceful stop (SIGTERM or docker stop); data is kept. */
  public void stop() {
    control().stop();
  }

  /** SIGKILL (or docker kill): no chance to flush or say goodbye; what was on disk is kept. */
  public void kill() {
    control().kill();
  }

  /** Starts a stopped or killed server again on the same address with its data. */
  public void start() {
    try {
      control().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart " + name, e);
    }
  }

  public boolean isRunning() {
    return control == null || control.isRunning();
  }

  /** Restarts the server if a test left it stopped, so the next test finds it up. */
  void ensureRunning() {
    if (control != null && !control.isRunning()) {
      start();
    }
  }

  private ServerControl control() {
    if (control == null) {
      throw new IllegalStateException(
          name + " is external (" + mode + "): it cannot be stopped or restarted from a test");
    }
    return control;
  }

  @Override
  public String toString() {
    return name + " (" + mode + ")";
  }
}
