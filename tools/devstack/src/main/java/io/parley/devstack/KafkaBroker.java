package io.parley.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft mode (combined broker and controller), run as a child
 * JVM from the Kafka jars that Maven resolved for this module. Storage is formatted on first start;
 * data stays under {@link Settings#dataDir()} across stop, kill and start.
 */
public final class KafkaBroker implements ManagedServer {

  /**
   * @param jvmOptions heap and GC options of the broker's JVM
   * @param overrides broker settings on top of the single-node defaults
   * @param detached outlive the launcher (see {@link ChildProcess})
   */
  public record Settings(
      String name,
      Path dataDir,
      int brokerPort,
      int controllerPort,
      List<String> jvmOptions,
      Map<String, String> overrides,
      boolean detached) {

    public Settings {
      jvmOptions = List.copyOf(jvmOptions);
      overrides = Map.copyOf(overrides);
    }
  }

  public static final String HOST = "localhost";
  private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

  private final Settings settings;
  private final Path logFile;
  private volatile ProcessHandle process;

  public KafkaBroker(Settings settings) {
    this.settings = settings;
    this.logFile = settings.dataDir().resolve("kafka.log");
  }

  @Override
  public String name() {
    return settings.name();
  }

  public String bootstrapServers() {
    return HOST + ":" + settings.brokerPort();
  }

  @Override
  public Path logFile() {
    return logFile;
  }

  @Override
  public synchronized void start() throws IOException {
    if (isRunning()) {
      return;
    }
    for (int port : List.of(settings.brokerPort(), settings.controllerPort())) {
      if (Ports.isListening(HOST, port)) {
        throw new IOException("port " + port + " is taken: cannot start " + name());
      }
    }
    Path logDir = settings.dataDir().resolve("data");
    Files.createDirectories(logDir);
    Path config = settings.dataDir().resolve("server.properties");
    writeProperties(config, brokerConfig(logDir));
    Path log4j = settings.dataDir().resolve("log4j2.properties");
    Files.writeString(log4j, log4jConfig(), StandardCharsets.UTF_8);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(config, log4j);
    }
    ProcessHandle started = child("kafka.Kafka", log4j, List.of(config.toString())).start();
    process = started;
    Readiness.await(name(), started, logFile, Duration.ofSeconds(90), this::answersMetadata);
  }

  private void format(Path config, Path log4j) throws IOException {
    List<String> args =
        List.of(
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            config.toString(),
            "--ignore-formatted");
    try {
      int exit =
          child("kafka.tools.StorageTool", log4j, args).runToCompletion(Duration.ofMinutes(2));
      if (exit != 0) {
        throw new IOException(
            "formatting Kafka storage failed:\n" + ChildProcess.tail(logFile, 20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while formatting Kafka storage", e);
    }
  }

  private ChildProcess child(String mainClass, Path log4j, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(settings.jvmOptions());
    command.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
    command.add("-Dkafka.logs.dir=" + settings.dataDir().toAbsolutePath());
    command.add("-Dparley.devstack.component=" + name());
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath()));
    command.add(mainClass);
    command.addAll(args);
    return new ChildProcess(name(), command, settings.dataDir(), logFile, settings.detached());
  }

  private Map<String, String> brokerConfig(Path logDir) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@" + HOST + ":" + settings.controllerPort());
    config.put(
        "listeners",
        "PLAINTEXT://"
            + HOST
            + ":"
            + settings.brokerPort()
            + ",CONTROLLER://"
            + HOST
            + ":"
            + settings.controllerPort());
    config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + settings.brokerPort());
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", logDir.toAbsolutePath().toString());
    // One node: internal topics cannot have more replicas than that. Production uses 3 (docs/adr).
    config.put("offsets.topic.replication.factor", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("num.partitions", "8");
    // Services declare the topics they use (from libs/contracts); a typo must fail, not create one.
    config.put("auto.create.topics.enable", "false");
    config.put("group.initial.rebalance.delay.ms", "0");
    // After a kill -9 the controller keeps the dead broker's registration until its session times
    // out; on one node nothing else can take over, so a short session makes a restart quick.
    config.put("broker.heartbeat.interval.ms", "500");
    config.put("broker.session.timeout.ms", "3000");
    config.putAll(settings.overrides());
    return config;
  }

  private static String log4jConfig() {
    return String.join(
        "\n",
        "status = warn",
        "appender.out.type = Console",
        "appender.out.name = OUT",
        "appender.out.layout.type = PatternLayout",
        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.out.ref = OUT",
        "logger.kafka.name = kafka",
        "logger.kafka.level = INFO",
        "logger.state.name = state.change.logger",
        "logger.state.level = WARN",
        "logger.request.name = kafka.request.logger",
        "logger.request.level = WARN",
        "");
  }

  private static void writeProperties(Path file, Map<String, String> values) throws IOException {
    StringBuilder text = new StringBuilder("# written by Parley's devstack on every start\n");
    values.forEach(
        (k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
    Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
  }

  private boolean answersMetadata() {
    return answersMetadata(HOST, settings.brokerPort());
  }

  /** Whether a Kafka cluster at {@code host:port} answers a metadata request with its nodes. */
  public static boolean answersMetadata(String host, int port) {
    if (!Ports.isListening(host, port)) {
      return false;
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    try (Admin admin = Admin.create(props)) {
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
          .nodes()
          .get(4, TimeUnit.SECONDS)
          .isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** Absolute paths of the broker's jars, written at build time by maven-dependency-plugin. */
  static List<String> classpath() {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE + " is missing: build tools/devstack with ./mvnw first");
      }
      List<String> entries =
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":"));
      List<String> missing = entries.stream().filter(e -> !Files.exists(Path.of(e))).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "Kafka jars are missing from the local Maven repository ("
                + missing.get(0)
                + "): rebuild with ./mvnw -pl tools/devstack package");
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void stop() {
    ProcessHandle p = process;
    if (p != null) {
      ChildProcess.stop(p, Duration.ofSeconds(30));
      process = null;
    }
  }

  @Override
  public synchronized void kill() {
    ProcessHandle p = process;
    if (p != null) {
      ChildProcess.kill(p);
      process = null;
    }
  }

  @Override
  public boolean isRunning() {
    ProcessHandle p = process;
    return p != null && p.isAlive();
  }

  @Override
  public Optional<ProcessHandle> process() {
    return Optional.ofNullable(process);
  }
}
