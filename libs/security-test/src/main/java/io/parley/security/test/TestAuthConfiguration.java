package io.parley.security.test;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@code @Import} it into a service's integration test: libs/service-security then verifies tokens
 * against {@link TestDevices#SIGNING_KEY} instead of fetching auth-service's JWKS.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestAuthConfiguration {

  /** The keys auth-service would publish in its JWKS. */
  @Bean
  JWKSource<SecurityContext> testJwkSource() {
    return new ImmutableJWKSet<>(new JWKSet(TestDevices.SIGNING_KEY.toPublicJWK()));
  }
}
