package io.parley.client;

import io.parley.client.internal.Rest;
import io.parley.client.internal.StompFrame;
import io.parley.client.internal.StompSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's STOMP session, kept alive: heart-beats both ways (a silent server is given up after
 * three intervals), re-authentication with a fresh token before the old one expires, and after any
 * loss a reconnect with exponential backoff and full jitter that subscribes again. Everything runs
 * on the client's worker thread; the socket's callbacks hop onto it.
 */
final class Session implements StompSocket.Events {

  /** What the client does with the session. */
  interface Handler {
    /** CONNECTED and subscribed: resend what awaits a receipt, watch presence again. */
    void connected();

    /** A frame other than CONNECTED / ERROR. */
    void frame(StompFrame frame);

    void state(ConnectionState state, String detail);
  }

  /** Server ERROR codes after which reconnecting cannot help. */
  private static final Set<String> TERMINAL =
      Set.of("device_removed", "account_deleted", "tokens_revoked", "connected_elsewhere");

  private static final Set<String> TERMINAL_TOKEN_REASONS =
      Set.of("device_removed", "device_replaced", "revoked");

  private static final Logger log = LoggerFactory.getLogger(Session.class);

  private final ScheduledExecutorService worker;
  private final HttpClient http;
  private final URI uri;
  private final Tokens tokens;
  private final Handler handler;
  private final ClientConfig config;
  private final Clock clock;

