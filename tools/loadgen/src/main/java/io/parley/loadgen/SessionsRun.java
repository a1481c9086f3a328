package io.parley.loadgen;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Opens {@code sessions} STOMP sessions with at most {@code connectConcurrency} CONNECTs in flight,
 * round-robin over one Jetty {@link WebSocketClient} per source address (each bound to it), holds
 * them, and counts. All clients share one thread pool, one scheduler and one buffer pool; one
 * ticker thread sends every session's heart-beats and times out slow CONNECTs.
 */
final class SessionsRun {

  /** What {@code sessions} was asked to do. */
  record Settings(
      URI edge,
      int sessions,
      List<InetAddress> sourceAddresses,
      int connectConcurrency,
      Duration connectTimeout,
      Duration hold,
      int heartbeatMillis,
      int selectorsPerAddress,
      int maxFailures) {}

  /** What the run reached, printed by {@link #report}. */
  record Result(
      int requested,
      int connected,
      int failed,
      int notAttempted,
      int aliveAtEnd,
      int silentAtEnd,
      double rampSeconds,
      double connectsPerSecond,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double totalP50Millis,
      double totalP99Millis,
      Map<String, Integer> failures,
      Map<String, Integer> lostAfterConnect) {}

  private final Settings settings;
  private final PrintStream out;
  private final String host;
  private final Semaphore inFlight;
  private final StompSession[] sessions;
  private final int[] latencyMicros;
  private final int[] totalMicros;
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> lost = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
  private volatile long lastConnectedNanos;
  private int notAttempted;

  SessionsRun(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.host = settings.edge().getHost();
    this.inFlight = new Semaphore(settings.connectConcurrency());
    this.sessions = new StompSession[settings.sessions()];
    this.latencyMicros = new int[settings.sessions()];
    this.totalMicros = new int[settings.sessions()];
    Arrays.fill(latencyMicros, -1);
    Arrays.fill(totalMicros, -1);
  }

  int connectedCount() {
    return connected.get();
  }

  String host() {
    return host;
  }

  int heartbeatMillis() {
    return settings.heartbeatMillis();
  }

