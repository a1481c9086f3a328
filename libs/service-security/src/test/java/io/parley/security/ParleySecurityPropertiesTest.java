package io.parley.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ParleySecurityPropertiesTest {

  private static ParleySecurityProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("parley.security", ParleySecurityProperties.class);
  }

  @Test
  void defaultsWorkLocally() {
    ParleySecurityProperties properties = bind(Map.of());

    assertThat(properties.jwksUri())
        .isEqualTo(URI.create("http://localhost:8081/.well-known/jwks.json"));
    assertThat(properties.issuer()).isEqualTo("parley-auth");
    assertThat(properties.clockLeeway()).isEqualTo(Duration.ofSeconds(60));
    assertThat(properties.deviceStateCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties.jwksRefreshMinInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.jwksCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(properties.publicPaths()).isEmpty();
  }

  @Test
  void bindsPublicPathsAsAList() {
    assertThat(
            bind(Map.of(
                    "parley.security.public-paths[0]", "/v1/registration/**",
                    "parley.security.public-paths[1]", "/v1/tokens/refresh"))
                .publicPaths())
        .containsExactly("/v1/registration/**", "/v1/tokens/refresh");
  }

  @Test
  void refusesSettingsThatCannotWork() {
    assertThatThrownBy(() -> bind(Map.of("parley.security.jwks-uri", "ftp://auth/jwks")))
        .hasRootCauseMessage(
            "parley.security.jwks-uri must be an absolute http(s) URI, not ftp://auth/jwks");
    assertThatThrownBy(() -> bind(Map.of("parley.security.issuer", " ")))
        .hasRootCauseMessage("parley.security.issuer must not be blank");
    assertThatThrownBy(() -> bind(Map.of("parley.security.clock-leeway", "-1s")))
        .hasRootCauseMessage("parley.security.clock-leeway must not be negative");
    assertThatThrownBy(() -> bind(Map.of("parley.security.clock-leeway", "1h")))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bind(Map.of("parley.security.jwks-refresh-min-interval", "0s")))
        .hasRootCauseMessage("parley.security.jwks-refresh-min-interval must be positive");
    assertThatThrownBy(() -> bind(Map.of("parley.security.jwks-cache-ttl", "10s")))
        .hasRootCauseMessage(
            "parley.security.jwks-cache-ttl must be longer than jwks-refresh-min-interval");
    assertThatThrownBy(() -> bind(Map.of("parley.security.public-paths[0]", "v1/open")))
        .hasRootCauseMessage(
            "parley.security.public-paths entries must start with '/', not v1/open");
  }
}
