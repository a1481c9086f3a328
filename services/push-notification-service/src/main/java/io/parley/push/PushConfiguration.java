package io.parley.push;

import io.parley.security.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** The OpenAPI document and the one HTTP client every provider shares. */
@Configuration(proxyBeanMethods = false)
class PushConfiguration {

  @Bean
  OpenAPI pushOpenApi() {
    return OpenApiDocuments.document(
        "push-notification-service",
        "Push registrations of devices; wake-ups go out through FCM, APNs and Web" + " Push.");
  }

  /**
   * The JDK's client: HTTP/2 with ALPN over TLS (what APNs requires; FCM and the browsers' push
   * services speak it too), one multiplexed connection per origin, trust from the JDK or from
   * {@code parley.push.ssl-bundle}.
   */
  @Bean
  HttpClient pushHttpClient(PushProperties properties, SslBundles sslBundles)
      throws NoSuchAlgorithmException {
    SSLContext ssl =
        StringUtils.hasText(properties.sslBundle())
            ? sslBundles.getBundle(properties.sslBundle()).createSslContext()
            : SSLContext.getDefault();
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .connectTimeout(properties.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(ssl)
        .build();
  }
}
