package io.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The Testcontainers mode on its own (not the shared servers), where a Docker engine answers:
 * write/read and a kill then start that keeps data and the address.
 */
@EnabledIf("dockerAnswers")
class TestcontainersModeIT {

  private final List<Runnable> cleanup = new ArrayList<>();

  static boolean dockerAnswers() {
    return Containers.dockerAvailable();
  }

  @AfterEach
  void removeContainers() {
    cleanup.forEach(Runnable::run);
  }

  @Test
  void redisContainerKeepsDataAndAddressAcrossAKill() {
    RedisInfra redis = Containers.redis(cleanup);
    String key = "tc:" + UUID.randomUUID();
    RedisInfraIT.withRedis(redis.host(), redis.port(), r -> r.set(key, "v"));

    redis.kill();
    redis.start();

    RedisInfraIT.withRedis(redis.host(), redis.port(), r -> assertThat(r.get(key)).isEqualTo("v"));
    assertThat(redis.mode()).isEqualTo(InfraMode.TESTCONTAINERS);
  }

  @Test
  void kafkaContainerServesAndComesBackAfterAStop() throws Exception {
    KafkaInfra kafka = Containers.kafka(cleanup);
    kafka.stop();
    kafka.start();

    try (var admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientConfig())) {
      assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
    }
  }
}
