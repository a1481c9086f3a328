package io.parley.testsupport;

/** How a test server was provided; logged once per test JVM. */
public enum InfraMode {
  /**
   * Given by the environment ({@code PARLEY_TEST_KAFKA}, {@code PARLEY_TEST_REDIS}); no restart.
   */
  EXTERNAL,
  /** A container from a pinned image, where a Docker engine answers. */
  TESTCONTAINERS,
  /** A child process: the Kafka jars in a JVM, or {@code redis-server} (7.0 or later) from PATH. */
  LOCAL_PROCESS,
  /** The Redis 6.2 binary shipped in embedded-redis, where no other Redis exists. */
  EMBEDDED_BINARY
}
