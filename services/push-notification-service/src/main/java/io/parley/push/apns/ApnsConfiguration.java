package io.parley.push.apns;

import io.parley.push.PushProperties;
import io.parley.push.apns.internal.ProviderTokens;
import io.parley.push.credentials.ProviderCredentials;
import io.parley.push.credentials.Secret;
import io.parley.push.crypto.Pem;
import java.net.http.HttpClient;
import java.security.interfaces.ECPrivateKey;
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

/** The APNs sender, when {@code parley.push.apns.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.push.apns.enabled", havingValue = "true")
class ApnsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ApnsConfiguration.class);

  @Bean
  ApnsSender apnsSender(
      PushProperties properties, HttpClient pushHttpClient, Clock clock, Environment environment) {
    PushProperties.Apns apns = properties.apns();
    boolean dev = environment.acceptsProfiles(Profiles.of("dev"));
    Optional<Secret> key =
        ProviderCredentials.require(
            "parley.push.apns",
            ".p8 signing key (parley.push.apns.signing-key-file, or the PEM in"
                + " PARLEY_PUSH_APNS_SIGNINGKEY)",
            Secret.resolve(
                "parley.push.apns.signing-key", apns.signingKey(), apns.signingKeyFile()),
            dev);
    if (key.isEmpty()) {
      log.warn("APNs is enabled without credentials (dev profile): pushes to it are dead-lettered");
      return new ApnsSender(null, pushHttpClient, properties, clock);
    }
    if (!StringUtils.hasText(apns.teamId()) || !StringUtils.hasText(apns.keyId())) {
      throw new IllegalStateException(
          "parley.push.apns.enabled=true needs parley.push.apns.team-id and parley.push.apns.key-id"
              + " (the id of the .p8 key)");
    }
    ECPrivateKey signingKey =
        (ECPrivateKey) Pem.privateKey(key.get().reveal(), "EC", "parley.push.apns.signing-key");
    log.info("APNs enabled for team {} with key {}", apns.teamId(), apns.keyId());
    return new ApnsSender(
        new ProviderTokens(signingKey, apns.keyId(), apns.teamId(), clock),
        pushHttpClient,
        properties,
        clock);
  }
}
