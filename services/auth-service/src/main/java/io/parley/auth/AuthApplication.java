package io.parley.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Accounts, phone verification, linked devices, access and refresh tokens, JWKS, contact discovery.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthApplication {

  public static void main(String[] args) {
    SpringApplication.run(AuthApplication.class, args);
  }
}
