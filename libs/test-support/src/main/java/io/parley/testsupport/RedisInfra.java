package io.parley.testsupport;

import io.parley.devstack.RedisBinary;
import org.junit.jupiter.api.Assumptions;

/** The Redis server of this test JVM. */
public final class RedisInfra extends TestServer {

  private final String host;
  private final int port;
  private final RedisBinary.Version version;

  RedisInfra(
      String host, int port, RedisBinary.Version version, InfraMode mode, ServerControl control) {
    super("Redis " + version + " at " + host + ":" + port, mode, control);
    this.host = host;
    this.port = port;
    this.version = version;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code redis://host:port} */
  public String uri() {
    return "redis://" + host + ":" + port;
  }

  public RedisBinary.Version version() {
    return version;
  }

  /**
   * Skips the calling test where Redis is older than {@code major.minor} (the embedded 6.2 binary
   * on a machine without Redis 7), naming what it needs.
   */
  public void assumeVersionAtLeast(int major, int minor) {
    Assumptions.assumeTrue(
        version.atLeast(major, minor),
        "needs Redis " + major + "." + minor + "+, this JVM has " + version + " (" + mode() + ")");
  }
}
