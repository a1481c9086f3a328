package io.parley.testsupport;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The Kafka broker of this test JVM. */
public final class KafkaInfra extends TestServer {

  private final String bootstrapServers;

  KafkaInfra(String bootstrapServers, InfraMode mode, ServerControl control) {
    super("Kafka at " + bootstrapServers, mode, control);
    this.bootstrapServers = bootstrapServers;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Client configuration pointing at this broker, to add serializers and the like to. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }
}
