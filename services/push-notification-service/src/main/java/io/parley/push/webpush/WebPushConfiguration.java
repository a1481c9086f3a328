package io.parley.push.webpush;

import io.parley.push.PushProperties;
import io.parley.push.credentials.ProviderCredentials;
import io.parley.push.credentials.Secret;
import io.parley.push.webpush.internal.MessageEncryption;
import io.parley.push.webpush.internal.Vapid;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/** The Web Push sender, when {@code parley.push.web-push.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.push.web-push.enabled", havingValue = "true")
class WebPushConfiguration {

  private static final Logger log = LoggerFactory.getLogger(WebPushConfiguration.class);

  @Bean
  WebPushSender webPushSender(
      PushProperties properties, HttpClient pushHttpClient, Clock clock, Environment environment) {
    PushProperties.WebPush web = properties.webPush();
    boolean dev = environment.acceptsProfiles(Profiles.of("dev"));
    Optional<Secret> privateKey =
        ProviderCredentials.require(
            "parley.push.web-push",
            "VAPID private key (parley.push.web-push.private-key-file, or base64url in"
                + " PARLEY_PUSH_WEBPUSH_PRIVATEKEY)",
            Secret.resolve(
                "parley.push.web-push.private-key", web.privateKey(), web.privateKeyFile()),
            dev);
    MessageEncryption encryption = new MessageEncryption(new SecureRandom());
    if (privateKey.isEmpty()) {
      log.warn(
          "Web Push is enabled without VAPID keys (dev profile): pushes to it are dead-lettered");
      return new WebPushSender(encryption, null, pushHttpClient, properties, clock);
    }
    if (!StringUtils.hasText(web.publicKey())) {
      throw new IllegalStateException(
          "parley.push.web-push.enabled=true needs parley.push.web-push.public-key, the VAPID"
              + " public key browsers subscribe with");
    }
    String subject = web.subject();
    if (!StringUtils.hasText(subject)) {
      if (!dev) {
        throw new IllegalStateException(
            "parley.push.web-push.subject must be set: a mailto: or https: contact for push"
                + " services (RFC 8292)");
      }
      subject = "mailto:dev@parley.invalid";
    }
    log.info("Web Push enabled with VAPID subject {}", subject);
    return new WebPushSender(
        encryption,
        new Vapid(web.publicKey(), privateKey.get().reveal(), subject, clock),
        pushHttpClient,
        properties,
        clock);
  }
}
