package io.parley.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a readiness condition while watching that the process is still alive. */
final class Readiness {

  private Readiness() {}

  static void await(
      String name, ProcessHandle process, Path logFile, Duration timeout, BooleanSupplier ready)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException(
            name
                + " exited during start-up; last lines of "
                + logFile
                + ":\n"
                + ChildProcess.tail(logFile, 40));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
    }
    ChildProcess.stop(process, Duration.ofSeconds(10));
    throw new IOException(
        name
            + " was not ready within "
            + timeout
            + "; last lines of "
            + logFile
            + ":\n"
            + ChildProcess.tail(logFile, 40));
  }
}
