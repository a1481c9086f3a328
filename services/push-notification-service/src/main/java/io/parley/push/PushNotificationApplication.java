package io.parley.push;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Content-free wake-ups through FCM, APNs and Web Push. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PushNotificationApplication {

  public static void main(String[] args) {
    SpringApplication.run(PushNotificationApplication.class, args);
  }
}
