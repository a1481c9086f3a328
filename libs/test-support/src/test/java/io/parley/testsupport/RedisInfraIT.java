package io.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

@ParleyInfraTest
class RedisInfraIT {

  static void withRedis(String host, int port, Consumer<RedisCommands<String, String>> work) {
    RedisClient client =
        RedisClient.create(
            RedisURI.builder()
                .withHost(host)
                .withPort(port)
                .withTimeout(Duration.ofSeconds(5))
                .build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      work.accept(connection.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void writesAndReads(RedisInfra redis) {
    String key = "it:" + UUID.randomUUID();
    withRedis(redis.host(), redis.port(), r -> r.set(key, "v"));
    withRedis(redis.host(), redis.port(), r -> assertThat(r.get(key)).isEqualTo("v"));
  }

  @Test
  void keepsDataAcrossAGracefulStop(RedisInfra redis) {
    redis.assumeRestartable();
    String key = "it:" + UUID.randomUUID();
    withRedis(redis.host(), redis.port(), r -> r.set(key, "kept"));

    redis.stop();
    assertThat(redis.isRunning()).isFalse();
    redis.start();

    withRedis(redis.host(), redis.port(), r -> assertThat(r.get(key)).isEqualTo("kept"));
  }

  @Test
  void keepsEveryAcknowledgedWriteAcrossAKill(RedisInfra redis) {
    redis.assumeRestartable();
    String key = "it:list:" + UUID.randomUUID();
    withRedis(
        redis.host(),
        redis.port(),
        r -> {
          for (int i = 0; i < 500; i++) {
            r.rpush(key, "m" + i);
          }
        });

    redis.kill();
    redis.start();

    withRedis(
        redis.host(),
        redis.port(),
        r -> {
          assertThat(r.llen(key)).isEqualTo(500);
          assertThat(r.lindex(key, 499)).isEqualTo("m499");
        });
  }

  @Test
  void runsRedisSevenFeaturesWhereTheVersionHasThem(RedisInfra redis) {
    redis.assumeVersionAtLeast(7, 0);
    String key = "it:" + UUID.randomUUID();
    withRedis(
        redis.host(),
        redis.port(),
        r -> {
          r.setex(key, 100, "v");
          // EXPIRETIME arrived in Redis 7.0.
          Object expireAt =
              r.dispatch(
                  io.lettuce.core.protocol.CommandType.EXPIRETIME,
                  new io.lettuce.core.output.IntegerOutput<>(
                      io.lettuce.core.codec.StringCodec.UTF8),
                  new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                      .addKey(key));
          assertThat((Long) expireAt).isGreaterThan(System.currentTimeMillis() / 1000);
        });
  }

  @Test
  void externalRedisServesButRefusesRestartControl(RedisInfra redis) {
    RedisInfra external = ParleyInfra.externalRedis(redis.uri());

    assertThat(external.version()).isEqualTo(redis.version());
    assertThat(external.canRestart()).isFalse();
    assertThatThrownBy(external::kill).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ParleyInfra.externalRedis("http://localhost:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://host:port");
  }
}
