package io.parley.auth.support;

import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.service.SpringInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * auth-service as `./parley up` runs it (dev profile), on the real Kafka and Redis of test-support,
 * with a clock tests can move. All API tests share this one context.
 */
@ParleyInfraTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "parley.auth.signing.dev-key-dir=target/test-keys")
@ActiveProfiles("dev")
@Import(AuthIntegrationTest.ClockConfig.class)
public abstract class AuthIntegrationTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class ClockConfig {
    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock();
    }
  }

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    SpringInfra.register(registry);
  }

  @Value("${local.server.port}")
  protected int port;

  @Autowired protected MutableClock clock;

  protected AuthApi api;

  @BeforeEach
  void client() {
    api = new AuthApi(port);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }
}
