package io.parley.loadgen;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgen messages}: end-to-end message delivery through the platform. Provisions {@code 2 ×
 * pairs} devices (bench profile, with {@code DeviceKeysPublished}), opens a STOMP session for each,
 * warms up, then runs a burst ({@code --burst N} per sender) and/or a paced phase ({@code --rate R
 * --duration D}) and prints throughput and latencies. Exit code 0 when every phase completed (each
 * message delivered and its delivered receipt back) without errors, 1 otherwise.
 */
@Command(
    name = "messages",
    mixinStandardHelpOptions = true,
    description =
        "Send messages between sender/recipient pairs through the platform; print throughput and"
            + " SEND → MESSAGE latency.")
final class MessagesCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--edge",
      defaultValue = "ws://localhost:8080/ws",
      description = "the edge's STOMP endpoint (default: ${DEFAULT-VALUE})")
  URI edge;

  @Option(
      names = "--auth",
      defaultValue = "http://localhost:8081",
      description = "auth-service, running with the bench profile (default: ${DEFAULT-VALUE})")
  URI auth;

  @Option(
      names = "--pairs",
      defaultValue = "100",
      description = "sender/recipient pairs, one session each (default: ${DEFAULT-VALUE})")
  int pairs;

  @Option(
      names = "--burst",
      defaultValue = "0",
      description =
          "burst phase: messages per sender, sent as fast as the window allows; 0: no burst"
              + " (default: ${DEFAULT-VALUE})")
  int burst;

  @Option(
      names = "--window",
      defaultValue = "16",
      description = "burst: SENDs a sender keeps without their RECEIPT (default: ${DEFAULT-VALUE})")
  int window;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "paced phase: messages per second in all, on a fixed schedule; 0: no paced phase"
              + " (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = Durations.class,
      description = "paced phase: how long (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "50",
      description =
          "warm-up messages per sender before the phases, not measured (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--payload-bytes",
      defaultValue = "100",
      description = "ciphertext size in bytes, before base64 (default: ${DEFAULT-VALUE})")
  int payloadBytes;

  @Option(
      names = "--phase-timeout",
      defaultValue = "120s",
      converter = Durations.class,
      description =
          "a phase not complete this long after it started sending (burst) or after its last SEND"
              + " (paced) is reported as it stands (default: ${DEFAULT-VALUE})")
  Duration phaseTimeout;

  @Option(
      names = "--sync-dir",
      description =
          "hand-shake with a measuring script: before each measured phase write <phase>.ready"
              + " and wait for <phase>.go; after it write <phase>.done (its RESULT line)")
  Path syncDir;

  private final PrintStream out;

  MessagesCommand() {
    this(System.out);
  }

  MessagesCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    validate();
    out.printf(
        "provisioning %d devices (with DeviceKeysPublished) through %s/v1/bench/devices ...%n",
        2 * pairs, auth);
    BenchAccounts.Device[] devices = new BenchAccounts(auth).provisionDevices(2 * pairs, true);
    MessagesRun run =
        new MessagesRun(
            new MessagesRun.Settings(edge, pairs, window, payloadBytes, warmup, phaseTimeout),
            devices,
            out);
    boolean ok = true;
    try {
      run.connect();
      out.printf("%d sessions connected and subscribed%n", 2 * pairs);
      if (warmup > 0) {
        MessagesRun.Result w = run.warmup();
        out.printf(
            "warm-up: %d messages delivered in %.1f s (%d refused and sent again)%n",
            w.delivered(), w.seconds(), w.notices().values().stream().mapToLong(x -> x).sum());
        if (!w.complete()) {
          run.report(w, "warm-up", out);
          return 1;
        }
      }
      if (burst > 0) {
        handshake("burst");
        MessagesRun.Result r = run.burst(burst);
        run.report(
            r,
            String.format("burst: %d per sender, at most %d unreceipted SENDs each", burst, window),
            out);
        done("burst", r);
        ok &= r.complete() && r.errors().isEmpty();
      }
      if (rate > 0) {
        handshake("paced");
        MessagesRun.Result r = run.paced(rate, duration);
        run.report(
            r,
            String.format(
                "paced: %.0f msg/s in all for %s, fixed schedule, latency from the due time",
                rate, duration),
            out);
        done("paced", r);
        ok &= r.complete() && r.errors().isEmpty();
      }
    } finally {
      run.close();
    }
    return ok ? 0 : 1;
  }

  private void handshake(String phase) throws Exception {
    if (syncDir == null) {
      return;
    }
    Files.writeString(syncDir.resolve(phase + ".ready"), "");
    Path go = syncDir.resolve(phase + ".go");
    while (!Files.exists(go)) {
      Thread.sleep(5);
    }
  }

  private void done(String phase, MessagesRun.Result r) throws Exception {
    if (syncDir != null) {
      Files.writeString(syncDir.resolve(phase + ".done"), r.line() + "\n");
    }
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    if (edge.getScheme() == null
        || !(edge.getScheme().equals("ws") || edge.getScheme().equals("wss"))) {
      throw new CommandLine.ParameterException(cl, "--edge must be a ws:// or wss:// URI");
    }
    if (pairs < 1 || 2 * pairs > BenchAccounts.MAX_BATCH) {
      throw new CommandLine.ParameterException(cl, "--pairs must be 1..5000");
    }
    if (burst < 0 || rate < 0 || warmup < 0) {
      throw new CommandLine.ParameterException(cl, "--burst, --rate, --warmup must be >= 0");
    }
    if (burst == 0 && rate == 0) {
      throw new CommandLine.ParameterException(cl, "give --burst N and/or --rate R");
    }
    if (window < 1) {
      throw new CommandLine.ParameterException(cl, "--window must be at least 1");
    }
    if (payloadBytes < 1 || payloadBytes > 64 * 1024) {
      throw new CommandLine.ParameterException(cl, "--payload-bytes must be 1..65536");
    }
  }
}
