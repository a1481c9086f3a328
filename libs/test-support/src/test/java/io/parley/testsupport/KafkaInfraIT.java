package io.parley.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@ParleyInfraTest
class KafkaInfraIT {

  private static String newTopic(KafkaInfra kafka) throws Exception {
    String topic = "infra-it-" + UUID.randomUUID();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    return topic;
  }

  private static KafkaProducer<String, String> producer(KafkaInfra kafka) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(KafkaInfra kafka, String topic, int expected) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  @Test
  void producesAndConsumesThroughTheSharedBroker(KafkaInfra kafka) throws Exception {
    String topic = newTopic(kafka);
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      producer.send(new ProducerRecord<>(topic, "k", "hello")).get(10, TimeUnit.SECONDS);
    }

    assertThat(readAll(kafka, topic, 1)).containsExactly("hello");
    assertThat(kafka.mode()).isNotNull();
  }

  @Test
  void keepsAcknowledgedRecordsAcrossAGracefulStopAndRefusesWritesWhileDown(KafkaInfra kafka)
      throws Exception {
    kafka.assumeRestartable();
    String topic = newTopic(kafka);
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      producer.send(new ProducerRecord<>(topic, "k", "before-stop")).get(10, TimeUnit.SECONDS);
    }

    kafka.stop();
    assertThat(kafka.isRunning()).isFalse();
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>(topic, "k", "while-down"))
                      .get(10, TimeUnit.SECONDS))
          .isInstanceOfAny(ExecutionException.class, org.apache.kafka.common.KafkaException.class);
    }
    kafka.start();

    assertThat(kafka.isRunning()).isTrue();
    assertThat(readAll(kafka, topic, 1)).containsExactly("before-stop");
  }

  @Test
  void keepsAcknowledgedRecordsAcrossAKill(KafkaInfra kafka) throws Exception {
    kafka.assumeRestartable();
    String topic = newTopic(kafka);
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>(topic, "k", "m" + i)).get(10, TimeUnit.SECONDS);
      }
    }

    kafka.kill();
    assertThat(kafka.isRunning()).isFalse();
    kafka.start();

    List<String> read = readAll(kafka, topic, 100);
    assertThat(read).hasSize(100).startsWith("m0", "m1").endsWith("m99");
  }

  @Test
  void externalBrokersServeButRefuseRestartControl(KafkaInfra kafka) throws Exception {
    KafkaInfra external = ParleyInfra.externalKafka(kafka.bootstrapServers());
    String topic = newTopic(external);
    try (KafkaProducer<String, String> producer = producer(external)) {
      producer.send(new ProducerRecord<>(topic, "k", "via-external")).get(10, TimeUnit.SECONDS);
    }

    assertThat(readAll(external, topic, 1)).containsExactly("via-external");
    assertThat(external.mode()).isEqualTo(InfraMode.EXTERNAL);
    assertThat(external.canRestart()).isFalse();
    assertThatThrownBy(external::stop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("external");
  }
}
