package io.parley.push.fcm;

import io.parley.push.PushProperties;
import io.parley.push.credentials.ProviderCredentials;
import io.parley.push.credentials.Secret;
import io.parley.push.fcm.internal.AccessTokens;
import io.parley.push.fcm.internal.ServiceAccount;
import java.net.URI;
import java.net.http.HttpClient;
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

/** The FCM sender, when {@code parley.push.fcm.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.push.fcm.enabled", havingValue = "true")
class FcmConfiguration {

  private static final Logger log = LoggerFactory.getLogger(FcmConfiguration.class);

  @Bean
  FcmSender fcmSender(
      PushProperties properties, HttpClient pushHttpClient, Clock clock, Environment environment) {
    PushProperties.Fcm fcm = properties.fcm();
    Optional<ServiceAccount> account =
        ProviderCredentials.require(
                "parley.push.fcm",
                "service-account key (parley.push.fcm.service-account-file, or the JSON in"
                    + " PARLEY_PUSH_FCM_SERVICEACCOUNT)",
                Secret.resolve(
                    "parley.push.fcm.service-account",
                    fcm.serviceAccount(),
                    fcm.serviceAccountFile()),
                environment.acceptsProfiles(Profiles.of("dev")))
            .map(ServiceAccount::parse);
    if (account.isEmpty()) {
      log.warn("FCM is enabled without credentials (dev profile): pushes to it are dead-lettered");
      return new FcmSender(null, "none", pushHttpClient, properties, clock);
    }
    String projectId =
        StringUtils.hasText(fcm.projectId()) ? fcm.projectId() : account.get().projectId();
    if (!StringUtils.hasText(projectId)) {
      throw new IllegalStateException(
          "parley.push.fcm.project-id is not set and the service-account key has no project_id");
    }
    URI tokenUri = fcm.tokenUri() != null ? fcm.tokenUri() : account.get().tokenUri();
    log.info("FCM enabled for project {} as {}", projectId, account.get().clientEmail());
    return new FcmSender(
        new AccessTokens(
            account.get(), tokenUri, pushHttpClient, properties.requestTimeout(), clock),
        projectId,
        pushHttpClient,
        properties,
        clock);
  }
}
