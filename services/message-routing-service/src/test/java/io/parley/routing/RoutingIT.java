package io.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.CiphertextType;
import io.parley.contracts.events.v1.DeviceCiphertext;
import io.parley.contracts.events.v1.MessageEvent;
import io.parley.contracts.events.v1.MessageSubmitted;
import io.parley.contracts.events.v1.RecipientMessage;
import io.parley.contracts.kafka.ProtobufSerializer;
import io.parley.mailbox.DeviceDirectory;
import io.parley.mailbox.Mailbox;
import io.parley.mailbox.MailboxAddress;
import io.parley.mailbox.MailboxEntry;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.service.SpringInfra;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * message-routing-service on real Kafka and Redis, fed records as the edge writes them (and as no
 * edge should): contract-breaking and undecodable records go to the dead-letter topic and the
 * records behind them are still routed; a full mailbox refuses the message and tells the sender.
 */
@ParleyInfraTest
@SpringBootTest(properties = "parley.mailbox.max-messages=3")
class RoutingIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired StringRedisTemplate redis;
  @Autowired Mailbox mailbox;
  @Autowired DeviceDirectory directory;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    SpringInfra.register(registry);
  }

  private TestDevices.Device ready(TestDevices.Device device) {
    new TestDevices(redis).keysPublished(device);
    await()
        .atMost(WAIT)
        .until(
            () ->
                directory
                    .reachableDevices(device.accountId())
                    .map(d -> d.containsKey(device.deviceId()))
                    .orElse(false));
    return device;
  }

  private static MessageEvent message(TestDevices.Device from, String id, TestDevices.Device to) {
    return MessageEvent.newBuilder()
        .setMetadata(Events.metadata(Clock.systemUTC(), "edge-service", "test"))
        .setMessageSubmitted(
            MessageSubmitted.newBuilder()
                .setSender(Events.device(from.accountId(), from.deviceId()))
                .setClientMessageId(id)
                .setClientTimestamp(Events.timestamp(java.time.Instant.now()))
                .setReceiptId(id)
                .addRecipients(
                    RecipientMessage.newBuilder()
                        .setAccountId(to.accountId().toString())
                        .addCiphertexts(
                            DeviceCiphertext.newBuilder()
                                .setDeviceId(to.deviceId())
                                .setRegistrationId(to.registrationId())
                                .setType(CiphertextType.CIPHERTEXT_TYPE_WHISPER)
                                .setContent(ByteString.copyFromUtf8("ciphertext " + id)))))
        .build();
  }

  private static void produce(String key, byte[] value) throws Exception {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.MESSAGES.name(), key, value))
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static byte[] bytes(MessageEvent event) {
    return new ProtobufSerializer().serialize(Topics.MESSAGES.name(), event);
  }

  private static List<ConsumerRecord<String, byte[]>> deadLetters(String key, int expected) {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.MESSAGES.deadLetterName()));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
          if (key.equals(record.key())) {
            found.add(record);
          }
        }
      }
    }
    return found;
  }

  @Test
  void undecodableAndContractBreakingRecordsAreDeadLetteredAndTheNextOneIsRouted()
      throws Exception {
    TestDevices devices = new TestDevices(redis);
    TestDevices.Device alice = ready(devices.register());
    TestDevices.Device bob = ready(devices.register());
    String key = alice.accountId().toString();
    produce(key, new byte[] {0x0a, (byte) 0xff, 0x13, 0x37}); // not a MessageEvent
    MessageEvent forged = message(alice, "no-uuid", bob);
    forged =
        forged.toBuilder()
            .setMessageSubmitted(
                forged.getMessageSubmitted().toBuilder()
                    .setRecipients(
                        0,
                        forged.getMessageSubmitted().getRecipients(0).toBuilder()
                            .setAccountId("not-a-uuid")))
            .build();
    produce(key, bytes(forged));
    produce(key, bytes(message(alice, "after-the-bad-ones", bob)));
    await().atMost(WAIT).until(() -> mailbox.length(bob.accountId(), 1) == 1);
    List<ConsumerRecord<String, byte[]>> letters = deadLetters(key, 2);
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).value()).containsExactly(0x0a, (byte) 0xff, 0x13, 0x37);
    assertThat(letters.get(1).headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
  }

  @Test
  void aFullMailboxRefusesTheMessageAndTheSenderIsTold() throws Exception {
    TestDevices devices = new TestDevices(redis);
    TestDevices.Device alice = ready(devices.register());
    TestDevices.Device bob = ready(devices.register());
    for (int i = 0; i < 4; i++) {
      produce(alice.accountId().toString(), bytes(message(alice, "fill-" + i, bob)));
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                mailbox
                        .read(new MailboxAddress(alice.accountId(), 1, alice.incarnation()), 0, 10)
                        .size()
                    == 1);
    assertThat(mailbox.length(bob.accountId(), 1)).isEqualTo(3);
    MailboxEntry rejection =
        mailbox
            .read(new MailboxAddress(alice.accountId(), 1, alice.incarnation()), 0, 10)
            .get(0)
            .entry();
    assertThat(rejection.kind()).isEqualTo(MailboxEntry.SEND_REJECTED);
    assertThat(rejection.body())
        .contains("\"reason\":\"mailbox_full\"")
        .contains("\"clientMessageId\":\"fill-3\"")
        .contains("\"fullDevices\":[1]");
  }
}
