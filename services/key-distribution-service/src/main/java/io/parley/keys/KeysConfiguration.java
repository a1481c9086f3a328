package io.parley.keys;

import io.parley.security.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

  @Bean
  OpenAPI keysOpenApi() {
    return OpenApiDocuments.document(
        "key-distribution-service", "Signal-protocol prekeys in libsignal's encodings.");
  }
}
