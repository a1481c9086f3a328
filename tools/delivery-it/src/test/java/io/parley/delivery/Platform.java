package io.parley.delivery;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import io.parley.mailbox.DeviceDirectory;
import io.parley.mailbox.Mailbox;
import io.parley.mailbox.MailboxProperties;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.KafkaInfra;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.RedisInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The delivery path as it runs in production, on one machine: real Kafka and Redis (test-support),
 * message-routing-service and one or more edge nodes as processes from the built jars, and, in
 * place of auth-service, a JWK Set served from this JVM for the tokens {@link TestDevices} signs.
 */
final class Platform implements AutoCloseable {

  final KafkaInfra kafka = ParleyInfra.kafka();
  final RedisInfra redis = ParleyInfra.redis();
  final StringRedisTemplate redisTemplate;
  final TestDevices devices;
  final DeviceDirectory directory;
  final Mailbox mailbox;
  final ServiceProcess routing;
  final List<ServiceProcess> edges = new ArrayList<>();
  private final LettuceConnectionFactory connections;
  private final HttpServer jwks;

  /**
   * @param edgeNodes how many edge nodes
   * @param extra extra arguments for every service (e.g. {@code --parley.mailbox.max-messages=5})
   */
  Platform(int edgeNodes, List<String> extra) throws IOException {
    connections =
        new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
    connections.afterPropertiesSet();
    connections.start();
    redisTemplate = new StringRedisTemplate(connections);
    devices = new TestDevices(redisTemplate);
    directory = new DeviceDirectory(redisTemplate);
    mailbox =
        new Mailbox(
            redisTemplate,
            new MailboxProperties(Duration.ofDays(30), 10_000, 1_000, Duration.ofHours(24), 10_000),
            Clock.systemUTC());
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] keys =
        new JWKSet(TestDevices.SIGNING_KEY.toPublicJWK())
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, keys.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(keys);
          }
        });
    jwks.start();
    Path logs = Files.createDirectories(Path.of("target", "delivery-it-logs"));
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<String> common = new ArrayList<>();
    common.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
    common.add("--spring.data.redis.host=" + redis.host());
    common.add("--spring.data.redis.port=" + redis.port());
    common.add(
        "--parley.security.jwks-uri=http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
    // every trace sampled, and the per-message debug lines that show one trace id from routing's
    // append to the edge's MESSAGE frame
    common.add("--management.tracing.sampling.probability=1.0");
    common.add("--logging.level.io.parley.routing.MessageRouter=DEBUG");
    common.add("--logging.level.io.parley.edge.delivery.MailboxDelivery=DEBUG");
    common.addAll(extra);
    List<String> routingArgs = new ArrayList<>(common);
    routingArgs.add("--parley.node-id=routing-" + run);
    routing = new ServiceProcess("message-routing-service", "routing-" + run, routingArgs, logs);
    for (int i = 0; i < edgeNodes; i++) {
      List<String> args = new ArrayList<>(common);
      String node = "edge-" + (char) ('a' + i) + "-" + run;
      args.add("--parley.node-id=" + node);
      args.add("--parley.edge.delivery.reread-interval=2s");
      args.add("--parley.edge.message-rate.capacity=100000");
      args.add("--parley.edge.message-rate.per-second=100000");
      edges.add(new ServiceProcess("edge-service", node, args, logs));
    }
  }

  private static Platform shared;

  /**
   * The platform every test class of this module shares (two edge nodes, one routing service),
   * started once per test JVM and stopped when it exits: starting three services costs tens of
   * seconds on a small machine.
   */
  static synchronized Platform shared() {
    if (shared == null) {
      try {
        shared = new Platform(2, List.of()).start();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "delivery-platform-stop"));
    }
    return shared;
  }

  Platform start() {
    routing.start();
    edges.forEach(ServiceProcess::start);
    return this;
  }

  ServiceProcess edge(int i) {
    return edges.get(i);
  }

  /** A registered device with published keys, once both services' read model has it. */
  TestDevices.Device device() {
    TestDevices.Device device = devices.register();
    return ready(device);
  }

  TestDevices.Device link(TestDevices.Device primary, int deviceId) {
    return ready(devices.link(primary.accountId(), deviceId));
  }

  private TestDevices.Device ready(TestDevices.Device device) {
    devices.keysPublished(device);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var reachable = directory.reachableDevices(device.accountId());
      if (reachable.isPresent() && reachable.get().containsKey(device.deviceId())) {
        return device;
      }
      ServiceProcess.sleep(50);
    }
    throw new AssertionError(device + " never reached the device read model");
  }

  @Override
  public void close() {
    // at the end of the test JVM: no drain needed, and Kafka may already be going
    edges.forEach(ServiceProcess::kill);
    routing.kill();
    jwks.stop(0);
    connections.destroy();
  }
}
