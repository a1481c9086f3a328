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
 *     metadata); defaults to host name, process id and the JVM's start time: unique on one machine,
 *     across pods, and across restarts of one container (where the process id is always 1 and the
 *     host name stays), so a restarted edge never inherits its predecessor's sessions
 * @param kafka how the contract topics are created and how Kafka's health is checked
 */
@ConfigurationProperties("parley")
public record ParleyProperties(String nodeId, @DefaultValue Kafka kafka) {

  public ParleyProperties {
    if (!StringUtils.hasText(nodeId)) {
      nodeId = DEFAULT_NODE_ID;
    }
  }

  /** {@code <host>-<pid>-<JVM start time, base 36>}: one per JVM, new on every restart. */
  static final String DEFAULT_NODE_ID = defaultNodeId();

  private static String defaultNodeId() {
    // RuntimeMXBean name is "pid@host".
    var runtime = ManagementFactory.getRuntimeMXBean();
    String[] pidAtHost = runtime.getName().split("@", 2);
    String hostPid = pidAtHost.length == 2 ? pidAtHost[1] + "-" + pidAtHost[0] : pidAtHost[0];
    return hostPid + "-" + Long.toString(runtime.getStartTime(), 36);
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
