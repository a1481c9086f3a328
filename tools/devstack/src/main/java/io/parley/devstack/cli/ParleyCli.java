package io.parley.devstack.cli;

import io.parley.devstack.ChildProcess;
import io.parley.devstack.KafkaBroker;
import io.parley.devstack.ManagedServer;
import io.parley.devstack.Ports;
import io.parley.devstack.RedisBinary;
import io.parley.devstack.RedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./parley up|down|status}: the whole platform on one machine, no Docker. Kafka (KRaft, a
 * child JVM from the Kafka jars), Redis and the six services run as separate processes in sessions
 * of their own, so they outlive this command; their pids are kept under {@code .parley/run}, their
 * data under {@code .parley/kafka} and {@code .parley/redis}, their logs under {@code
 * .parley/logs}.
 */
public final class ParleyCli {

  private static final String KAFKA = "kafka";
  private static final String REDIS = "redis";

  private final Settings settings;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ParleyCli(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) {
    Path home = Path.of(System.getProperty("parley.home", ".")).toAbsolutePath().normalize();
    PrintStream out = System.out;
    int code;
    try {
      ParleyCli cli = new ParleyCli(Settings.from(home, System.getenv()), out);
      code = cli.run(args.length == 0 ? "help" : args[0]);
    } catch (IllegalArgumentException e) {
      System.err.println("parley: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  int run(String command) {
    return switch (command) {
      case "up" -> up();
      case "down" -> down();
      case "status" -> status();
      default -> {
        out.println("usage: ./parley up | down | status | logs SERVICE [-f]");
        yield "help".equals(command) ? 0 : 2;
      }
    };
  }

  // ---------------------------------------------------------------------------------------- up

  int up() {
    long started = System.nanoTime();
    try {
      Files.createDirectories(settings.logs());
      startInfrastructure(KAFKA, settings.kafkaPort(), this::kafka);
      startInfrastructure(REDIS, settings.redisPort(), this::redis);
      Map<ServiceSpec, ProcessHandle> launched = new LinkedHashMap<>();
      for (ServiceSpec service : ServiceSpec.ALL) {
        Optional<ProcessHandle> running = settings.pidFile(service.name()).live();
        if (running.isPresent()) {
          out.printf("%-26s already running (pid %d)%n", service.name(), running.get().pid());
          launched.put(service, running.get());
        } else {
          launched.put(service, launch(service));
        }
      }
      String failure = awaitHealthy(launched);
      if (failure != null) {
        out.println();
        out.println(failure);
        out.println("The rest keeps running; `./parley down` stops everything.");
        return 1;
      }
    } catch (IOException | RuntimeException e) {
      out.println();
      out.println("parley up failed: " + e.getMessage());
      out.println("`./parley down` stops whatever did start.");
      return 1;
    }
    out.println();
    printTable();
    out.printf(
        "%nAll healthy in %.1f s. Public entry point: http://localhost:%d%n",
        (System.nanoTime() - started) / 1e9, edgePort());
    return 0;
  }

  private interface ServerFactory {
    ManagedServer create() throws IOException;
  }

  private void startInfrastructure(String name, int port, ServerFactory factory)
      throws IOException {
    PidFile pidFile = settings.pidFile(name);
    Optional<ProcessHandle> running = pidFile.live();
    if (running.isPresent()) {
      out.printf("%-26s already running (pid %d)%n", name, running.get().pid());
      return;
    }
    if (Ports.isListening("127.0.0.1", port)) {
      throw new IOException(
          "port "
              + port
              + " for "
              + name
              + " is taken by another program; choose another with "
              + (name.equals(KAFKA) ? "PARLEY_KAFKA_PORT" : "PARLEY_REDIS_PORT"));
    }
    out.printf("%-26s starting on port %d ...%n", name, port);
    ManagedServer server = factory.create();
    server.start();
    pidFile.write(server.process().orElseThrow());
  }

  private ManagedServer kafka() {
    return new KafkaBroker(
        new KafkaBroker.Settings(
            KAFKA,
            settings.kafkaDir(),
            settings.kafkaPort(),
            settings.kafkaControllerPort(),
            settings.kafkaJvmOptions(),
            Map.of(),
            true));
  }

  private ManagedServer redis() {
    RedisBinary binary =
        RedisBinary.resolve(settings.state().resolve("bin"), new RedisBinary.Version(7, 0, 0));
    if (binary.source() == RedisBinary.Source.EMBEDDED) {
      out.printf(
          "%-26s no redis-server 7+ on PATH: using the embedded Redis %s%n", "", binary.version());
    }
    return new RedisServer(
        new RedisServer.Settings(
            REDIS, settings.redisDir(), settings.redisPort(), binary, false, true));
  }

  private ProcessHandle launch(ServiceSpec service) throws IOException {
    Path jar = service.jar(settings.home());
    if (!Files.exists(jar)) {
      throw new IOException(jar + " is missing: build with ./mvnw -DskipTests package");
    }
    int port = service.port(settings.env());
    if (Ports.isListening("127.0.0.1", port)) {
      throw new IOException(
          "port "
              + port
              + " for "
              + service.name()
              + " is taken; choose another with "
              + service.portVariable());
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(service.jvmOptions(settings.serviceJvmOptions(), settings.env()));
    command.add("-Dparley.devstack.component=" + service.name());
    command.add("-jar");
    command.add(jar.toString());
    command.add("--spring.profiles.active=" + service.activeProfiles(settings.env()));
    command.add("--server.port=" + port);
    command.add(
        "--spring.kafka.bootstrap-servers=" + KafkaBroker.HOST + ":" + settings.kafkaPort());
    command.add("--spring.data.redis.host=" + RedisServer.HOST);
    command.add("--spring.data.redis.port=" + settings.redisPort());
    // auth-service's dev signing key lives with the rest of the state (other services ignore it).
    command.add("--parley.auth.signing.dev-key-dir=" + settings.state().resolve("auth"));
    // Services verify tokens with auth-service's keys, wherever it listens.
    command.add(
        "--parley.security.jwks-uri=http://localhost:"
            + ServiceSpec.named("auth-service").port(settings.env())
            + "/.well-known/jwks.json");
    // The edge routes the public base URL's REST paths to the services that own them.
    for (String[] upstream :
        new String[][] {
          {"auth", "auth-service"},
          {"keys", "key-distribution-service"},
          {"presence", "presence-service"},
          {"push", "push-notification-service"}
        }) {
      command.add(
          "--parley.upstreams."
              + upstream[0]
              + "=http://localhost:"
              + ServiceSpec.named(upstream[1]).port(settings.env()));
    }
    Path log = logOf(service);
    Files.writeString(log, "");
    ChildProcess child = new ChildProcess(service.name(), command, settings.home(), log, true);
    ProcessHandle process = child.start();
    settings.pidFile(service.name()).write(process);
    out.printf("%-26s starting on port %d (pid %d)%n", service.name(), port, process.pid());
    return process;
  }

  /** Null when all are healthy; else a message naming the service and the tail of its log. */
  private String awaitHealthy(Map<ServiceSpec, ProcessHandle> launched) {
    long deadline =
        System.nanoTime() + Duration.ofSeconds(settings.startTimeoutSeconds()).toNanos();
    List<ServiceSpec> waiting = new ArrayList<>(launched.keySet());
    while (!waiting.isEmpty()) {
      for (ServiceSpec service : List.copyOf(waiting)) {
        if (healthy(service.port(settings.env()))) {
          waiting.remove(service);
        } else if (!launched.get(service).isAlive()) {
          return service.name()
              + " exited during start-up. Last lines of "
              + logOf(service)
              + ":\n"
              + ChildProcess.tail(logOf(service), 40);
        }
      }
      if (System.nanoTime() > deadline && !waiting.isEmpty()) {
        ServiceSpec late = waiting.get(0);
        return late.name()
            + " was not healthy after "
            + settings.startTimeoutSeconds()
            + " s (PARLEY_START_TIMEOUT). Last lines of "
            + logOf(late)
            + ":\n"
            + ChildProcess.tail(logOf(late), 40);
      }
      sleep(250);
    }
    return null;
  }

  private boolean healthy(int port) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // -------------------------------------------------------------------------------------- down

  int down() {
    List<String> order = new ArrayList<>();
    ServiceSpec.ALL.forEach(s -> order.add(0, s.name()));
    // Services first, all at once; then Kafka (controlled shutdown), then Redis.
    List<Map.Entry<String, ProcessHandle>> services = new ArrayList<>();
    for (String name : order) {
      settings
          .pidFile(name)
          .live()
          .ifPresent(
              p -> {
                p.destroy();
                services.add(Map.entry(name, p));
              });
    }
    for (Map.Entry<String, ProcessHandle> entry : services) {
      ChildProcess.stop(entry.getValue(), Duration.ofSeconds(30));
      out.printf("%-26s stopped (pid %d)%n", entry.getKey(), entry.getValue().pid());
    }
    for (String name : List.of(KAFKA, REDIS)) {
      settings
          .pidFile(name)
          .live()
          .ifPresent(
              p -> {
                ChildProcess.stop(p, Duration.ofSeconds(30));
                out.printf("%-26s stopped (pid %d)%n", name, p.pid());
              });
    }
    try {
      for (String name : order) {
        settings.pidFile(name).delete();
      }
      settings.pidFile(KAFKA).delete();
      settings.pidFile(REDIS).delete();
    } catch (IOException e) {
      out.println("could not remove pid files: " + e.getMessage());
      return 1;
    }
    if (services.isEmpty()) {
      out.println("Nothing of Parley's services was running.");
    }
    return 0;
  }

  // ------------------------------------------------------------------------------------ status

  int status() {
    printTable();
    boolean allUp =
        settings.pidFile(KAFKA).live().isPresent()
            && settings.pidFile(REDIS).live().isPresent()
            && ServiceSpec.ALL.stream().allMatch(s -> healthy(s.port(settings.env())));
    return allUp ? 0 : 1;
  }

  private void printTable() {
    out.printf("%-26s %-6s %-8s %-9s %s%n", "COMPONENT", "PORT", "PID", "STATE", "LOG");
    row(
        KAFKA,
        settings.kafkaPort(),
        settings.kafkaDir().resolve("kafka.log"),
        Ports.isListening("127.0.0.1", settings.kafkaPort()));
    row(
        REDIS,
        settings.redisPort(),
        settings.redisDir().resolve("redis.log"),
        RedisServer.answersPing(RedisServer.HOST, settings.redisPort()));
    for (ServiceSpec service : ServiceSpec.ALL) {
      int port = service.port(settings.env());
      row(service.name(), port, logOf(service), healthy(port));
    }
  }

  private void row(String name, int port, Path log, boolean serving) {
    Optional<ProcessHandle> process = settings.pidFile(name).live();
    String state = process.isEmpty() ? "stopped" : serving ? "healthy" : "starting";
    out.printf(
        "%-26s %-6d %-8s %-9s %s%n",
        name,
        port,
        process.map(p -> String.valueOf(p.pid())).orElse("-"),
        state,
        log.startsWith(settings.home()) ? settings.home().relativize(log) : log);
  }

  private Path logOf(ServiceSpec service) {
    return settings.logs().resolve(service.name() + ".log");
  }

  private int edgePort() {
    return ServiceSpec.named("edge-service").port(settings.env());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
