package io.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

@ParleyInfraTest
class RedisClusterInfraIT {

  private static void withCluster(
      RedisClusterInfra cluster, Consumer<RedisAdvancedClusterCommands<String, String>> work) {
    List<RedisURI> seeds =
        cluster.nodes().stream()
            .map(
                n ->
                    RedisURI.builder()
                        .withHost(n.host())
                        .withPort(n.port())
                        .withTimeout(Duration.ofSeconds(5))
                        .build())
            .toList();
    RedisClusterClient client = RedisClusterClient.create(seeds);
    try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
      work.accept(connection.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void spreadsKeysOverThreeMastersAndRefusesCrossSlotScripts(RedisClusterInfra cluster) {
    assertThat(cluster.nodes()).hasSize(3);
    String id = UUID.randomUUID().toString();
    withCluster(
        cluster,
        r -> {
          assertThat(r.clusterInfo()).contains("cluster_state:ok").contains("cluster_size:3");
          // Keys of one device share a hash tag, so one script may touch them all.
          String mailbox = "mailbox:{" + id + ":1}";
          String guids = "guids:{" + id + ":1}";
          Long appended =
              r.eval(
                  "redis.call('SADD', KEYS[2], ARGV[1]); return redis.call('RPUSH', KEYS[1],"
                      + " ARGV[1])",
                  ScriptOutputType.INTEGER,
                  new String[] {mailbox, guids},
                  "g1");
          assertThat(appended).isEqualTo(1L);
          // Without a shared tag the same script fails as it would in production.
          assertThatThrownBy(
                  () ->
                      r.eval(
                          "redis.call('SET', KEYS[1], 'a'); return redis.call('SET', KEYS[2], 'b')",
                          ScriptOutputType.STATUS,
                          new String[] {"a:" + id, "b:" + id}))
              .hasMessageContaining("CROSSSLOT");
        });
  }

  @Test
  void aKilledNodeComesBackWithItsData(RedisClusterInfra cluster) {
    cluster.assumeRestartable();
    String key = "kept:{" + UUID.randomUUID() + "}";
    withCluster(cluster, r -> r.set(key, "v"));

    cluster.kill();
    cluster.start();

    withCluster(cluster, r -> assertThat(r.get(key)).isEqualTo("v"));
    for (RedisClusterInfra.Node node : cluster.nodes()) {
      RedisClient client = RedisClient.create(RedisURI.create(node.host(), node.port()));
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        assertThat(c.sync().clusterInfo()).contains("cluster_state:ok");
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }
}
