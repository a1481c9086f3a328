package io.parley.keys;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Signal-protocol prekeys (identity, signed, one-time EC and Kyber) in libsignal's formats. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KeyDistributionApplication {

  public static void main(String[] args) {
    SpringApplication.run(KeyDistributionApplication.class, args);
  }
}