  private static final ScheduledExecutorService HEARTBEATS =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "parley-client-heartbeats");
            t.setDaemon(true);
            return t;
          });

  private long heartbeatMillis = 10_000;
  private long generation;
  private volatile StompSocket socket;
  private volatile boolean connected;
  private boolean running;
  private int failures;
  private volatile long lastInbound;
  private long expectInboundMillis;
  private int receipts;
  private CompletableFuture<Void> firstConnect = new CompletableFuture<>();
  private ScheduledFuture<?> heartbeat;
  private ScheduledFuture<?> reauth;
  private ScheduledFuture<?> reconnect;
  private ScheduledFuture<?> connectTimeout;

  Session(
      ScheduledExecutorService worker,
      HttpClient http,
      ClientConfig config,
      Tokens tokens,
      Handler handler) {
    this.worker = worker;
    this.http = http;
    this.config = config;
    this.uri = config.webSocket("/ws");
    this.tokens = tokens;
    this.handler = handler;
    this.clock = config.clock();
  }

  /** The heart-beat to offer ({@code heartbeatMillis} of {@code GET /v1/config}). */
  void heartbeat(long millis) {
    heartbeatMillis = Math.max(1_000, millis);
  }

  boolean connected() {
    return connected;
  }

  /** Starts (or keeps) the session; completes at the first CONNECTED. */
  CompletableFuture<Void> start() {
    if (!running) {
      running = true;
      if (firstConnect.isDone()) {
        firstConnect = new CompletableFuture<>();
      }
      failures = 0;
      open();
    }
    return firstConnect;
  }

  /** Ends the session for good (until {@link #start()}): DISCONNECT, close, no reconnect. */
  void stop(ConnectionState state, String detail) {
    boolean wasRunning = running;
    running = false;
    generation++;
    cancelTimers();
    StompSocket s = socket;
    socket = null;
    connected = false;
    if (s != null) {
      s.send(new StompFrame("DISCONNECT", Map.of(), ""));
      s.close();
    }
    if (!firstConnect.isDone()) {
      firstConnect.completeExceptionally(new IllegalStateException("session " + state));
    }
    if (wasRunning || state == ConnectionState.ENDED) {
      handler.state(state, detail);
    }
  }

  void send(String destination, String receipt, String body) {
    if (connected) {
      socket.send(
          new StompFrame(
              "SEND",
              StompFrame.headers(
                  "destination", destination,
                  "content-type", "application/json",
                  "receipt", receipt),
              body));
    }
  }

  void ack(String id) {
    if (connected && id != null) {
      socket.send(new StompFrame("ACK", StompFrame.headers("id", id), ""));
    }
  }

  /**
   * Drops the socket as a network failure would (tests; a client that knows its network changed).
   */
  void dropConnection() {
    if (socket != null) {
      socket.abort();
      lost(socket, "dropped");
    }
  }

  private void open() {
    cancel(reconnect);
    long attempt = ++generation;
    handler.state(ConnectionState.CONNECTING, null);
    String token;
    try {
      token = tokens.current();
    } catch (ParleyApiException e) {
      if (e.status() == 401 || e.status() == 403) {
        stop(ConnectionState.ENDED, "refresh_refused");
        return;
      }
      retryLater(e.getMessage());
      return;
    } catch (RuntimeException e) {
      retryLater(e.getMessage());
      return;
    }
    StompSocket.open(http, uri, this)
        .whenCompleteAsync(
            (opened, failure) -> {
              if (attempt != generation) {
                // stop() or a newer attempt came first: this socket is nobody's
                if (opened != null) {
                  opened.abort();
                }
                return;
              }
              if (failure != null) {
                retryLater(describe(failure));
                return;
              }
              if (!running) {
                opened.abort();
                return;
              }
              socket = opened;
              lastInbound = clock.millis();
              opened.send(
                  new StompFrame(
                      "CONNECT",
                      StompFrame.headers(
                          "accept-version",
                          "1.2",
                          "host",
                          uri.getHost(),
                          "heart-beat",
                          heartbeatMillis + "," + heartbeatMillis,
                          "Authorization",
                          "Bearer " + token),
                      ""));
              connectTimeout =
                  worker.schedule(
                      () -> {
                        if (socket == opened && !connected) {
                          opened.abort();
                          lost(opened, "no CONNECTED in time");
                        }
                      },
                      15,
                      TimeUnit.SECONDS);
            },
            worker);
  }

  private void retryLater(String why) {
    if (!running) {
      return;
    }
    failures++;
    long ceiling =
        Math.min(
            config.reconnectMax().toMillis(),
            config.reconnectInitial().toMillis() << Math.min(failures - 1, 20));
    long delay = Math.max(50, ThreadLocalRandom.current().nextLong(ceiling + 1));
    log.debug("reconnecting in {} ms after: {}", delay, why);
    handler.state(ConnectionState.RECONNECT_WAIT, why);
    reconnect = worker.schedule(this::open, delay, TimeUnit.MILLISECONDS);
  }

  private void lost(StompSocket which, String why) {
    if (which != socket) {
      return;
    }
    socket = null;
    connected = false;
    cancelTimers();
    retryLater(why);
  }

  // --- socket events (JDK threads) -> worker ---------------------------------------------------

  @Override
  public void frame(StompSocket from, StompFrame frame) {
    lastInbound = clock.millis();
    worker.execute(() -> onFrame(from, frame));
  }

  @Override
  public void heartbeat(StompSocket from) {
    lastInbound = clock.millis(); // here, not on the worker: a busy worker is not a silent server
  }

  @Override
  public void closed(StompSocket from, int code, String reason) {
    worker.execute(() -> lost(from, "closed " + code + " " + reason));
  }

  private void onFrame(StompSocket from, StompFrame frame) {
    if (from != socket) {
      return;
    }
    switch (frame.command()) {
      case "CONNECTED" -> onConnected(frame);
      case "ERROR" -> onError(frame);
      default -> handler.frame(frame);
    }
  }

  private void onConnected(StompFrame frame) {
    cancel(connectTimeout);
    connected = true;
    StompSocket stable = socket;
    // the backoff starts over only once a session has lasted: a server that accepts and then
    // drops every session (a frame it cannot take, say) still sees the backoff grow
    worker.schedule(
        () -> {
          if (socket == stable && connected) {
            failures = 0;
          }
        },
        heartbeatMillis,
        TimeUnit.MILLISECONDS);
    long[] server = heartBeat(frame.header("heart-beat"));
    long sendEvery = server[1] == 0 ? 0 : Math.max(heartbeatMillis, server[1]);
    expectInboundMillis = server[0] == 0 ? 0 : Math.max(heartbeatMillis, server[0]);
    // a little more often than agreed, so that a late timer never looks like silence
    long tick = (sendEvery == 0 ? heartbeatMillis : sendEvery) * 3 / 4;
    StompSocket current = socket;
    long expect = expectInboundMillis;
    // On a timer of its own: heart-beats go out even while the worker waits on a slow REST call.
    heartbeat =
        HEARTBEATS.scheduleAtFixedRate(
            () -> {
              if (current != socket) {
                return;
              }
              if (sendEvery > 0) {
                current.sendHeartbeat();
              }
              long silent = clock.millis() - lastInbound;
              if (expect > 0 && silent > 3 * expect) {
                current.abort();
                worker.execute(() -> lost(current, "server silent for " + silent + " ms"));
              }
            },
            tick,
            tick,
            TimeUnit.MILLISECONDS);
    subscribe("events", "/user/queue/events", null);
    subscribe("messages", "/user/queue/messages", "client-individual");
    subscribe("presence", "/user/queue/presence", null);
    scheduleReauth();
    handler.state(ConnectionState.CONNECTED, null);
    handler.connected();
    firstConnect.complete(null);
  }

  private void subscribe(String id, String destination, String ack) {
    socket.send(
        new StompFrame(
            "SUBSCRIBE",
            StompFrame.headers(
                "id", id, "destination", destination, "ack", ack, "receipt", "sub-" + id),
            ""));
  }

  private void scheduleReauth() {
    long in = Math.max(1_000, tokens.reauthAt().toEpochMilli() - clock.millis());
    StompSocket current = socket;
    reauth =
        worker.schedule(
            () -> {
              if (current != socket || !connected) {
                return;
              }
              try {
                tokens.refresh();
                send(
                    "/app/auth",
                    "auth-" + (++receipts),
                    Rest.JSON.writeValueAsString(Map.of("accessToken", tokens.current())));
                scheduleReauth();
              } catch (RuntimeException e) {
                log.debug("token refresh failed: {}", e.toString());
                reauth = worker.schedule(this::scheduleReauth, 5, TimeUnit.SECONDS);
              }
            },
            in,
            TimeUnit.MILLISECONDS);
  }

  private void onError(StompFrame frame) {
    String code = frame.header("code");
    String reason = frame.header("reason");
    log.debug("server ended the session: {} {}", code, reason);
    if (TERMINAL.contains(code)
        || ("invalid_token".equals(code) && TERMINAL_TOKEN_REASONS.contains(reason))) {
      stop(ConnectionState.ENDED, code);
      return;
    }
    if ("token_expired".equals(code) || "invalid_token".equals(code)) {
      tokens.invalidate();
    }
    StompSocket s = socket;
    s.abort();
    lost(s, code == null ? "error" : code);
  }

  /** A failure in words: the cause of a CompletionException, its class when it has no message. */
  private static String describe(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static long[] heartBeat(String header) {
    try {
      String[] parts = header.split(",");
      return new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
    } catch (RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private void cancelTimers() {
    cancel(heartbeat);
    cancel(reauth);
    cancel(connectTimeout);
    cancel(reconnect);
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }
}
