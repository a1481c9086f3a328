package io.parley.loadgen;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * {@code messages}: {@code pairs} sender and recipient devices, each with its own STOMP session;
 * sender {@code i} sends only to recipient {@code i}. Runs a warm-up, then a burst and/or a paced
 * phase, and measures each: throughput, and per message the latency from SEND (burst: when it was
 * written; paced: when it was due) to its RECEIPT, to its MESSAGE at the recipient, and to the
 * delivered receipt back at the sender. Every MESSAGE is ACKed at once, by recipients and senders.
 */
final class MessagesRun {

  record Settings(
      URI edge,
      int pairs,
      int window,
      int payloadBytes,
      int warmupPerSender,
      Duration phaseTimeout) {}

  /** What a phase reached; {@code line()} is the machine-readable RESULT line. */
  record Result(
      String phase,
      int total,
      int sent,
      int receipts,
      int delivered,
      int duplicates,
      int deliveredReceipts,
      int refused,
      int rejected,
      Map<String, Long> notices,
      Map<String, Long> errors,
      double seconds,
      double throughput,
      double[] deliveryMillis,
      double[] receiptMillis,
      double[] deliveredReceiptMillis,
      double maxSendLagMillis,
      double loadgenCpuMillis,
      boolean complete) {

    String line() {
      return String.format(
          "RESULT phase=%s messages=%d sent=%d receipts=%d delivered=%d duplicates=%d"
              + " delivered_receipts=%d refused=%d rejected=%d errors=%d seconds=%.3f"
              + " throughput=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f"
              + " receipt_p50_ms=%.2f receipt_p99_ms=%.2f dreceipt_p50_ms=%.2f"
              + " dreceipt_p99_ms=%.2f loadgen_cpu_ms=%.0f complete=%s",
          phase,
          total,
          sent,
          receipts,
          delivered,
          duplicates,
          deliveredReceipts,
          refused,
          rejected,
          errors.values().stream().mapToLong(Long::longValue).sum(),
          seconds,
          throughput,
          deliveryMillis[0],
          deliveryMillis[1],
          deliveryMillis[2],
          deliveryMillis[3],
          deliveryMillis[4],
          receiptMillis[0],
          receiptMillis[2],
          deliveredReceiptMillis[0],
          deliveredReceiptMillis[2],
          loadgenCpuMillis,
          complete);
    }
  }

