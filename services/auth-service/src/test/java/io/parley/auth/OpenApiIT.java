package io.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import org.junit.jupiter.api.Test;

class OpenApiIT extends AuthIntegrationTest {

  @Test
  void documentsEveryEndpointWithoutAToken() {
    AuthApi.Response docs = api.get("/v3/api-docs", null);

    assertThat(docs.status()).isEqualTo(200);
    var paths = docs.body().get("paths");
    for (String path :
        new String[] {
          "/v1/verification/sessions",
          "/v1/verification/sessions/{id}/code",
          "/v1/accounts",
          "/v1/accounts/me",
          "/v1/devices",
          "/v1/devices/link-codes",
          "/v1/devices/link",
          "/v1/devices/{deviceId}",
          "/v1/tokens/refresh",
          "/v1/tokens/revoke",
          "/v1/directory/lookup",
          "/.well-known/jwks.json",
          "/v1/dev/verification-codes/{phoneNumber}"
        }) {
      assertThat(paths.has(path)).as(path).isTrue();
    }
    assertThat(docs.body().get("components").get("securitySchemes").has("bearer")).isTrue();
  }
}
