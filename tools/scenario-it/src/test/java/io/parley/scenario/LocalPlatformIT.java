package io.parley.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.PushEvent;
import io.parley.contracts.events.v1.PushRequested;
import io.parley.contracts.kafka.ProtobufSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenario fixture proves itself: a device registered through the edge of a {@link
 * LocalPlatform} subscribes with a {@link WebPushReceiver}, and a {@code PushRequested} for it
 * reaches the receiver as a VAPID-signed, encrypted, content-free wake-up.
 */
class LocalPlatformIT {

  private static LocalPlatform platform;
  private static WebPushReceiver receiver;

  private final HttpClient http = HttpClient.newHttpClient();

  private record Device(UUID accountId, int deviceId, String accessToken) {}

  @BeforeAll
  static void start() throws Exception {
    platform = SharedPlatform.get(); // stopped when the test JVM exits
    receiver = WebPushReceiver.start(platform.vapidPublicKey());
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aPushRequestReachesTheDevicesWebPushSubscriptionSignedEncryptedAndContentFree()
      throws Exception {
    Device device = register();
    WebPushReceiver.Subscription subscription = receiver.newSubscription();
    HttpResponse<String> registration =
        send(
            HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/v1/push/registration"))
                .header("Authorization", "Bearer " + device.accessToken())
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"webPush\":" + subscription.toJson() + "}")));
    assertThat(registration.statusCode()).as(registration.body()).isEqualTo(204);

    // The first non-urgent request of a device goes out (later ones within 60 s are coalesced);
    // an urgent one always does.
    requestPush(device, false);
    WebPushReceiver.Push normal = receiver.awaitPush(subscription, Duration.ofSeconds(30));
    requestPush(device, true);
    WebPushReceiver.Push urgent = receiver.awaitPush(subscription, Duration.ofSeconds(30));

    assertThat(normal.problems()).isEmpty();
    assertThat(normal.vapidVerified()).isTrue();
    assertThat(normal.status()).isEqualTo(201);
    assertThat(normal.plaintext()).isEqualTo("{\"type\":\"wake\",\"urgent\":false}");
    assertThat(normal.urgency()).isEqualTo("normal");
    assertThat(normal.contentEncoding()).isEqualTo("aes128gcm");
    assertThat(normal.topic()).isEqualTo("parley-wake");
    assertThat(normal.ttl()).isEqualTo(String.valueOf(Duration.ofHours(24).toSeconds()));

    assertThat(urgent.problems()).isEmpty();
    assertThat(urgent.vapidVerified()).isTrue();
    assertThat(urgent.plaintext()).isEqualTo("{\"type\":\"wake\",\"urgent\":true}");
    assertThat(urgent.urgency()).isEqualTo("high");

    assertThat(receiver.pushes(subscription)).containsExactly(normal, urgent);
  }

  @Test
  void aPostToAnUnknownEndpointIsAnswered404AndRecorded() throws Exception {
    String unknown = receiver.origin() + "/push/" + UUID.randomUUID();

    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(unknown))
                .POST(HttpRequest.BodyPublishers.ofString("x")));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(receiver.received())
        .anySatisfy(
            push -> {
              assertThat(push.endpoint()).isEqualTo(unknown);
              assertThat(push.status()).isEqualTo(404);
              assertThat(push.plaintext()).isNull();
            });
  }

  /** A new account with its primary device, through the edge as an app registers. */
  private Device register() throws Exception {
    String base = platform.baseUrl();
    String phone = "+1415555" + ThreadLocalRandom.current().nextInt(1000, 10000);
    String session =
        field(
            postJson(base + "/v1/verification/sessions", "{\"phoneNumber\":\"" + phone + "\"}"),
            "id");
    postJson(
        base + "/v1/verification/sessions/" + session + "/code",
        "{\"code\":\"" + platform.verificationCode(phone) + "\"}");
    String account =
        postJson(
            base + "/v1/accounts",
            "{\"verificationSessionId\":\""
                + session
                + "\",\"device\":{\"name\":\"browser\",\"registrationId\":4711}}");
    Matcher deviceId = Pattern.compile("\"deviceId\"\\s*:\\s*(\\d+)").matcher(account);
    assertThat(deviceId.find()).as("deviceId in " + account).isTrue();
    return new Device(
        UUID.fromString(field(account, "accountId")),
        Integer.parseInt(deviceId.group(1)),
        field(account, "accessToken"));
  }

  /** What message-routing produces when a message waits for a device without a session. */
  private void requestPush(Device device, boolean urgent) throws Exception {
    Properties config = new Properties();
    config.put("bootstrap.servers", platform.kafkaBootstrap());
    config.put("acks", "all");
    PushEvent event =
        PushEvent.newBuilder()
            .setMetadata(Events.metadata(Clock.systemUTC(), "scenario-it", "scenario-it"))
            .setPushRequested(
                PushRequested.newBuilder()
                    .setDevice(Events.device(device.accountId(), device.deviceId()))
                    .setUrgent(urgent))
            .build();
    try (KafkaProducer<String, MessageLite> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ProtobufSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.PUSH_REQUESTS.name(), device.accountId().toString(), event))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private String postJson(String url, String json) throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    assertThat(response.statusCode())
        .as("POST " + url + ": " + response.body())
        .isBetween(200, 299);
    return response.body();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }
}
