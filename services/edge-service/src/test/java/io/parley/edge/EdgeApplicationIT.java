package io.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.testsupport.service.ServiceBootContract;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** edge-service boots on real Kafka and Redis, passes every service's checks, and runs on Jetty. */
class EdgeApplicationIT extends ServiceBootContract {

  @Autowired WebServerApplicationContext context;

  @Test
  void servesOnJettyForItsSmallerPerConnectionFootprint() {
    assertThat(context.getWebServer().getClass().getName()).contains(".jetty.");
  }
}