  /**
   * Connects a session per token, holds them for {@code hold}, closes them and returns the figures.
   * {@code ready} runs once the ramp is over (every session connected or failed).
   */
  Result run(String[] tokens, Runnable ready) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("loadgen");
    threads.setReservedThreads(0);
    ScheduledExecutorScheduler jettyScheduler =
        new ScheduledExecutorScheduler("loadgen-jetty-scheduler", true);
    ArrayByteBufferPool buffers = new ArrayByteBufferPool();
    threads.start();
    jettyScheduler.start();
    List<WebSocketClient> clients = new ArrayList<>();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "loadgen-ticker");
              t.setDaemon(true);
              return t;
            });
    try {
      for (InetAddress address : settings.sourceAddresses()) {
        clients.add(client(address, threads, jettyScheduler, buffers));
      }
      ticker.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
      Result result = connectAndHold(tokens, clients, ready);
      for (StompSession s : sessions) {
        if (s != null) {
          s.close();
        }
      }
      return result;
    } finally {
      ticker.shutdownNow();
      for (WebSocketClient client : clients) {
        client.stop();
      }
      jettyScheduler.stop();
      threads.stop();
    }
  }

  private WebSocketClient client(
      InetAddress address,
      QueuedThreadPool threads,
      ScheduledExecutorScheduler scheduler,
      ArrayByteBufferPool buffers)
      throws Exception {
    ClientConnector connector = new ClientConnector();
    connector.setSelectors(settings.selectorsPerAddress());
    connector.setExecutor(threads);
    connector.setScheduler(scheduler);
    connector.setByteBufferPool(buffers);
    connector.setBindAddress(new InetSocketAddress(address, 0));
    connector.setConnectTimeout(settings.connectTimeout());
    HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
    http.setExecutor(threads);
    http.setScheduler(scheduler);
    http.setByteBufferPool(buffers);
    http.setBindAddress(new InetSocketAddress(address, 0));
    http.setConnectTimeout(settings.connectTimeout().toMillis());
    // Each upgrade takes a connection of the destination's pool until it is upgraded; in-flight
    // CONNECTs are bounded by the semaphore, so the pool never needs to queue.
    http.setMaxConnectionsPerDestination(settings.connectConcurrency() + 1);
    http.setMaxRequestsQueuedPerDestination(settings.connectConcurrency() + 1024);
    WebSocketClient client = new WebSocketClient(http);
    // Longer than two heart-beat intervals, so a live session never times out.
    client.setIdleTimeout(
        settings.heartbeatMillis() == 0
            ? settings.hold().plus(Duration.ofMinutes(10))
            : Duration.ofMillis(Math.max(30_000L, 3L * settings.heartbeatMillis())));
    client.setInputBufferSize(2048);
    client.setOutputBufferSize(2048);
    client.setMaxTextMessageSize(64 * 1024);
    client.setStopAtShutdown(false);
    client.start();
    return client;
  }

  private Result connectAndHold(String[] tokens, List<WebSocketClient> clients, Runnable ready)
      throws Exception {
    long rampStart = System.nanoTime();
    long nextProgress = rampStart + TimeUnit.SECONDS.toNanos(5);
    for (int i = 0; i < tokens.length; i++) {
      while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
        nextProgress = progress(rampStart, nextProgress);
      }
      nextProgress = progress(rampStart, nextProgress);
      // Checked with a permit in hand, so every earlier attempt that could fail has had its say.
      if (settings.maxFailures() > 0 && failed.get() >= settings.maxFailures()) {
        inFlight.release();
        notAttempted = tokens.length - i;
        out.printf(
            "%d sessions failed: the ramp stops here, %d not attempted%n",
            failed.get(), notAttempted);
        break;
      }
      StompSession session = new StompSession(this, i, tokens[i], System.nanoTime());
      tokens[i] = null;
      sessions[i] = session;
      WebSocketClient client = clients.get(i % clients.size());
      try {
        client
            .connect(session, settings.edge())
            .whenComplete(
                (s, error) -> {
                  if (error != null) {
                    session.upgradeFailed(error);
                  }
                });
      } catch (Exception e) {
        session.upgradeFailed(e);
      }
    }
    // Every permit back means every session connected or failed.
    while (!inFlight.tryAcquire(settings.connectConcurrency(), 1, TimeUnit.SECONDS)) {
      nextProgress = progress(rampStart, nextProgress);
    }
    inFlight.release(settings.connectConcurrency());
    long rampEnd = lastConnectedNanos == 0 ? System.nanoTime() : lastConnectedNanos;
    double rampSeconds = (rampEnd - rampStart) / 1e9;
    out.printf(
        "ramp over: %d connected, %d failed in %.1f s; holding for %s%n",
        connected.get(), failed.get(), rampSeconds, Durations.format(settings.hold()));
    ready.run();
    long holdEnd = System.nanoTime() + settings.hold().toNanos();
    while (System.nanoTime() < holdEnd) {
      Thread.sleep(Math.min(10_000, Math.max(1, (holdEnd - System.nanoTime()) / 1_000_000)));
      out.printf("holding: %d sessions alive%n", alive());
    }
    return result(rampSeconds);
  }

  private long progress(long rampStart, long nextProgress) {
    long now = System.nanoTime();
    if (now < nextProgress) {
      return nextProgress;
    }
    out.printf(
        "%6.1f s: %d connected, %d failed, %d in flight%n",
        (now - rampStart) / 1e9,
        connected.get(),
        failed.get(),
        settings.connectConcurrency() - inFlight.availablePermits());
    return now + TimeUnit.SECONDS.toNanos(5);
  }

  private int alive() {
    int alive = 0;
    for (StompSession s : sessions) {
      if (s != null && s.state() == StompSession.CONNECTED) {
        alive++;
      }
    }
    return alive;
  }

  private Result result(double rampSeconds) {
    long now = System.nanoTime();
    // A session the edge promised heart-beats to but sent nothing for two of its intervals is
    // alive on this side only.
    int alive = 0;
    int silent = 0;
    for (StompSession s : sessions) {
      if (s != null && s.state() == StompSession.CONNECTED) {
        alive++;
        int expect = s.expectMillis;
        if (expect > 0 && now - s.lastReceivedNanos > 2_000_000L * expect) {
          silent++;
        }
      }
    }
    int[] sorted = Arrays.stream(latencyMicros).filter(l -> l >= 0).sorted().toArray();
    int[] total = Arrays.stream(totalMicros).filter(l -> l >= 0).sorted().toArray();
    return new Result(
        settings.sessions(),
        connected.get(),
        failed.get(),
        notAttempted,
        alive,
        silent,
        rampSeconds,
        rampSeconds > 0 ? connected.get() / rampSeconds : 0,
        percentile(sorted, 50),
        percentile(sorted, 99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0,
        percentile(total, 50),
        percentile(total, 99),
        counts(failures),
        counts(lost));
  }

  static double percentile(int[] sortedMicros, double percent) {
    if (sortedMicros.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sortedMicros.length) - 1;
    return sortedMicros[Math.max(0, Math.min(rank, sortedMicros.length - 1))] / 1000.0;
  }

  private static Map<String, Integer> counts(Map<String, LongAdder> adders) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    adders.forEach((k, v) -> counts.put(k, v.intValue()));
    return counts;
  }

  /**
   * The ticker: heart-beats that are due, and CONNECTs that took too long. Nothing may escape it:
   * an exception would cancel every later run of a fixed-rate task, silently, and every session
   * would then miss its heart-beats and be ended by the edge.
   */
  private void tick() {
    long now = System.nanoTime();
    long timeout = settings.connectTimeout().toNanos();
    for (StompSession s : sessions) {
      if (s == null) {
        continue;
      }
      try {
        int state = s.state();
        if (state == StompSession.CONNECTED) {
          s.beatIfDue(now);
        } else if ((state == StompSession.OPENING || state == StompSession.CONNECTING)
            && now - s.startedNanos > timeout) {
          s.timeOut(
              (state == StompSession.OPENING ? "no WebSocket upgrade" : "no CONNECTED")
                  + " within "
                  + settings.connectTimeout().toMillis()
                  + " ms");
        }
      } catch (RuntimeException e) {
        error("ticker: " + reason(e));
      }
    }
  }

  void connected(StompSession session, long totalNanos, long connectNanos) {
    latencyMicros[session.index] = (int) Math.min(Integer.MAX_VALUE, connectNanos / 1000);
    totalMicros[session.index] = (int) Math.min(Integer.MAX_VALUE, totalNanos / 1000);
    lastConnectedNanos = System.nanoTime();
    connected.incrementAndGet();
    inFlight.release();
  }

  void failed(StompSession session, String reason) {
    failed.incrementAndGet();
    failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    inFlight.release();
  }

  void lost(StompSession session, String reason) {
    lost.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  void error(String reason) {
    lost.computeIfAbsent("error: " + reason, r -> new LongAdder()).increment();
  }

  void received(String command) {
    received.computeIfAbsent(command, r -> new LongAdder()).increment();
  }

  /** A short, groupable reason: the innermost cause's type and message, without per-port detail. */
  static String reason(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    // Addresses and ports make every reason unique; group them.
    message = message.replaceAll("/?\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?", "<addr>");
    if (message.length() > 160) {
      message = message.substring(0, 160) + "...";
    }
    return cause.getClass().getSimpleName() + message;
  }

  void report(Result r, PrintStream out) {
    out.println();
    out.println("=== sessions ===");
    out.printf("edge                      %s%n", settings.edge());
    out.printf(
        "source addresses          %d (%s .. %s)%n",
        settings.sourceAddresses().size(),
        settings.sourceAddresses().get(0).getHostAddress(),
        settings.sourceAddresses().get(settings.sourceAddresses().size() - 1).getHostAddress());
    out.printf("requested                 %d%n", r.requested());
    out.printf("connected                 %d%n", r.connected());
    out.printf("failed                    %d%n", r.failed());
    if (r.notAttempted() > 0) {
      out.printf(
          "not attempted             %d (the ramp stopped after %d failures)%n",
          r.notAttempted(), settings.maxFailures());
    }
    r.failures().forEach((reason, count) -> out.printf("  %8d  %s%n", count, reason));
    out.printf(
        "CONNECT rate              %.0f/s over a %.1f s ramp (%d in flight at most)%n",
        r.connectsPerSecond(), r.rampSeconds(), settings.connectConcurrency());
    out.printf(
        "CONNECT -> CONNECTED      p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        r.p50Millis(), r.p99Millis(), r.maxMillis());
    out.printf(
        "upgrade + CONNECT         p50 %.1f ms, p99 %.1f ms (TCP connect, HTTP upgrade, STOMP)%n",
        r.totalP50Millis(), r.totalP99Millis());
    out.printf(
        "alive after %-12s  %d (%d of them heard nothing for 2 of the edge's heart-beats)%n",
        Durations.format(settings.hold()), r.aliveAtEnd(), r.silentAtEnd());
    out.printf(
        "RESULT requested=%d connected=%d failed=%d alive=%d ramp_s=%.2f rate_per_s=%.1f"
            + " p50_ms=%.1f p99_ms=%.1f%n",
        r.requested(),
        r.connected(),
        r.failed(),
        r.aliveAtEnd(),
        r.rampSeconds(),
        r.connectsPerSecond(),
        r.p50Millis(),
        r.p99Millis());
    r.lostAfterConnect().forEach((reason, count) -> out.printf("  lost %8d  %s%n", count, reason));
    if (!received.isEmpty()) {
      out.printf("frames received           %s%n", counts(received));
    }
  }
}