  private final Settings settings;
  private final PrintStream out;
  private final String host;
  private final MessagingSession[] senders;
  private final MessagingSession[] recipients;
  private final Map<Character, MessagePhase> phases = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.LongAdder> errors =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "loadgen-ticker");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closing;
  private QueuedThreadPool threads;
  private WebSocketClient client;

  MessagesRun(Settings settings, BenchAccounts.Device[] devices, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.host = settings.edge().getHost();
    int pairs = settings.pairs();
    if (devices.length != 2 * pairs) {
      throw new IllegalArgumentException("need " + 2 * pairs + " devices");
    }
    senders = new MessagingSession[pairs];
    recipients = new MessagingSession[pairs];
    Random random = new Random(42);
    for (int i = 0; i < pairs; i++) {
      senders[i] = new MessagingSession(this, i, devices[2 * i]);
      recipients[i] = new MessagingSession(this, i, devices[2 * i + 1]);
      byte[] ciphertext = new byte[settings.payloadBytes()];
      random.nextBytes(ciphertext);
      senders[i].sendsTo(devices[2 * i + 1], Base64.getEncoder().encodeToString(ciphertext));
    }
  }

  String host() {
    return host;
  }

  boolean closing() {
    return closing;
  }

  // ------------------------------------------------------------------------------------- setup

  /** Opens every session and waits until each is CONNECTED with both subscriptions receipted. */
  void connect() throws Exception {
    threads = new QueuedThreadPool(8, 2);
    threads.setName("loadgen");
    threads.setReservedThreads(0);
    HttpClient http = new HttpClient();
    http.setExecutor(threads);
    http.setByteBufferPool(new ArrayByteBufferPool());
    http.setMaxConnectionsPerDestination(4 * settings.pairs());
    client = new WebSocketClient(http);
    client.setIdleTimeout(Duration.ofMinutes(2));
    client.setMaxTextMessageSize(1024 * 1024);
    client.setStopAtShutdown(false);
    client.start();
    // A few at a time: on a busy 2-core machine the edge validates a few dozen CONNECTs a second
    // (docs/benchmarks.md), and a socket without CONNECTED in 10 s is closed (4008). One that
    // failed is opened again.
    List<MessagingSession> waiting = all();
    for (int attempt = 1; !waiting.isEmpty(); attempt++) {
      List<MessagingSession> failed = new ArrayList<>();
      for (int from = 0; from < waiting.size(); from += CONNECT_WAVE) {
        List<MessagingSession> wave =
            waiting.subList(from, Math.min(from + CONNECT_WAVE, waiting.size()));
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (MessagingSession s : wave) {
          ready.add(s.open(client, settings.edge()));
        }
        for (int i = 0; i < wave.size(); i++) {
          try {
            ready.get(i).get(30, TimeUnit.SECONDS);
          } catch (ExecutionException | TimeoutException e) {
            wave.get(i).close();
            failed.add(wave.get(i));
          }
        }
      }
      if (!failed.isEmpty()) {
        if (attempt == 5) {
          throw new IllegalStateException(failed.size() + " sessions could not connect");
        }
        out.printf("%d sessions did not connect, again%n", failed.size());
      }
      waiting = failed;
    }
    // Each session's heart-beat (we offered 10 s both ways): a newline every 5 s is enough.
    ticker.scheduleAtFixedRate(
        () -> all().forEach(MessagingSession::heartbeat), 5, 5, TimeUnit.SECONDS);
  }

  private static final int CONNECT_WAVE = 20;

  private List<MessagingSession> all() {
    List<MessagingSession> all = new ArrayList<>(List.of(senders));
    all.addAll(List.of(recipients));
    return all;
  }

  void close() throws Exception {
    closing = true;
    ticker.shutdownNow();
    all().forEach(MessagingSession::close);
    Thread.sleep(200);
    if (client != null) {
      client.stop();
    }
    if (threads != null) {
      threads.stop();
    }
  }

  // ------------------------------------------------------------------------------------ phases

  /**
   * The warm-up: {@code warmupPerSender} messages per sender as a burst, refused ones sent again,
   * until every one is delivered. It also waits out the device read model: the first SENDs can be
   * refused ({@code unknown_recipient}) until routing's updater applied the provisioning events.
   */
  Result warmup() throws InterruptedException {
    return burst("warmup", 'w', settings.warmupPerSender(), true);
  }

  Result burst(int perSender) throws InterruptedException {
    return burst("burst", 'b', perSender, false);
  }

  private Result burst(String name, char tag, int perSender, boolean retry)
      throws InterruptedException {
    MessagePhase phase = new MessagePhase(name, tag, perSender * settings.pairs(), retry);
    phases.put(tag, phase);
    phase.startCpuNanos = cpuNanos();
    phase.startNanos = System.nanoTime();
    for (MessagingSession s : senders) {
      s.startBurst(phase, perSender, settings.window());
    }
    return await(phase);
  }

  /** {@code perSecond} messages a second in all for {@code duration}, on a fixed schedule. */
  Result paced(double perSecond, Duration duration) throws InterruptedException {
    int total = PacedSchedule.messagesIn(duration.toMillis() / 1000.0, perSecond);
    MessagePhase phase = new MessagePhase("paced", 'p', total, false);
    phases.put('p', phase);
    phase.startCpuNanos = cpuNanos();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    PacedSchedule schedule = new PacedSchedule(start, perSecond, settings.pairs(), total);
    phase.startNanos = start;
    for (int k = 0; k < total; k++) {
      long due = schedule.dueNanos(k);
      long now;
      while ((now = System.nanoTime()) < due) {
        LockSupport.parkNanos(due - now);
      }
      phase.maxSendLagNanos.accumulateAndGet(now - due, Math::max);
      senders[schedule.sender(k)].sendMessage(phase, k, due);
    }
    return await(phase);
  }

  private Result await(MessagePhase phase) throws InterruptedException {
    long deadline = System.nanoTime() + settings.phaseTimeout().toNanos();
    long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!phase.complete() && System.nanoTime() < deadline) {
      Thread.sleep(2);
      if (System.nanoTime() > nextProgress) {
        out.printf(
            "  %s: sent %d, receipts %d, delivered %d, delivered receipts %d, refused %d,"
                + " notices %s, errors %s%n",
            phase.name,
            phase.sent.get(),
            phase.receipts.get(),
            phase.delivered.get(),
            phase.deliveredReceipts.get(),
            phase.refused.get(),
            phase.notices,
            errors);
        nextProgress += TimeUnit.SECONDS.toNanos(10);
      }
    }
    return result(phase);
  }

  private Result result(MessagePhase p) {
    long end = p.lastDeliveredAt.get();
    double seconds = end == 0 ? 0 : (end - p.startNanos) / 1e9;
    Map<String, Long> notices = new TreeMap<>();
    p.notices.forEach((k, v) -> notices.put(k, v.sum()));
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
    return new Result(
        p.name,
        p.total,
        p.sent.get(),
        p.receipts.get(),
        p.delivered.get(),
        p.duplicates.get(),
        p.deliveredReceipts.get(),
        p.refused.get(),
        p.rejected.get(),
        notices,
        errorCounts,
        seconds,
        seconds > 0 ? p.delivered.get() / seconds : 0,
        millis(p.deliveryLatencies()),
        millis(p.receiptLatencies()),
        millis(p.deliveredReceiptLatencies()),
        p.maxSendLagNanos.get() / 1e6,
        (cpuNanos() - p.startCpuNanos) / 1e6,
        p.complete());
  }

  /** This process's CPU time so far (all threads), ns. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** p50, p90, p99, p99.9, max in ms. */
  private static double[] millis(Percentiles p) {
    return new double[] {
      p.percentile(50) / 1e6,
      p.percentile(90) / 1e6,
      p.percentile(99) / 1e6,
      p.percentile(99.9) / 1e6,
      p.max() / 1e6
    };
  }

  // ------------------------------------------------------------------- what sessions heard

  private MessagePhase phaseOf(String id) {
    return id == null || id.isEmpty() ? null : phases.get(id.charAt(0));
  }

  void receipt(MessagingSession sender, String id, long now) {
    MessagePhase phase = phaseOf(id);
    int i = phase == null ? -1 : phase.index(id);
    if (i < 0) {
      error("RECEIPT for an unknown id " + id);
      return;
    }
    phase.receipt(i, now);
    sender.settled(phase);
  }

  void envelope(String kind, String clientMessageId, long now) {
    MessagePhase phase = phaseOf(clientMessageId);
    int i = phase == null ? -1 : phase.index(clientMessageId);
    if (i < 0) {
      error("envelope " + kind + " for an unknown message " + clientMessageId);
      return;
    }
    switch (kind == null ? "" : kind) {
      case "message" -> phase.delivered(i, now);
      case "delivery_receipt" -> phase.deliveredReceipt(i, now);
      case "send_rejected" -> phase.rejected.incrementAndGet();
      default -> error("envelope of kind " + kind);
    }
  }

  void notice(MessagingSession session, String code, String receiptId) {
    if ("queue_empty".equals(code)) {
      return;
    }
    MessagePhase phase = phaseOf(receiptId);
    int i = phase == null ? -1 : phase.index(receiptId);
    if (i < 0) {
      error("notice " + code + (receiptId == null ? "" : " for " + receiptId));
      return;
    }
    phase.notice(code);
    if (phase.retryRefused && RETRIED.contains(code)) {
      ticker.schedule(() -> session.resend(phase, i), 300, TimeUnit.MILLISECONDS);
    } else {
      phase.refused.incrementAndGet();
      session.settled(phase);
    }
  }

  /** Refusals the warm-up waits out: the read model catching up, or a passing overload. */
  private static final java.util.Set<String> RETRIED =
      java.util.Set.of("unknown_recipient", "device_mismatch", "rate_limited", "unavailable");

  void error(String what) {
    errors.computeIfAbsent(what, w -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  // ------------------------------------------------------------------------------------ report

  void report(Result r, String mode, PrintStream out) {
    out.println();
    out.printf("=== messages: %s ===%n", r.phase());
    out.printf("mode                      %s%n", mode);
    out.printf(
        "messages                  %d (sent %d), %d pairs, %d-byte ciphertexts%n",
        r.total(), r.sent(), settings.pairs(), settings.payloadBytes());
    out.printf("RECEIPTs (durable)        %d%n", r.receipts());
    out.printf("delivered (MESSAGE)       %d (duplicates %d)%n", r.delivered(), r.duplicates());
    out.printf("delivered receipts        %d%n", r.deliveredReceipts());
    out.printf("refused by notice         %d %s%n", r.refused(), r.notices());
    out.printf("send_rejected             %d%n", r.rejected());
    out.printf("errors                    %s%n", r.errors().isEmpty() ? "none" : r.errors());
    out.printf(
        "throughput                %.0f msg/s (%d delivered in %.2f s, first SEND to last"
            + " MESSAGE)%n",
        r.throughput(), r.delivered(), r.seconds());
    printLatency(out, "SEND → MESSAGE (ms)", r.deliveryMillis());
    printLatency(out, "SEND → RECEIPT (ms)", r.receiptMillis());
    printLatency(out, "SEND → delivered rcpt (ms)", r.deliveredReceiptMillis());
    if (r.phase().equals("paced")) {
      out.printf(
          "load generator lag        at most %.2f ms behind schedule%n", r.maxSendLagMillis());
    }
    out.printf("load generator CPU        %.0f ms over the phase%n", r.loadgenCpuMillis());
    out.printf("complete                  %s%n", r.complete());
    out.println(r.line());
  }

  private static void printLatency(PrintStream out, String what, double[] ms) {
    out.printf(
        "%-26s p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
        what, ms[0], ms[1], ms[2], ms[3], ms[4]);
  }
}
