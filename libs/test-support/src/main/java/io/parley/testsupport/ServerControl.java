package io.parley.testsupport;

import java.io.IOException;

/** Stop, kill and restart of one test server (or all nodes of a cluster). */
interface ServerControl {

  void stop();

  void kill();

  /** Starts it again with the data it had; returns once it serves requests. */
  void start() throws IOException;

  boolean isRunning();

  /** Control of a server run by the devstack launchers. */
  static ServerControl of(io.parley.devstack.ManagedServer server) {
    return new ServerControl() {
      @Override
      public void stop() {
        server.stop();
      }

      @Override
      public void kill() {
        server.kill();
      }

      @Override
      public void start() throws IOException {
        server.start();
      }

      @Override
      public boolean isRunning() {
        return server.isRunning();
      }
    };
  }
}
