package io.parley.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The public entry point: clients' STOMP-over-WebSocket sessions and one base URL for REST and /ws.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EdgeApplication {

  public static void main(String[] args) {
    SpringApplication.run(EdgeApplication.class, args);
  }
}
