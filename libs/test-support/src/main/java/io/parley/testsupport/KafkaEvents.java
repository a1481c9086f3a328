package io.parley.testsupport;

import com.google.protobuf.Message;
import io.parley.contracts.Topic;
import io.parley.contracts.kafka.TopicDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads back from the real broker what a service published, to check what it really sends. */
public final class KafkaEvents {

  private KafkaEvents() {}

  /**
   * Every event of {@code topic} with record key {@code key}, in order, read from the beginning;
   * waits (up to 20 s) until at least {@code expected} arrived and the end of the topic is reached.
   */
  public static <V extends Message> List<V> byKey(Topic<V> topic, String key, int expected) {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    List<V> events = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new TopicDeserializer<>(topic))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(300))) {
          if (key.equals(record.key())) {
            events.add(record.value());
          }
        }
        if (events.size() >= expected && atEnd(consumer, partitions)) {
          break;
        }
      }
    }
    return events;
  }

  private static boolean atEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
  }
}
