package io.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Topics;
import io.parley.testsupport.KafkaInfra;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.service.ServiceBootContract;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The runtime on its own, on real Kafka and Redis: every service check, plus readiness following
 * Kafka down and back up, and the contract topics created at start.
 */
@TestPropertySource(properties = "spring.application.name=runtime-it")
class ParleyRuntimeIT extends ServiceBootContract {

  @Autowired ParleyProperties properties;

  @Test
  void createsEveryContractTopicWithTheConfiguredPartitions() throws Exception {
    KafkaInfra kafka = ParleyInfra.kafka();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertThat(names).containsAll(Topics.ALL.stream().map(t -> t.name()).toList());
      var description =
          admin
              .describeTopics(Set.of(Topics.MESSAGES.name()))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS);
      assertThat(description.get(Topics.MESSAGES.name()).partitions())
          .hasSize(properties.kafka().partitions());
    }
  }

  @Test
  void readinessGoesDownWhileKafkaIsStoppedAndUpWhenItReturns() throws Exception {
    KafkaInfra kafka = ParleyInfra.kafka();
    kafka.assumeRestartable();

    kafka.stop();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503));
      assertThat(get("/actuator/health/readiness").body())
          .contains("\"kafka\":{\"status\":\"DOWN\"");
      assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    } finally {
      kafka.start();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200));
  }
}
