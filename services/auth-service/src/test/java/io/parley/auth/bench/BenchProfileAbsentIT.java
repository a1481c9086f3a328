package io.parley.auth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.auth.support.AuthIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Without the bench profile (here: dev alone) neither the endpoint nor its beans exist. */
class BenchProfileAbsentIT extends AuthIntegrationTest {

  @Autowired ApplicationContext context;

  @Test
  void theBenchEndpointDoesNotExistWithoutTheBenchProfile() {
    assertThat(api.post("/v1/bench/devices", Map.of("count", 1)).status()).isEqualTo(404);
    assertThat(context.getBeanNamesForType(BenchProvisioner.class)).isEmpty();
    assertThat(context.getBeanNamesForType(BenchController.class)).isEmpty();
    assertThat(context.getBeanNamesForType(BenchProperties.class)).isEmpty();
    assertThat(context.getBeanNamesForType(BenchProfileGuard.class)).isEmpty();
  }
}
