package io.parley.mailbox;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The mailbox and the device read model for a service that delivers messages (routing, edge), and
 * the updater that keeps the read model ({@code parley.device-directory.updater.enabled}, on by
 * default: every instance joins the one shared consumer group).
 */
@AutoConfiguration(
    afterName = {
      "io.parley.runtime.ParleyRuntimeAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"
    })
@EnableConfigurationProperties(MailboxProperties.class)
public class MailboxAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Mailbox mailbox(StringRedisTemplate redis, MailboxProperties properties, Clock clock) {
    return new Mailbox(redis, properties, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  DeviceDirectory deviceDirectory(StringRedisTemplate redis) {
    return new DeviceDirectory(redis);
  }

  @Bean
  @ConditionalOnProperty(
      name = "parley.device-directory.updater.enabled",
      havingValue = "true",
      matchIfMissing = true)
  DeviceDirectoryUpdater deviceDirectoryUpdater(
      DeviceDirectory directory, Mailbox mailbox, StringRedisTemplate redis) {
    return new DeviceDirectoryUpdater(directory, mailbox, redis);
  }
}
