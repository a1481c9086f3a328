package io.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.devstack.Ports;
import io.parley.devstack.RedisBinary;
import io.parley.devstack.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback for a machine with only a JDK: the Redis binary shipped inside embedded-redis runs,
 * keeps data across a stop and a kill, and reports its (older) version so tests can skip.
 */
@EnabledOnOs(OS.LINUX)
class EmbeddedRedisFallbackIT {

  @Test
  void runsTheShippedBinaryWithDurableDataAcrossStopAndKill(@TempDir Path dir) throws Exception {
    RedisBinary binary = RedisBinary.embedded(dir.resolve("bin"));
    assertThat(binary.source()).isEqualTo(RedisBinary.Source.EMBEDDED);
    assertThat(binary.version().major()).isEqualTo(6);
    assertThat(Files.isExecutable(binary.executable())).isTrue();

    RedisServer server =
        new RedisServer(
            new RedisServer.Settings(
                "embedded-it", dir.resolve("data"), Ports.free(), binary, false, false));
    try {
      server.start();
      RedisInfraIT.withRedis(server.host(), server.port(), r -> r.set("k", "v1"));
      server.stop();
      server.start();
      RedisInfraIT.withRedis(
          server.host(),
          server.port(),
          r -> {
            assertThat(r.get("k")).isEqualTo("v1");
            r.set("k", "v2");
          });
      server.kill();
      server.start();
      RedisInfraIT.withRedis(
          server.host(), server.port(), r -> assertThat(r.get("k")).isEqualTo("v2"));
    } finally {
      server.kill();
    }
  }
}
