package io.parley.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgen sessions}: provisions accounts through auth-service's bench endpoint, opens one
 * STOMP session per account on the edge, holds them, and prints what it reached. Exit code 0 when
 * every requested session connected and was still alive at the end, 1 otherwise, 2 for bad options.
 */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = "Hold many idle STOMP sessions on the edge and report connects and survivors.")
final class SessionsCommand implements Callable<Integer> {

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
      names = "--sessions",
      defaultValue = "50000",
      description = "sessions to open (default: ${DEFAULT-VALUE})")
  int sessions;

  @Option(
      names = "--source-addresses",
      defaultValue = "127.0.0.1-127.0.0.4",
      description =
          "local addresses to connect from, round-robin: ranges and/or a comma list, e.g."
              + " 127.0.0.1-127.0.0.4 or 127.0.0.1,127.0.0.2; about 28,000 sessions each"
              + " (default: ${DEFAULT-VALUE})")
  String sourceAddresses;

  @Option(
      names = "--connect-concurrency",
      defaultValue = "200",
      description = "CONNECTs in flight at once (default: ${DEFAULT-VALUE})")
  int connectConcurrency;

  @Option(
      names = "--connect-timeout",
      defaultValue = "30s",
      converter = Durations.class,
      description = "a session not CONNECTED by then fails (default: ${DEFAULT-VALUE})")
  Duration connectTimeout;

  @Option(
      names = "--hold",
      defaultValue = "60s",
      converter = Durations.class,
      description = "how long to hold the sessions after the ramp (default: ${DEFAULT-VALUE})")
  Duration hold;

  @Option(
      names = "--heartbeat",
      defaultValue = "10000",
      description =
          "STOMP heart-beat offered both ways, ms; 0 for none (default: ${DEFAULT-VALUE})")
  int heartbeat;

  @Option(
      names = "--selectors",
      defaultValue = "1",
      description = "Jetty selector threads per source address (default: ${DEFAULT-VALUE})")
  int selectors;

  @Option(
      names = "--max-failures",
      defaultValue = "0",
      description =
          "stop the ramp once this many sessions failed, to see where it stops without waiting"
              + " for every remaining attempt to time out; 0: never (default: ${DEFAULT-VALUE})")
  int maxFailures;

  @Option(
      names = "--provision-batch",
      defaultValue = "10000",
      description = "accounts per bench provisioning call, 1..10000 (default: ${DEFAULT-VALUE})")
  int provisionBatch;

  @Option(
      names = "--provisioned-file",
      description =
          "written once the accounts exist, before any connection (with --go-file, lets a script"
              + " measure the edge's baseline after it has learnt of the accounts)")
  Path provisionedFile;

  @Option(names = "--go-file", description = "wait until this file exists before connecting")
  Path goFile;

  @Option(
      names = "--ready-file",
      description =
          "written (with the number of connected sessions) when the ramp is over and the hold"
              + " starts, for scripts that measure the edge while sessions are held")
  Path readyFile;

  private final PrintStream out;

  SessionsCommand() {
    this(System.out);
  }

  SessionsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    List<InetAddress> addresses = validate();
    SessionsRun.Settings settings =
        new SessionsRun.Settings(
            edge,
            sessions,
            addresses,
            connectConcurrency,
            connectTimeout,
            hold,
            heartbeat,
            selectors,
            maxFailures);
    out.printf("provisioning %d accounts through %s/v1/bench/devices ...%n", sessions, auth);
    long started = System.nanoTime();
    String[] tokens =
        new BenchAccounts(auth)
            .provision(
                sessions,
                provisionBatch,
                (done, total) -> out.printf("  %d / %d accounts%n", done, total));
    out.printf(
        "provisioned %d accounts in %.1f s%n", sessions, (System.nanoTime() - started) / 1e9);
    if (readyFile != null) {
      Files.deleteIfExists(readyFile);
    }
    if (provisionedFile != null) {
      Files.writeString(provisionedFile, sessions + "\n");
    }
    if (goFile != null) {
      out.printf("waiting for %s before connecting ...%n", goFile);
      while (!Files.exists(goFile)) {
        Thread.sleep(200);
      }
    }
    out.printf(
        "connecting %d sessions to %s from %d source address(es), %d in flight ...%n",
        sessions, edge, addresses.size(), connectConcurrency);
    SessionsRun run = new SessionsRun(settings, out);
    SessionsRun.Result result =
        run.run(
            tokens,
            () -> {
              printOwnHeap(sessions);
              writeReady(run.connectedCount());
            });
    run.report(result, out);
    return result.connected() == sessions && result.aliveAtEnd() == sessions ? 0 : 1;
  }

  private void writeReady(int connected) {
    if (readyFile == null) {
      return;
    }
    try {
      Files.writeString(readyFile, connected + "\n");
    } catch (IOException e) {
      out.println("could not write the ready file " + readyFile + ": " + e.getMessage());
    }
  }

  /** The load generator's own heap after a full GC, so its footprint is on record too. */
  private void printOwnHeap(int sessions) {
    System.gc();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    out.printf(
        "loadgen's own heap after GC: %.1f MB (%.0f bytes per session), %d threads%n",
        used / 1e6, (double) used / sessions, Thread.activeCount());
  }

  private List<InetAddress> validate() {
    CommandLine cl = spec.commandLine();
    if (edge.getScheme() == null
        || !(edge.getScheme().equals("ws") || edge.getScheme().equals("wss"))
        || edge.getHost() == null) {
      throw new CommandLine.ParameterException(cl, "--edge must be a ws:// or wss:// URI");
    }
    if (auth.getScheme() == null || !auth.getScheme().startsWith("http")) {
      throw new CommandLine.ParameterException(cl, "--auth must be an http(s):// URI");
    }
    if (sessions < 1) {
      throw new CommandLine.ParameterException(cl, "--sessions must be at least 1");
    }
    if (connectConcurrency < 1 || connectConcurrency > 10_000) {
      throw new CommandLine.ParameterException(cl, "--connect-concurrency must be 1..10000");
    }
    if (maxFailures < 0) {
      throw new CommandLine.ParameterException(cl, "--max-failures must be 0 or more");
    }
    if (heartbeat < 0) {
      throw new CommandLine.ParameterException(cl, "--heartbeat must be 0 or more ms");
    }
    if (selectors < 1 || selectors > 64) {
      throw new CommandLine.ParameterException(cl, "--selectors must be 1..64");
    }
    if (provisionBatch < 1 || provisionBatch > BenchAccounts.MAX_BATCH) {
      throw new CommandLine.ParameterException(cl, "--provision-batch must be 1..10000");
    }
    if (connectTimeout.isZero()) {
      throw new CommandLine.ParameterException(cl, "--connect-timeout must be positive");
    }
    try {
      List<InetAddress> addresses = SourceAddresses.parse(sourceAddresses);
      long perAddress = 28_000;
      if (sessions > perAddress * addresses.size()) {
        out.printf(
            "warning: %d sessions over %d source address(es) is more than the ~28,000 ephemeral"
                + " ports each has by default; add addresses or widen"
                + " net.ipv4.ip_local_port_range%n",
            sessions, addresses.size());
      }
      return addresses;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--source-addresses: " + e.getMessage());
    }
  }
}
