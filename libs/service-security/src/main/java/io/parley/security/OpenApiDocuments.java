package io.parley.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI document every Parley service publishes (springdoc): its title, what it does, and the
 * {@code bearer} scheme its endpoints reference with {@code @SecurityRequirement(name = "bearer")}.
 * Needs springdoc on the service's class path.
 */
public final class OpenApiDocuments {

  /** The name endpoints use to require an access token. */
  public static final String BEARER = "bearer";

  private OpenApiDocuments() {}

  public static OpenAPI document(String service, String description) {
    return new OpenAPI()
        .info(
            new Info()
                .title("Parley " + service)
                .description(description)
                .version("v1")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")));
  }
}
