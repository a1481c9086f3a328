package io.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ParleyDefaultsEnvironmentPostProcessorTest {

  @Test
  void putsKafkaAndRedisIntoReadinessAndDurableProducerSettings() {
    StandardEnvironment environment = new StandardEnvironment();
    new ParleyDefaultsEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
        .isEqualTo("readinessState,redis,kafka");
    assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
    assertThat(environment.getProperty("spring.kafka.producer.properties.enable.idempotence"))
        .isEqualTo("true");
  }

  @Test
  void givesWayToEverythingTheServiceConfigures() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("service", Map.of("spring.data.redis.port", "7000")));

    new ParleyDefaultsEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("spring.data.redis.port")).isEqualTo("7000");
    assertThat(
            environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
        .isEqualTo(ParleyDefaultsEnvironmentPostProcessor.SOURCE_NAME);
  }
}
