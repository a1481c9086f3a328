package io.parley.edge.support;

import io.parley.security.test.TestAuthConfiguration;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.service.SpringInfra;
import io.parley.testsupport.stomp.StompTestClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * edge-service on real Kafka and Redis with small limits, auth-service stood in by {@link
 * TestDevices}; clients are real WebSockets speaking STOMP ({@link StompTestClient}).
 */
@ParleyInfraTest
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parley.edge.connect-timeout=2s",
      "parley.edge.transport-frame-limit=64KB",
      "parley.edge.max-frame-bytes=16KB",
      "parley.edge.max-ciphertext-bytes=4KB",
      "parley.edge.message-rate.capacity=20",
      "parley.edge.message-rate.per-second=2",
      "parley.edge.provisioning.max-message-bytes=1KB"
    })
@Import(TestAuthConfiguration.class)
public abstract class EdgeIntegrationTest {

  protected static final Duration WAIT = Duration.ofSeconds(15);

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry registry) {
    SpringInfra.register(registry);
  }

  @Value("${local.server.port}")
  protected int port;

  @Autowired protected StringRedisTemplate redis;

  protected TestDevices devices;

  @BeforeEach
  void setUpDevices() {
    devices = new TestDevices(redis);
  }

  /** A connected, subscribed client for the device. */
  protected StompTestClient connected(TestDevices.Device device) {
    StompTestClient client = StompTestClient.open(port);
    StompTestClient.Frame reply = client.connect(device.token());
    if (!"CONNECTED".equals(reply.command())) {
      client.close();
      throw new AssertionError("expected CONNECTED, got " + reply);
    }
    client.subscribeQueues();
    return client;
  }
}
