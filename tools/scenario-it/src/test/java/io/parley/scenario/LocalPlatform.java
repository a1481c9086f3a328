package io.parley.scenario;

import io.parley.devstack.ChildProcess;
import io.parley.devstack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole platform as the README's {@code ./parley up} starts it (Kafka, Redis and the six
 * services from this build's jars, dev profile), on free ports and in a state directory of its own
 * under {@code tools/scenario-it/target/platforms/}, so it never meets a platform a developer has
 * running. push-notification-service has Web Push enabled with a VAPID key pair made for this run,
 * and accepts endpoints on {@code localhost} and {@code 127.0.0.1} (a {@link WebPushReceiver}).
 *
 * <p>One per test class: {@link #start()} it in a {@code @BeforeAll}, {@link #close()} it in an
 * {@code @AfterAll}. Closing runs {@code ./parley down} and then kills whatever is still alive, so
 * no process outlives the tests; a JVM that exits without closing runs the same from a shutdown
 * hook. The state directory (logs under {@code logs/}, the commands' output in {@code
 * parley-up.log} and {@code parley-down.log}) stays for a look after a failure.
 */
public final class LocalPlatform implements AutoCloseable {

  private static final List<String> SERVICES =
      List.of(
          "auth-service",
          "key-distribution-service",
          "message-routing-service",
          "presence-service",
          "push-notification-service",
          "edge-service");

  /** {@code ./parley up} gives the services 180 s to become healthy, after Kafka and Redis. */
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(6);

