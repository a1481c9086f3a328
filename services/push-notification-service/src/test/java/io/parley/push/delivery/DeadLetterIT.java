package io.parley.push.delivery;

import static io.parley.push.support.Deliveries.awaitReceived;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.Topics;
import io.parley.push.support.PushIntegrationTest;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeadLetterIT extends PushIntegrationTest {

  /** Field 10 (push_requested), length-delimited, claiming 100 bytes that are not there. */
  private static final byte[] GARBAGE = {0x52, 0x64, 0x01, 0x02};

  @Test
  void anUndecodableRequestIsDeadLetteredAsItCameAndTheNextOneIsServed() throws Exception {
    String key = UUID.randomUUID().toString();
    send(Topics.PUSH_REQUESTS.name(), key, GARBAGE);
    // Behind it on the same partition: must not be held up by the bad record.
    TestDevices.Device device = devices.link(UUID.fromString(key), 1);
    String token = fcmToken();
    assertThat(register(device, fcm(token)).status()).isEqualTo(204);
    requestPush(device, true);

    List<ConsumerRecord<String, byte[]>> letters =
        recordsByKey(Topics.PUSH_REQUESTS.deadLetterName(), key, 1, Duration.ofSeconds(30));
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).value()).isEqualTo(GARBAGE);
    assertThat(header(letters.get(0), "kafka_dlt-exception-fqcn")).contains("Deserialization");
    assertThat(header(letters.get(0), "kafka_dlt-original-topic"))
        .isEqualTo(Topics.PUSH_REQUESTS.name());
    awaitReceived(FCM.script, token, 1);
  }

  @Test
  void anUndecodableAccountEventIsDeadLettered() throws Exception {
    String key = UUID.randomUUID().toString();
    send(Topics.ACCOUNTS.name(), key, GARBAGE);

    List<ConsumerRecord<String, byte[]>> letters =
        recordsByKey(Topics.ACCOUNTS.deadLetterName(), key, 1, Duration.ofSeconds(30));
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).value()).isEqualTo(GARBAGE);
  }

  private static void send(String topic, String key, byte[] value) throws Exception {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }
  }
}
