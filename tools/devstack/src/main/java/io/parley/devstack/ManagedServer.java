package io.parley.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A real server run as a child process that can be started, stopped, killed and started again. */
public interface ManagedServer {

  String name();

  /** Starts the server (keeping its data) and returns once it serves requests. */
  void start() throws IOException;

  /** Graceful stop: SIGTERM, SIGKILL after a grace period. Data on disk is kept. */
  void stop();

  /** SIGKILL: no flush, no goodbye. Data on disk is kept. */
  void kill();

  boolean isRunning();

  /** The running process, if any. */
  Optional<ProcessHandle> process();

  Path logFile();
}
