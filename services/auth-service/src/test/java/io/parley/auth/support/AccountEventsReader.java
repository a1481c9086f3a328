package io.parley.auth.support;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.kafka.TopicDeserializer;
import io.parley.testsupport.ParleyInfra;
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

/** Reads back, from the real broker, what auth-service published for one account. */
public final class AccountEventsReader {

  private AccountEventsReader() {}

  /** The account's events in order, waiting until at least {@code expected} arrived. */
  public static List<AccountEvent> eventsOf(String accountId, int expected) {
    Map<String, Object> config = ParleyInfra.kafka().clientConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "auth-it-" + UUID.randomUUID());
    List<AccountEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, AccountEvent> consumer =
        new KafkaConsumer<>(
            config, new StringDeserializer(), new TopicDeserializer<>(Topics.ACCOUNTS))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.ACCOUNTS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, AccountEvent> record : consumer.poll(Duration.ofMillis(300))) {
          if (accountId.equals(record.key())) {
            events.add(record.value());
          }
        }
        if (events.size() >= expected
            && consumer.assignment().stream()
                .allMatch(p -> consumer.position(p) >= endOf(consumer, p))) {
          break;
        }
      }
    }
    return events;
  }

  private static long endOf(
      KafkaConsumer<String, AccountEvent> consumer, TopicPartition partition) {
    return consumer.endOffsets(List.of(partition)).get(partition);
  }
}
