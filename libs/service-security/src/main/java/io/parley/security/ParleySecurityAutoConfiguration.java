package io.parley.security;

import com.google.protobuf.Message;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.parley.contracts.Topics;
import io.parley.runtime.ParleyProperties;
import io.parley.runtime.ParleyRuntimeAutoConfiguration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Access-token verification for a Parley service; see {@link io.parley.security}. Beans:
 *
 * <ul>
 *   <li>{@code parleyJwkSource}: auth-service's JWK Set over HTTP, unless the application has its
 *       own {@link JWKSource} (auth-service, which holds the keys);
 *   <li>{@code parleyDeviceAuthCache}: device auth records read from Redis, briefly cached;
 *   <li>{@code accessTokenVerifier}: the {@link AccessTokenVerifier};
 *   <li>{@code parleySecurityAccountEventsContainer}: the consumer of {@code parley.accounts.v1}
 *       that evicts cached records, in a consumer group of this instance alone;
 *   <li>in servlet web applications, {@code parleyHttpSecurity} and, unless the application
 *       declares its own {@link SecurityFilterChain}, {@code parleySecurityFilterChain}.
 * </ul>
 */
@AutoConfiguration(
    after = {
      ParleyRuntimeAutoConfiguration.class,
      DataRedisAutoConfiguration.class,
      KafkaAutoConfiguration.class
    },
    beforeName = {
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
    })
@EnableConfigurationProperties(ParleySecurityProperties.class)
public class ParleySecurityAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ParleySecurityAutoConfiguration.class);

  /** auth-service's keys, fetched from {@code parley.security.jwks-uri}. */
  @Bean
  @ConditionalOnMissingBean(JWKSource.class)
  JWKSource<SecurityContext> parleyJwkSource(ParleySecurityProperties properties, Clock clock) {
    return new RemoteJwkSource(
        properties.jwksUri(),
        clock,
        properties.jwksCacheTtl(),
        properties.jwksRefreshMinInterval());
  }

  @Bean
  DeviceAuthCache parleyDeviceAuthCache(
      StringRedisTemplate redis, ParleySecurityProperties properties) {
    return new DeviceAuthCache(new RedisDeviceAuthRecords(redis), properties.deviceStateCacheTtl());
  }

  @Bean
  @ConditionalOnMissingBean(AccessTokenVerifier.class)
  AccessTokenVerifier accessTokenVerifier(
      JWKSource<SecurityContext> parleyJwkSource,
      DeviceAuthCache parleyDeviceAuthCache,
      Clock clock,
      ParleySecurityProperties properties) {
    return new JwtAccessTokenVerifier(
        parleyJwkSource,
        parleyDeviceAuthCache,
        clock,
        properties.issuer(),
        properties.clockLeeway());
  }

  /**
   * Each instance must see every account event, so its group is its own ({@code
   * <application>-security-<node id>}) and it starts at the end of the topic: what happened before
   * it started is in Redis already. Offsets are never committed (manual acknowledgement, never
   * given), so a group leaves nothing behind in Kafka when its instance goes away.
   */
  @Bean
  KafkaMessageListenerContainer<String, Message> parleySecurityAccountEventsContainer(
      ConsumerFactory<String, Message> consumerFactory,
      DeviceAuthCache parleyDeviceAuthCache,
      ParleyProperties parley,
      Environment environment) {
    String groupId =
        environment.getProperty("spring.application.name", "parley")
            + "-security-"
            + parley.nodeId();
    AccountEventsListener listener = new AccountEventsListener(parleyDeviceAuthCache);
    ContainerProperties container = new ContainerProperties(Topics.ACCOUNTS.name());
    container.setGroupId(groupId);
    container.setClientId(groupId);
    Properties consumer = new Properties();
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    container.setKafkaConsumerProperties(consumer);
    container.setAckMode(ContainerProperties.AckMode.MANUAL);
    container.setMessageListener(listener);
    container.setConsumerRebalanceListener(listener);
    KafkaMessageListenerContainer<String, Message> result =
        new KafkaMessageListenerContainer<>(consumerFactory, container);
    // Nothing is retried or dead-lettered: a record that cannot be handled drops the whole cache.
    result.setCommonErrorHandler(
        new DefaultErrorHandler(listener::onUnreadable, new FixedBackOff(0L, 0L)));
    log.info(
        "Evicting device auth records on {} events, consumer group {}",
        Topics.ACCOUNTS.name(),
        groupId);
    return result;
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({HttpSecurity.class, SecurityFilterChain.class})
  static class HttpConfiguration {

    @Bean
    ParleyHttpSecurity parleyHttpSecurity(
        AccessTokenVerifier accessTokenVerifier,
        ParleySecurityProperties properties,
        ObjectProvider<PublicPaths> servicePublicPaths,
        ObjectProvider<PathPatternRequestMatcher.Builder> paths) {
      List<String> publicPaths = new ArrayList<>(properties.publicPaths());
      servicePublicPaths.orderedStream().forEach(extra -> publicPaths.addAll(extra.patterns()));
      return new ParleyHttpSecurity(
          accessTokenVerifier,
          publicPaths,
          paths.getIfAvailable(PathPatternRequestMatcher::withDefaults));
    }

    /** Public paths open, everything else for authenticated devices. */
    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain parleySecurityFilterChain(HttpSecurity http, ParleyHttpSecurity parley) {
      parley
          .applyTo(http)
          .authorizeHttpRequests(
              requests ->
                  requests
                      .requestMatchers(parley.publicPaths())
                      .permitAll()
                      .anyRequest()
                      .authenticated());
      log.info("HTTP requires access tokens except on {}", parley.publicPathPatterns());
      return http.build();
    }
  }
}
