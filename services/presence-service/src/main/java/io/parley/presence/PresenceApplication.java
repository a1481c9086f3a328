package io.parley.presence;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Online, last seen and presence subscriptions, with privacy settings. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PresenceApplication {

  public static void main(String[] args) {
    SpringApplication.run(PresenceApplication.class, args);
  }
}
