package io.parley.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DisconnectReason;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.devstack.Resp;
import io.parley.edge.EdgeApplication;
import io.parley.security.test.TestAuthConfiguration;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.KafkaEvents;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import io.parley.testsupport.stomp.StompTestClient;
import io.parley.testsupport.stomp.StompTestClient.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Stopping a node: clients are told to reconnect elsewhere, then the lease goes. */
@ParleyInfraTest
class GracefulShutdownIT {

  @Test
  void asksEveryClientToReconnectElsewhereAndDropsTheLease() throws IOException {
    ConfigurableApplicationContext edge =
        new SpringApplicationBuilder(EdgeApplication.class, TestAuthConfiguration.class)
            .run(
                "--server.port=0",
                "--parley.node-id=edge-shutdown-test",
                "--spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers(),
                "--spring.data.redis.host=" + ParleyInfra.redis().host(),
                "--spring.data.redis.port=" + ParleyInfra.redis().port());
    StringRedisTemplate redis = edge.getBean(StringRedisTemplate.class);
    int port = Integer.parseInt(edge.getEnvironment().getProperty("local.server.port"));
    TestDevices.Device device = new TestDevices(redis).register();
    try (StompTestClient client = StompTestClient.open(port)) {
      assertThat(client.connect(device.token()).command()).isEqualTo("CONNECTED");
      assertThat(redis.hasKey(NodeLease.key("edge-shutdown-test"))).isTrue();

      Thread closer = new Thread(edge::close);
      closer.start();
      Frame error = client.await(f -> "ERROR".equals(f.command()), Duration.ofSeconds(20));
      assertThat(error.header("code")).isEqualTo("server_shutdown");
      client.awaitClose(Duration.ofSeconds(20));
      closer.join(30_000);
      assertThat(
              Resp.call(
                  ParleyInfra.redis().host(),
                  ParleyInfra.redis().port(),
                  "EXISTS",
                  NodeLease.key("edge-shutdown-test")))
          .isEqualTo("0");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      edge.close();
    }
    List<SessionEvent> events =
        KafkaEvents.byKey(Topics.SESSIONS, device.accountId().toString(), 2);
    assertThat(events)
        .filteredOn(SessionEvent::hasDeviceDisconnected)
        .extracting(e -> e.getDeviceDisconnected().getReason())
        .containsExactly(DisconnectReason.DISCONNECT_REASON_NODE_SHUTDOWN);
  }
}
