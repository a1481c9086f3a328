package io.parley.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Settings shared by every Parley service, under {@code parley.*}.
 *
 * @param nodeId this instance's id (edge node id in session events, producer node in event
 *     metadata); defaults to host name and process id, unique on one machine and across pods
 * @param kafka how the contract topics are created and how Kafka's health is checked
 */
@ConfigurationProperties("parley")
public record ParleyProperties(String nodeId, @DefaultValue Kafka kafka) {

  public ParleyProperties {
    if (!StringUtils.hasText(nodeId)) {
      // RuntimeMXBean name is "pid@host".
      String[] pidAtHost = ManagementFactory.getRuntimeMXBean().getName().split("@", 2);
      nodeId = pidAtHost.length == 2 ? pidAtHost[1] + "-" + pidAtHost[0] : pidAtHost[0];
    }
  }

  /**
   * @param createTopics declare the contract topics at start-up (idempotent; off where an operator
   *     owns topics, e.g. Strimzi KafkaTopic resources)
   * @param partitions partitions of each contract topic: the most consumers a group can use
   * @param replicationFactor 1 on one broker; 3 in production with min.insync.replicas=2
   * @param healthTimeout how long the Kafka health check waits for the cluster to answer
   */
  public record Kafka(
      @DefaultValue("true") boolean createTopics,
      @DefaultValue("8") int partitions,
      @DefaultValue("1") short replicationFactor,
      @DefaultValue("2s") Duration healthTimeout) {

    public Kafka {
      if (partitions < 1) {
        throw new IllegalArgumentException("parley.kafka.partitions must be at least 1");
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException("parley.kafka.replication-factor must be at least 1");
      }
      if (healthTimeout.isNegative() || healthTimeout.isZero()) {
        throw new IllegalArgumentException("parley.kafka.health-timeout must be positive");
      }
    }
  }
}
