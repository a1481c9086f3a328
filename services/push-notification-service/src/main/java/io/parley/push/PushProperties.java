package io.parley.push;

import io.parley.push.credentials.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of push-notification-service, under {@code parley.push.*}. Every provider is off by
 * default, so the service starts anywhere; enabling one outside the {@code dev} profile requires
 * its credentials (see {@link io.parley.push.credentials.ProviderCredentials}).
 *
 * @param nonUrgentInterval a device gets at most one non-urgent push per this interval; urgent
 *     pushes always go out (and restart the interval)
 * @param retry how a push that met a 429, a 5xx or a network error is retried
 * @param connectTimeout TCP and TLS connect timeout towards the providers
 * @param requestTimeout time for one provider request, response included
 * @param sslBundle name of a Spring SSL bundle ({@code spring.ssl.bundle.*}) whose trust material
 *     the provider client uses instead of the JDK's (a private egress proxy; the tests' servers)
 * @param consumerConcurrency Kafka consumers of push requests in this instance (at most the topic's
 *     partitions)
 * @param maxPollRecords push requests fetched per poll; with the retry budget it bounds how long a
 *     poll takes, which must stay below Kafka's {@code max.poll.interval.ms} (5 minutes)
 */
@ConfigurationProperties("parley.push")
public record PushProperties(
    @DefaultValue("60s") Duration nonUrgentInterval,
    @DefaultValue Retry retry,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("10s") Duration requestTimeout,
    String sslBundle,
    @DefaultValue("2") int consumerConcurrency,
    @DefaultValue("5") int maxPollRecords,
    @DefaultValue Fcm fcm,
    @DefaultValue Apns apns,
    @DefaultValue WebPush webPush) {

  /** Kafka's default max.poll.interval.ms, which a poll's worst case must stay under. */
  static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(5);

  public PushProperties {
    if (nonUrgentInterval.isNegative()) {
      throw new IllegalArgumentException("parley.push.non-urgent-interval must not be negative");
    }
    if (consumerConcurrency < 1 || maxPollRecords < 1) {
      throw new IllegalArgumentException(
          "parley.push.consumer-concurrency and max-poll-records must be at least 1");
    }
    Duration worstPoll = retry.maxTotal().plus(requestTimeout).multipliedBy(maxPollRecords);
    if (worstPoll.compareTo(MAX_POLL_INTERVAL) >= 0) {
      throw new IllegalArgumentException(
          "parley.push.max-poll-records x (retry.max-total + request-timeout) = "
              + worstPoll
              + " must stay below Kafka's max.poll.interval.ms ("
              + MAX_POLL_INTERVAL
              + "), or the consumer is thrown out of its group while retrying");
    }
  }

  /**
   * Retries in the consumer, bounded so one device's failing provider holds its partition for at
   * most {@code maxTotal}; then the request is dead-lettered with the reason.
   *
   * @param maxAttempts attempts in all, the first included
   * @param initialBackoff the first wait; it doubles per attempt, with jitter
   * @param maxBackoff the longest wait between two attempts (a longer Retry-After is still honoured
   *     while it fits the budget)
   * @param maxTotal the budget: a retry that would start after it is not made
   */
  public record Retry(
      @DefaultValue("4") int maxAttempts,
      @DefaultValue("500ms") Duration initialBackoff,
      @DefaultValue("8s") Duration maxBackoff,
      @DefaultValue("20s") Duration maxTotal) {

    public Retry {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("parley.push.retry.max-attempts must be at least 1");
      }
      if (initialBackoff.isNegative()
          || initialBackoff.isZero()
          || maxBackoff.compareTo(initialBackoff) < 0
          || maxTotal.isNegative()) {
        throw new IllegalArgumentException(
            "parley.push.retry: need 0 < initial-backoff <= max-backoff and max-total >= 0");
      }
    }
  }

  /**
   * Firebase Cloud Messaging, HTTP v1 API.
   *
   * @param serviceAccount the service-account key JSON (from {@code
   *     PARLEY_PUSH_FCM_SERVICEACCOUNT}); or {@code serviceAccountFile}
   * @param projectId Firebase project; by default the key's {@code project_id}
   * @param baseUrl the FCM API
   * @param tokenUri OAuth 2.0 token endpoint; by default the key's {@code token_uri}
   * @param ttl how long FCM keeps a push for an unreachable device
   */
  public record Fcm(
      @DefaultValue("false") boolean enabled,
      Secret serviceAccount,
      Path serviceAccountFile,
      String projectId,
      @DefaultValue("https://fcm.googleapis.com") URI baseUrl,
      URI tokenUri,
      @DefaultValue("24h") Duration ttl) {

    @Override
    public String toString() {
      return "Fcm[enabled=" + enabled + ", projectId=" + projectId + ", baseUrl=" + baseUrl + "]";
    }
  }

  /**
   * Apple Push Notification service, HTTP/2 with token (JWT) authentication.
   *
   * @param teamId Apple developer team id (the provider token's {@code iss})
   * @param keyId id of the .p8 signing key (the provider token's {@code kid})
   * @param signingKey the .p8 key's PEM text (from {@code PARLEY_PUSH_APNS_SIGNINGKEY}); or {@code
   *     signingKeyFile}
   * @param allowedTopics bundle ids a registration may name; empty allows any
   * @param alertLocKey localization key of the generic alert shown by urgent wake-ups (the app's
   *     notification service extension replaces it after fetching its mailbox)
   * @param collapseId {@code apns-collapse-id}: a newer wake-up replaces an undelivered one
   * @param expiration how long APNs keeps a push for an unreachable device
   */
  public record Apns(
      @DefaultValue("false") boolean enabled,
      String teamId,
      String keyId,
      Secret signingKey,
      Path signingKeyFile,
      @DefaultValue("https://api.push.apple.com") URI productionUrl,
      @DefaultValue("https://api.sandbox.push.apple.com") URI sandboxUrl,
      @DefaultValue List<String> allowedTopics,
      @DefaultValue("PARLEY_NEW_MESSAGE") String alertLocKey,
      @DefaultValue("parley-wake") String collapseId,
      @DefaultValue("24h") Duration expiration) {

    @Override
    public String toString() {
      return "Apns[enabled=" + enabled + ", teamId=" + teamId + ", keyId=" + keyId + "]";
    }
  }

  /**
   * Web Push (RFC 8030) with aes128gcm payloads (RFC 8291) and VAPID (RFC 8292).
   *
   * @param publicKey VAPID public key, base64url of the 65-byte uncompressed P-256 point (the
   *     {@code applicationServerKey} browsers subscribe with)
   * @param privateKey VAPID private key, base64url of the 32-byte scalar (from {@code
   *     PARLEY_PUSH_WEBPUSH_PRIVATEKEY}); or {@code privateKeyFile}
   * @param subject the VAPID {@code sub}: {@code mailto:} or {@code https:} contact of the operator
   * @param allowedEndpointHosts hosts a subscription's endpoint may name ({@code *.} matches
   *     subdomains): the push services of the browsers, so that a client cannot make this service
   *     POST to arbitrary addresses
   * @param ttl {@code TTL}: how long the push service keeps a push for an offline browser
   * @param topic {@code Topic}: a newer wake-up replaces an undelivered one
   */
  public record WebPush(
      @DefaultValue("false") boolean enabled,
      String publicKey,
      Secret privateKey,
      Path privateKeyFile,
      String subject,
      @DefaultValue({
            "fcm.googleapis.com",
            "*.push.services.mozilla.com",
            "*.notify.windows.com",
            "web.push.apple.com"
          })
          List<String> allowedEndpointHosts,
      @DefaultValue("24h") Duration ttl,
      @DefaultValue("parley-wake") String topic) {

    @Override
    public String toString() {
      return "WebPush[enabled=" + enabled + ", publicKey=" + publicKey + "]";
    }
  }
}
