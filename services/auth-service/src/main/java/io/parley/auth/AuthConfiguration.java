package io.parley.auth;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.parley.auth.token.SigningKeys;
import io.parley.security.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  /**
   * auth-service verifies its own tokens with the keys it holds, instead of fetching its own JWKS
   * over HTTP (libs/service-security uses this source when present).
   */
  @Bean
  JWKSource<SecurityContext> localJwkSource(SigningKeys keys) {
    return new ImmutableJWKSet<>(keys.publicJwks());
  }

  @Bean
  OpenAPI authOpenApi() {
    return OpenApiDocuments.document(
        "auth-service", "Phone verification, accounts, linked devices, tokens, contact discovery.");
  }
}
