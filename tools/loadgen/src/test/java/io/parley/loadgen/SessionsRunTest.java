package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connect path end to end against a stand-in STOMP server (Jetty's WebSocket server, a few
 * lines): CONNECT with the bearer token, CONNECTED or ERROR, the two SUBSCRIBEs, heart-beats at the
 * negotiated interval, connections spread over two source addresses.
 */
class SessionsRunTest {

  private final StompStandIn.Events events = new StompStandIn.Events();
  private Server server;
  private int port;

  @BeforeEach
  void startStandIn() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("0.0.0.0");
    connector.setPort(0);
    server.addConnector(connector);
    ContextHandler context = new ContextHandler("/");
    context.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            context,
            container ->
                container.addMapping(
                    "/ws", (request, response, callback) -> new StompStandIn(this.events))));
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stopStandIn() throws Exception {
    server.stop();
  }

  @Test
  void connectsSubscribesBeatsAndCountsRefusalsByReason() throws Exception {
    int sessions = 20;
    String[] tokens = new String[sessions];
    for (int i = 0; i < sessions; i++) {
      tokens[i] = (i == 7 ? "bad-" : i == 11 ? "good-but-ended-" : "good-") + i;
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    SessionsRun run =
        new SessionsRun(
            new SessionsRun.Settings(
                URI.create("ws://127.0.0.1:" + port + "/ws"),
                sessions,
                SourceAddresses.parse("127.0.0.1-127.0.0.2"),
                4,
                Duration.ofSeconds(10),
                Duration.ofMillis(1500),
                200,
                1,
                0),
            out);
    AtomicInteger readyCalls = new AtomicInteger();

    SessionsRun.Result result = run.run(tokens, readyCalls::incrementAndGet);
    run.report(result, out);

    assertThat(result.requested()).isEqualTo(20);
    assertThat(result.connected()).isEqualTo(19);
    assertThat(result.failed()).isEqualTo(1);
    assertThat(result.failures())
        .containsExactly(Map.entry("STOMP ERROR: invalid access token: expired", 1));
    // One session the stand-in ends after CONNECTED: lost, with the edge's reason.
    assertThat(result.aliveAtEnd()).isEqualTo(18);
    assertThat(result.lostAfterConnect())
        .containsExactly(Map.entry("STOMP ERROR: Session closed.", 1));
    // The stand-in promised no heart-beats ("0,300"), so its silence is not a dead link.
    assertThat(result.silentAtEnd()).isZero();
    assertThat(result.connectsPerSecond()).isPositive();
    assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
    assertThat(readyCalls).hasValue(1);
    assertThat(tokens).containsOnlyNulls();
    assertThat(events.subscribes.get()).isBetween(2 * 18, 2 * 19);
    assertThat(events.connectHeaders)
        .containsEntry("accept-version", "1.2")
        .containsEntry("host", "127.0.0.1")
        .containsEntry("heart-beat", "200,200");
    // Negotiated: max(our 200 ms, the server's wish of 300 ms), for 1.5 s: about 5 per session.
    assertThat(events.heartBeats.get()).isBetween(18 * 3, 19 * 7);
    assertThat(events.remoteAddresses).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("connected                 19")
        .contains("STOMP ERROR: invalid access token: expired");
  }

  @Test
  void aServerThatNeverAnswersCountsAsTimeOuts() throws Exception {
    server.stop();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    ContextHandler context = new ContextHandler("/");
    context.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            context,
            container ->
                container.addMapping(
                    "/ws", (request, response, callback) -> new StompStandIn.Silent())));
    server.setHandler(context);
    server.start();
    int silentPort = connector.getLocalPort();
    SessionsRun run =
        new SessionsRun(
            new SessionsRun.Settings(
                URI.create("ws://127.0.0.1:" + silentPort + "/ws"),
                3,
                SourceAddresses.parse("127.0.0.1"),
                3,
                Duration.ofMillis(700),
                Duration.ZERO,
                0,
                1,
                0),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    SessionsRun.Result result = run.run(new String[] {"good-1", "good-2", "good-3"}, () -> {});

    assertThat(result.connected()).isZero();
    assertThat(result.failures()).containsExactly(Map.entry("no CONNECTED within 700 ms", 3));
  }

  @Test
  void theRampStopsAfterMaxFailuresAndCountsTheRestAsNotAttempted() throws Exception {
    SessionsRun run =
        new SessionsRun(
            new SessionsRun.Settings(
                URI.create("ws://127.0.0.1:" + port + "/ws"),
                10,
                SourceAddresses.parse("127.0.0.1"),
                1,
                Duration.ofSeconds(10),
                Duration.ZERO,
                0,
                1,
                3),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String[] tokens = new String[10];
    java.util.Arrays.fill(tokens, "bad");

    SessionsRun.Result result = run.run(tokens, () -> {});

    assertThat(result.failed()).isEqualTo(3);
    assertThat(result.notAttempted()).isEqualTo(7);
    assertThat(result.connected()).isZero();
  }
}
