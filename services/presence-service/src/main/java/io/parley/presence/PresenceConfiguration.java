package io.parley.presence;

import io.parley.security.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document of presence-service. */
@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

  @Bean
  OpenAPI presenceOpenApi() {
    return OpenApiDocuments.document(
        "presence-service",
        "Online status and last seen of accounts, as their owners' privacy settings allow, and the"
            + " settings and contact lists those rules read. Watches and live changes travel over"
            + " the STOMP session (docs/stomp.md); the /internal endpoints serve only the edge.");
  }
}
