package io.parley.presence.e2e;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import io.parley.security.test.TestDevices;
import io.parley.testsupport.ParleyInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real edge-service node: the jar this build made ({@code services/edge-service/target}), run as
 * its own JVM on the tests' Kafka and Redis, trusting {@link TestDevices}' signing key through a
 * local JWKS, with presence-service under test as its upstream. {@link #kill()} is {@code kill -9}:
 * no disconnect events, no lease release.
 */
final class EdgeProcess implements AutoCloseable {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();
  private static final Path JAR = ROOT.resolve("services/edge-service/target/edge-service.jar");
  private static HttpServer jwks;

  final String nodeId = "edge-e2e-" + UUID.randomUUID().toString().substring(0, 8);
  final int port;
  private final Process process;
  private final Path log;

  private EdgeProcess(int presencePort, List<String> extraArgs) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: build edge-service first (./mvnw -o install -DskipTests)");
    }
    port = freePort();
    log = Files.createTempFile("edge-" + nodeId, ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
    command.add("--server.port=" + port);
    command.add("--parley.node-id=" + nodeId);
    command.add("--spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers());
    command.add("--spring.data.redis.host=" + ParleyInfra.redis().host());
    command.add("--spring.data.redis.port=" + ParleyInfra.redis().port());
    command.add("--parley.security.jwks-uri=http://localhost:" + jwksPort() + "/jwks");
    command.add("--parley.upstreams.presence=http://localhost:" + presencePort);
    command.add("--parley.edge.lease-ttl=4s");
    command.add("--parley.edge.lease-refresh=1s");
    command.add("--parley.edge.presence.max-watches=5");
    command.addAll(extraArgs);
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Starts a node and waits until it is ready. */
  static EdgeProcess start(int presencePort) throws IOException, InterruptedException {
    EdgeProcess edge = new EdgeProcess(presencePort, List.of());
    edge.awaitReady(Duration.ofSeconds(120));
    return edge;
  }

  private void awaitReady(Duration timeout) throws InterruptedException, IOException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("edge exited: " + tail());
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("edge not ready within " + timeout + ": " + tail());
  }

  /** The end of its log, for failure messages. */
  String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** SIGKILL: the node vanishes without a word. */
  void kill() {
    process.destroyForcibly();
    waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor()) {
        kill();
      }
    }
  }

  private boolean waitFor() {
    try {
      return process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static synchronized int jwksPort() throws IOException {
    if (jwks == null) {
      jwks = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      byte[] body =
          new JWKSet(TestDevices.SIGNING_KEY.toPublicJWK())
              .toString()
              .getBytes(StandardCharsets.UTF_8);
      jwks.createContext(
          "/jwks",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      jwks.start();
    }
    return jwks.getAddress().getPort();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