  private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);

  private final Path root;
  private final Path state;
  private final Map<String, String> env = new HashMap<>();
  private final int kafkaPort;
  private final int redisPort;
  private final int edgePort;
  private final String vapidPublicKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::stopQuietly, "parley-down");

  private LocalPlatform(Path root, Path state, Map<String, String> settings) {
    this.root = root;
    this.state = state;
    List<Integer> ports = freePorts(4 + SERVICES.size());
    kafkaPort = ports.get(0);
    redisPort = ports.get(2);
    edgePort = ports.get(4 + SERVICES.indexOf("edge-service"));
    env.put("PARLEY_STATE_DIR", state.toString());
    env.put("PARLEY_SKIP_BUILD", "1");
    env.put("PARLEY_KAFKA_PORT", String.valueOf(kafkaPort));
    env.put("PARLEY_KAFKA_CONTROLLER_PORT", String.valueOf(ports.get(1)));
    env.put("PARLEY_REDIS_PORT", String.valueOf(redisPort));
    for (int i = 0; i < SERVICES.size(); i++) {
      env.put(variable(SERVICES.get(i), "PORT"), String.valueOf(ports.get(4 + i)));
    }

    KeyPair vapid = P256.generate();
    vapidPublicKey = P256.BASE64URL.encodeToString(P256.encode((ECPublicKey) vapid.getPublic()));
    String vapidPrivateKey =
        P256.BASE64URL.encodeToString(P256.encode((ECPrivateKey) vapid.getPrivate()));
    // For push-notification-service alone (the dev profile lets it POST to plain http endpoints).
    // The private key is a throwaway made for this run, so the command line may show it.
    env.put(
        variable("push-notification-service", "JVM_OPTS"),
        String.join(
            " ",
            "-Dparley.push.web-push.enabled=true",
            "-Dparley.push.web-push.public-key=" + vapidPublicKey,
            "-Dparley.push.web-push.private-key=" + vapidPrivateKey,
            "-Dparley.push.web-push.allowed-endpoint-hosts=localhost,127.0.0.1"));
    env.putAll(settings);
  }

  /**
   * Runs {@code ./parley up} and returns once every service is healthy.
   *
   * @throws IllegalStateException if it did not come up; the message holds the command's output and
   *     the tail of every log, and nothing of the platform is left running
   */
  public static LocalPlatform start() throws IOException, InterruptedException {
    return start(Map.of());
  }

  /**
   * As {@link #start()}, with more {@code ./parley} settings, e.g. {@code
   * PARLEY_AUTH_SERVICE_JVM_OPTS=-Dparley.auth.tokens.access-token-ttl=12s}.
   */
  public static LocalPlatform start(Map<String, String> settings)
      throws IOException, InterruptedException {
    Path root = repositoryRoot();
    Path runs =
        Files.createDirectories(root.resolve("tools/scenario-it/target/platforms").normalize());
    LocalPlatform platform =
        new LocalPlatform(root, Files.createTempDirectory(runs, "parley-"), settings);
    Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
    try {
      Run up = platform.parley("up", UP_TIMEOUT);
      if (up.exit() != 0) {
        throw new IllegalStateException(
            "./parley up failed ("
                + up.describeExit()
                + ") with state in "
                + platform.state
                + ":\n"
                + up.output()
                + platform.logTails());
      }
      return platform;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      try {
        platform.close();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
  }

  /** The public entry point, the edge: {@code http://localhost:<port>}. */
  public String baseUrl() {
    return "http://localhost:" + edgePort;
  }

  /**
   * base64url of the 65-byte VAPID public key push-notification-service signs with: the {@code
   * applicationServerKey} of browser subscriptions, and what a {@link WebPushReceiver} checks.
   */
  public String vapidPublicKey() {
    return vapidPublicKey;
  }

  /** Redis on {@code 127.0.0.1}. */
  public int redisPort() {
    return redisPort;
  }

  /** {@code localhost:<port>}: Kafka's {@code bootstrap.servers}. */
  public String kafkaBootstrap() {
    return "localhost:" + kafkaPort;
  }

  /**
   * The last verification code sent to {@code phoneNumber} (E.164, e.g. {@code +14155550123}), from
   * auth-service's dev-only {@code GET /v1/dev/verification-codes/{phone}} through the edge.
   */
  public String verificationCode(String phoneNumber) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(baseUrl() + "/v1/dev/verification-codes/" + phoneNumber))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher code = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
    if (response.statusCode() != 200 || !code.find()) {
      throw new IllegalStateException(
          "no verification code for "
              + phoneNumber
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
    return code.group(1);
  }

  /**
   * {@code ./parley down}, then a kill of any of its processes still alive. Idempotent.
   *
   * @throws IllegalStateException if {@code down} failed or left processes (they are killed)
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is what is running this.
    }
    stop();
  }

  private void stopQuietly() {
    if (closed.compareAndSet(false, true)) {
      try {
        stop();
      } catch (RuntimeException e) {
        // Nothing is left to report to in a JVM that is exiting; the processes were killed.
      }
    }
  }

  private void stop() {
    List<ProcessHandle> started = platformProcesses();
    String failure = null;
    try {
      Run down = parley("down", DOWN_TIMEOUT);
      if (down.exit() != 0) {
        failure = "./parley down failed (" + down.describeExit() + "):\n" + down.output();
      }
    } catch (IOException e) {
      failure = "./parley down could not run: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted during ./parley down";
    }
    // Whatever down left behind (it failed, hung or was interrupted) is killed, children first.
    List<Long> survivors = new ArrayList<>();
    for (ProcessHandle process : started) {
      if (process.isAlive()) {
        survivors.add(process.pid());
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> process).join();
      }
    }
    if (failure != null || !survivors.isEmpty()) {
      throw new IllegalStateException(
          (failure == null ? "" : failure + "\n")
              + (survivors.isEmpty() ? "" : "killed what ./parley down left: pids " + survivors));
    }
  }

  /** The processes {@code ./parley up} recorded (pid and start time, so no recycled pid). */
  private List<ProcessHandle> platformProcesses() {
    Path run = state.resolve("run");
    if (!Files.isDirectory(run)) {
      return List.of();
    }
    List<ProcessHandle> processes = new ArrayList<>();
    try (Stream<Path> files = Files.list(run)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        String[] pidAndStart = Files.readString(file).trim().split("\\s+");
        long started = pidAndStart.length > 1 ? Long.parseLong(pidAndStart[1]) : 0L;
        ProcessHandle.of(Long.parseLong(pidAndStart[0]))
            .filter(
                p ->
                    started == 0L
                        || p.info().startInstant().map(Instant::toEpochMilli).orElse(started)
                            == started)
            .ifPresent(processes::add);
      }
    } catch (IOException | RuntimeException e) {
      // A pid file half-written by a failed up: down and the other files still cover the rest.
    }
    return processes;
  }

  private record Run(int exit, boolean timedOut, Duration timeout, String output) {

    String describeExit() {
      return timedOut ? "no end after " + timeout : "exit " + exit;
    }
  }

  /** Runs {@code ./parley <command>}; its output is kept in {@code parley-<command>.log}. */
  private Run parley(String command, Duration timeout) throws IOException, InterruptedException {
    Path output = state.resolve("parley-" + command + ".log");
    ProcessBuilder builder = new ProcessBuilder(root.resolve("parley").toString(), command);
    builder.directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
    // Only these settings: a developer's own PARLEY_* variables must not change the platform.
    builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      // Only the command itself: the servers it started run in sessions of their own.
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    return new Run(
        finished ? process.exitValue() : -1,
        !finished,
        timeout,
        Files.readString(output, StandardCharsets.UTF_8));
  }

  private String logTails() {
    StringBuilder tails = new StringBuilder();
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(state.resolve("logs"))) {
      files.sorted().forEach(logs::add);
    } catch (IOException e) {
      tails.append("\n(no service logs: ").append(e).append(')');
    }
    logs.add(state.resolve("kafka/kafka.log"));
    logs.add(state.resolve("redis/redis.log"));
    for (Path log : logs) {
      if (Files.exists(log)) {
        tails
            .append("\n--- last 40 lines of ")
            .append(state.relativize(log))
            .append(" ---\n")
            .append(ChildProcess.tail(log, 40));
      }
    }
    return tails.toString();
  }

  /** {@code PARLEY_PUSH_NOTIFICATION_SERVICE_JVM_OPTS} and so on (tools/devstack's ServiceSpec). */
  private static String variable(String service, String suffix) {
    return "PARLEY_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + suffix;
  }

  /** Distinct ports: the OS could hand out one port twice when each socket is closed at once. */
  private static List<Integer> freePorts(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(Ports.free());
    }
    return List.copyOf(ports);
  }

  /** The directory with the {@code ./parley} script, from wherever the tests run. */
  private static Path repositoryRoot() {
    Optional<Path> root =
        Stream.iterate(Path.of("").toAbsolutePath(), p -> p != null, Path::getParent)
            .filter(
                p -> Files.isExecutable(p.resolve("parley")) && Files.exists(p.resolve("pom.xml")))
            .findFirst();
    return root.orElseThrow(
        () ->
            new UncheckedIOException(
                new IOException("no ./parley in " + Path.of("").toAbsolutePath() + " or above")));
  }
}
