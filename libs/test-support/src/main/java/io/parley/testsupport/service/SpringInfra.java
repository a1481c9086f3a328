package io.parley.testsupport.service;

import io.parley.testsupport.ParleyInfra;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring Boot test at the shared Kafka and Redis of this JVM. */
public final class SpringInfra {

  private SpringInfra() {}

  /** For a test's {@code @DynamicPropertySource} method. */
  public static void register(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> ParleyInfra.kafka().bootstrapServers());
    registry.add("spring.data.redis.host", () -> ParleyInfra.redis().host());
    registry.add("spring.data.redis.port", () -> ParleyInfra.redis().port());
  }
}
