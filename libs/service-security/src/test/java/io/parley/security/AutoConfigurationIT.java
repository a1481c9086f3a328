package io.parley.security;

import static io.parley.security.TestTokens.claims;
import static io.parley.security.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.parley.runtime.ParleyDefaultsEnvironmentPostProcessor;
import io.parley.runtime.ParleyRuntimeAutoConfiguration;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** What the auto-configuration contributes, and how an application overrides it. */
@ParleyInfraTest
class AutoConfigurationIT {

  private static final ECKey LOCAL_KEY = TestTokens.newKey("local-1");
  private static final JwksServer JWKS = JwksServer.serving(TestTokens.newKey("remote-1"));

  @AfterAll
  static void stopJwks() {
    JWKS.close();
  }

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withInitializer(
              context ->
                  new ParleyDefaultsEnvironmentPostProcessor()
                      .postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
          .withConfiguration(
              AutoConfigurations.of(
                  ParleyRuntimeAutoConfiguration.class,
                  KafkaAutoConfiguration.class,
                  DataRedisAutoConfiguration.class,
                  SecurityAutoConfiguration.class,
                  ServletWebSecurityAutoConfiguration.class,
                  ParleySecurityAutoConfiguration.class))
          .withPropertyValues(
              "spring.application.name=autoconfig-it",
              "parley.node-id=autoconfig-it-" + UUID.randomUUID(),
              "parley.kafka.create-topics=false",
              "parley.security.jwks-uri=" + JWKS.uri(),
              "spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers(),
              "spring.data.redis.host=" + ParleyInfra.redis().host(),
              "spring.data.redis.port=" + ParleyInfra.redis().port());

  @Test
  void contributesTheVerifierTheEventConsumerAndTheOnlyFilterChain() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(AccessTokenVerifier.class);
          assertThat(context).hasBean("parleyJwkSource");
          assertThat(context).hasBean("parleySecurityAccountEventsContainer");
          assertThat(context).hasBean("parleyHttpSecurity");
          assertThat(context.getBeansOfType(SecurityFilterChain.class))
              .containsOnlyKeys("parleySecurityFilterChain");
        });
  }

  @Test
  void stepsBackForAFilterChainTheServiceDeclares() {
    runner
        .withUserConfiguration(OwnFilterChain.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBeansOfType(SecurityFilterChain.class))
                  .containsOnlyKeys("ownFilterChain");
              assertThat(context).hasSingleBean(ParleyHttpSecurity.class);
            });
  }

  @Test
  void usesTheApplicationsOwnKeySourceInsteadOfFetchingOne() {
    runner
        .withUserConfiguration(OwnKeys.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("parleyJwkSource");
              UUID account = UUID.randomUUID();
              Instant now = Instant.now();
              context
                  .getBean(StringRedisTemplate.class)
                  .opsForHash()
                  .putAll(
                      DeviceAuthRecord.key(account, 1),
                      new DeviceAuthRecord("inc-1", now.minus(Duration.ofHours(1))).toHash());

              AuthenticatedDevice device =
                  context
                      .getBean(AccessTokenVerifier.class)
                      .verify(sign(LOCAL_KEY, claims(account, 1, "inc-1", now).build()));

              assertThat(device).isEqualTo(new AuthenticatedDevice(account, 1));
              assertThat(JWKS.requests()).isZero();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFilterChain {

    @Bean
    SecurityFilterChain ownFilterChain(HttpSecurity http, ParleyHttpSecurity parley) {
      parley.applyTo(http).authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
      return http.build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnKeys {

    @Bean
    JWKSource<SecurityContext> localKeys() {
      return new ImmutableJWKSet<>(new JWKSet(LOCAL_KEY));
    }
  }
}
