package io.parley.edge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeviceAddress;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.contracts.events.v1.PreKeysLow;
import io.parley.edge.support.EdgeIntegrationTest;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.stomp.StompTestClient;
import io.parley.testsupport.stomp.StompTestClient.Frame;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * key-distribution's {@code PreKeysLow} on {@code parley.keys.v1} reaches the named device's
 * session, and only it, as a {@code prekeys_low} notice; records for devices without a session, and
 * records that cannot be read, change nothing and do not stop the consumer.
 */
class PreKeysLowNoticeIT extends EdgeIntegrationTest {

  private static final String MESSAGE =
      "this device is running out of one-time prekeys; upload more with PUT /v1/keys";

  @Autowired
  @Qualifier("edgeControlEventsContainer")
  MessageListenerContainer controlEvents;

  @Autowired JsonMapper json;

  private KafkaProducer<String, byte[]> producer;

  @BeforeEach
  void waitForTheControlConsumer() {
    producer =
        new KafkaProducer<>(
            ParleyInfra.kafka().clientConfig(), new StringSerializer(), new ByteArraySerializer());
    // It starts at the end of the topics: a record sent before it has partitions is never seen.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                controlEvents.getAssignedPartitions() != null
                    && controlEvents.getAssignedPartitions().stream()
                        .anyMatch(p -> p.topic().equals(Topics.KEYS.name())));
  }

  @AfterEach
  void closeProducer() {
    producer.close();
  }

  @Test
  void theDeviceNamedGetsAPreKeysLowNoticeWithItsCountsAndItsOtherDeviceDoesNot() throws Exception {
    TestDevices.Device phone = devices.register();
    TestDevices.Device laptop = devices.link(phone.accountId(), 2);
    try (StompTestClient phoneClient = connected(phone);
        StompTestClient laptopClient = connected(laptop)) {
      produce(phone.accountId(), preKeysLow(phone.accountId().toString(), 1, 9, 24));

      Frame notice = phoneClient.awaitNotice("prekeys_low", WAIT);
      assertThat(notice.header("subscription")).isEqualTo("events");
      assertThat(json.readTree(notice.body()))
          .isEqualTo(
              json.readTree(
                  "{\"code\":\"prekeys_low\",\"message\":\""
                      + MESSAGE
                      + "\",\"details\":{\"count\":9,\"pqCount\":24}}"));
      assertThat(laptopClient.collect(f -> f.isNotice("prekeys_low"), Duration.ofSeconds(2)))
          .isEmpty();
      assertThat(phoneClient.collect(f -> f.isNotice("prekeys_low"), Duration.ofMillis(500)))
          .as("one event, one notice")
          .isEmpty();
    }
  }

  @Test
  void recordsForDevicesWithoutASessionAndUnreadableRecordsAreSkippedAndTheNextOneArrives()
      throws Exception {
    TestDevices.Device phone = devices.register();
    TestDevices.Device laptop = devices.link(phone.accountId(), 2);
    UUID account = phone.accountId();
    try (StompTestClient laptopClient = connected(laptop)) {
      // All keyed by the account, so all on one partition, read in this order.
      produce(account, preKeysLow(account.toString(), 1, 5, 5)); // the phone: no session
      produce(account, preKeysLow(account.toString(), 3, 5, 5)); // no such device
      produce(account, preKeysLow("not-a-uuid", 2, 5, 5));
      produce(account, new byte[] {0x0a, (byte) 0xff, 0x13, 0x37}); // not a KeyEvent
      produce(account, KeyEvent.newBuilder().build().toByteArray()); // an event kind unknown here
      produce(account, preKeysLow(account.toString(), 2, 0, 3));

      Frame notice = laptopClient.awaitNotice("prekeys_low", WAIT);
      assertThat(json.readTree(notice.body()).get("details"))
          .isEqualTo(json.readTree("{\"count\":0,\"pqCount\":3}"));
      assertThat(laptopClient.collect(f -> f.isNotice("prekeys_low"), Duration.ofSeconds(1)))
          .isEmpty();
      assertThat(laptopClient.isClosed()).isFalse();

      // Nothing is kept for a device that was away: it checks GET /v1/keys/count on connect.
      try (StompTestClient phoneClient = connected(phone)) {
        assertThat(phoneClient.collect(f -> f.isNotice("prekeys_low"), Duration.ofSeconds(2)))
            .isEmpty();
      }
    }
  }

  private static byte[] preKeysLow(String accountId, int deviceId, int ec, int kyber) {
    return KeyEvent.newBuilder()
        .setMetadata(Events.metadata(Clock.systemUTC(), "key-distribution-service", "keys-it"))
        .setPreKeysLow(
            PreKeysLow.newBuilder()
                .setDevice(DeviceAddress.newBuilder().setAccountId(accountId).setDeviceId(deviceId))
                .setEcPreKeysRemaining(ec)
                .setKyberPreKeysRemaining(kyber))
        .build()
        .toByteArray();
  }

  private void produce(UUID account, byte[] value) throws Exception {
    producer
        .send(new ProducerRecord<>(Topics.KEYS.name(), account.toString(), value))
        .get(10, TimeUnit.SECONDS);
  }
}
