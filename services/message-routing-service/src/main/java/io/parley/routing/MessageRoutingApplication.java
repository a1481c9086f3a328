package io.parley.routing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Per-device mailboxes, delivery, receipts, dedupe and ordering. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MessageRoutingApplication {

  public static void main(String[] args) {
    SpringApplication.run(MessageRoutingApplication.class, args);
  }
}
