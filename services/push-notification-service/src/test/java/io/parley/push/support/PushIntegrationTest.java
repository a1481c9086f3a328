package io.parley.push.support;

import com.google.protobuf.Message;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.PushEvent;
import io.parley.contracts.events.v1.PushRequested;
import io.parley.security.test.TestAuthConfiguration;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.service.SpringInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * push-notification-service on real Kafka and Redis, with its three providers pointed at one local
 * TLS server ({@link ProviderServer}) whose endpoints check the protocol for real, and auth-service
 * stood in by {@link TestDevices}. Every subclass shares this one configuration, so one application
 * context serves them all.
 */
@ParleyInfraTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parley.push.retry.max-attempts=4",
      "parley.push.retry.initial-backoff=200ms",
      "parley.push.retry.max-backoff=2s",
      "parley.push.retry.max-total=8s",
      "parley.push.non-urgent-interval=60s",
      "parley.push.apns.allowed-topics=io.parley.app,io.parley.app.dev"
    })
@Import(TestAuthConfiguration.class)
public abstract class PushIntegrationTest {

  /** A response with its JSON body. */
  public record Response(int status, JsonNode body) {}

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  protected static final TestCertificates CERTIFICATES = TestCertificates.create();
  protected static final ProviderServer SERVER = new ProviderServer(CERTIFICATES);
  protected static final KeyPair APNS_KEY = ApnsEndpoint.newSigningKey();
  protected static final ApnsEndpoint APNS = new ApnsEndpoint(APNS_KEY, false);
  protected static final ApnsEndpoint APNS_SANDBOX = new ApnsEndpoint(APNS_KEY, true);
  protected static final FcmEndpoint FCM =
      new FcmEndpoint(FcmEndpoint.newServiceAccountKey(), SERVER.baseUrl());
  protected static final KeyPair VAPID = vapidKeys();
  protected static final String VAPID_PUBLIC =
      B64.encodeToString(WebPushEndpoint.encode((ECPublicKey) VAPID.getPublic()));
  protected static final WebPushEndpoint WEB_PUSH =
      new WebPushEndpoint(SERVER.baseUrl(), VAPID_PUBLIC);

  static {
    SERVER
        .route("/apns", APNS)
        .route("/apns-sandbox", APNS_SANDBOX)
        .route("/fcm", FCM)
        .route("/webpush", WEB_PUSH);
  }

  private static KeyPair vapidKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String vapidPrivate() {
    byte[] s = ((ECPrivateKey) VAPID.getPrivate()).getS().toByteArray();
    byte[] scalar = new byte[32];
    int start = Math.max(0, s.length - 32);
    System.arraycopy(s, start, scalar, 32 - (s.length - start), s.length - start);
    return B64.encodeToString(scalar);
  }

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) throws IOException {
    SpringInfra.register(registry);
    registry.add(
        "spring.ssl.bundle.pem.push-test.truststore.certificate",
        () -> "file:" + CERTIFICATES.certificatePem());
    registry.add("parley.push.ssl-bundle", () -> "push-test");
    // FCM: the service-account key from a file, as a mounted Kubernetes Secret gives it.
    Path serviceAccount = Files.createTempFile("fcm-service-account", ".json");
    serviceAccount.toFile().deleteOnExit();
    Files.writeString(serviceAccount, FCM.serviceAccountJson(), StandardCharsets.UTF_8);
    registry.add("parley.push.fcm.enabled", () -> "true");
    registry.add("parley.push.fcm.service-account-file", serviceAccount::toString);
    registry.add("parley.push.fcm.base-url", () -> SERVER.baseUrl() + "/fcm");
    // APNs: the .p8 key inline, as an environment variable gives it.
    registry.add("parley.push.apns.enabled", () -> "true");
    registry.add("parley.push.apns.team-id", () -> ApnsEndpoint.TEAM_ID);
    registry.add("parley.push.apns.key-id", () -> ApnsEndpoint.KEY_ID);
    registry.add("parley.push.apns.signing-key", () -> ApnsEndpoint.p8(APNS_KEY));
    registry.add("parley.push.apns.production-url", () -> SERVER.baseUrl() + "/apns");
    registry.add("parley.push.apns.sandbox-url", () -> SERVER.baseUrl() + "/apns-sandbox");
    registry.add("parley.push.web-push.enabled", () -> "true");
    registry.add("parley.push.web-push.public-key", () -> VAPID_PUBLIC);
    registry.add("parley.push.web-push.private-key", PushIntegrationTest::vapidPrivate);
    registry.add("parley.push.web-push.subject", () -> "mailto:ops@parley.test");
    registry.add("parley.push.web-push.allowed-endpoint-hosts", () -> "127.0.0.1");
  }

  @Value("${local.server.port}")
  protected int port;

  @Autowired protected StringRedisTemplate redis;
  @Autowired protected KafkaTemplate<String, Message> kafka;

  protected TestDevices devices;

  @BeforeEach
  void setUpDevices() {
    devices = new TestDevices(redis);
  }

  protected Response call(String method, String path, Object body, String token) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .timeout(Duration.ofSeconds(20));
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(
                  body instanceof String s ? s : JSON.writeValueAsString(body)));
      request.header("Content-Type", "application/json");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Prometheus scrape, as text. */
  protected String metrics() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/actuator/prometheus"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected Response register(TestDevices.Device device, Object body) {
    return call("PUT", "/v1/push/registration", body, device.token());
  }

  protected static Map<String, Object> apns(String token, String environment) {
    return Map.of(
        "apns", Map.of("token", token, "topic", "io.parley.app", "environment", environment));
  }

  protected static Map<String, Object> fcm(String token) {
    return Map.of("fcm", Map.of("token", token));
  }

  protected static Map<String, Object> webPush(WebPushEndpoint.Subscription subscription) {
    return Map.of(
        "webPush",
        Map.of(
            "endpoint",
            subscription.endpoint(),
            "keys",
            Map.of("p256dh", subscription.p256dh(), "auth", subscription.auth())));
  }

  /** A hex APNs device token nobody else uses. */
  protected static String apnsToken() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return String.format("%064x", new BigInteger(1, bytes));
  }

  /** An FCM-shaped registration token nobody else uses. */
  protected static String fcmToken() {
    return "c" + UUID.randomUUID().toString().replace("-", "") + ":APA91b" + UUID.randomUUID();
  }

  /** What message-routing would publish to wake the device. */
  protected void requestPush(TestDevices.Device device, boolean urgent) {
    PushEvent event =
        PushEvent.newBuilder()
            .setMetadata(Events.metadata(Clock.systemUTC(), "message-routing-service", "test"))
            .setPushRequested(
                PushRequested.newBuilder()
                    .setDevice(Events.device(device.accountId(), device.deviceId()))
                    .setUrgent(urgent))
            .build();
    try {
      kafka
          .send(Topics.PUSH_REQUESTS.name(), device.accountId().toString(), event)
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish a push request", e);
    }
  }

  /**
   * Records of {@code topic} with this key, read from the beginning; waits up to {@code wait} for
   * {@code expected} of them.
   */
  protected static List<ConsumerRecord<String, byte[]>> recordsByKey(
      String topic, String key, int expected, Duration wait) {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline && found.size() < expected) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
          if (key.equals(record.key())) {
            found.add(record);
          }
        }
      }
    }
    return found;
  }

  protected static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  protected static boolean sameBytes(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
