package io.parley.testsupport;

import io.parley.devstack.KafkaBroker;
import io.parley.devstack.Ports;
import io.parley.devstack.RedisBinary;
import io.parley.devstack.RedisCluster;
import io.parley.devstack.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Kafka and Redis servers of this test JVM, started on first use and shared by every test
 * in it. Each is chosen in this order:
 *
 * <ol>
 *   <li>{@code PARLEY_TEST_KAFKA} (bootstrap servers) / {@code PARLEY_TEST_REDIS} ({@code
 *       redis://host:port}) / {@code PARLEY_TEST_REDIS_CLUSTER} ({@code host:port,...}) set: those
 *       servers, without restart control;
 *   <li>a Docker engine answers (and {@code PARLEY_TEST_INFRA} is not {@code local}):
 *       Testcontainers with pinned images;
 *   <li>else local processes through tools/devstack, the launcher {@code ./parley up} uses: Kafka
 *       in a child JVM from the Kafka jars, {@code redis-server} 7+ from PATH, and where there is
 *       none the Redis 6.2 binary shipped in embedded-redis.
 * </ol>
 *
 * The Redis Cluster needs {@code redis-server} 7+ and {@code redis-cli} on PATH (or the environment
 * variable); without them tests that ask for it are skipped, saying why.
 */
public final class ParleyInfra {

  private static final Logger log = LoggerFactory.getLogger(ParleyInfra.class);

  static final String KAFKA_ENV = "PARLEY_TEST_KAFKA";
  static final String REDIS_ENV = "PARLEY_TEST_REDIS";
  static final String REDIS_CLUSTER_ENV = "PARLEY_TEST_REDIS_CLUSTER";
  static final String INFRA_ENV = "PARLEY_TEST_INFRA";
  static final RedisBinary.Version MIN_LOCAL_REDIS = new RedisBinary.Version(7, 0, 0);

  private static KafkaInfra kafka;
  private static RedisInfra redis;
  private static RedisClusterInfra redisCluster;
  private static String redisClusterUnavailable;
  private static Boolean docker;
  private static Path workDir;
  private static final List<Runnable> shutdown = new ArrayList<>();

  private ParleyInfra() {}

  /** The shared Kafka broker, started on first call. */
  public static synchronized KafkaInfra kafka() {
    if (kafka == null) {
      kafka = startKafka();
      log.info("Parley test Kafka: {}", kafka);
    }
    return kafka;
  }

  /** The shared Redis server, started on first call. */
  public static synchronized RedisInfra redis() {
    if (redis == null) {
      redis = startRedis();
      log.info("Parley test Redis: {}", redis);
    }
    return redis;
  }

  /** The shared Redis Cluster, or empty (with {@link #redisClusterUnavailableReason()}). */
  public static synchronized Optional<RedisClusterInfra> redisCluster() {
    if (redisCluster == null && redisClusterUnavailable == null) {
      try {
        redisCluster = startRedisCluster();
        log.info("Parley test Redis Cluster: {}", redisCluster);
      } catch (IllegalStateException e) {
        redisClusterUnavailable = e.getMessage();
        log.warn("Parley test Redis Cluster unavailable: {}", redisClusterUnavailable);
      }
    }
    return Optional.ofNullable(redisCluster);
  }

  public static synchronized String redisClusterUnavailableReason() {
    return redisClusterUnavailable;
  }

  /** Restarts whatever a test left stopped or killed. */
  static synchronized void ensureAllRunning() {
    for (TestServer server : Arrays.asList(kafka, redis, redisCluster)) {
      if (server != null) {
        server.ensureRunning();
      }
    }
  }

  private static KafkaInfra startKafka() {
    String external = System.getenv(KAFKA_ENV);
    if (external != null && !external.isBlank()) {
      return externalKafka(external);
    }
    if (dockerAvailable()) {
      return Containers.kafka(shutdown);
    }
    KafkaBroker broker =
        new KafkaBroker(
            new KafkaBroker.Settings(
                "test-kafka",
                workDir().resolve("kafka"),
                Ports.free(),
                Ports.free(),
                List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Map.of(),
                false));
    start(broker);
    shutdown.add(broker::kill);
    return new KafkaInfra(
        broker.bootstrapServers(), InfraMode.LOCAL_PROCESS, ServerControl.of(broker));
  }

  private static RedisInfra startRedis() {
    String external = System.getenv(REDIS_ENV);
    if (external != null && !external.isBlank()) {
      java.net.URI uri = java.net.URI.create(external.trim());
      int port = uri.getPort() > 0 ? uri.getPort() : 6379;
      return new RedisInfra(
          uri.getHost(), port, externalVersion(uri.getHost(), port), InfraMode.EXTERNAL, null);
    }
    if (dockerAvailable()) {
      return Containers.redis(shutdown);
    }
    RedisBinary binary = RedisBinary.resolve(workDir().resolve("bin"), MIN_LOCAL_REDIS);
    InfraMode mode =
        binary.source() == RedisBinary.Source.PATH
            ? InfraMode.LOCAL_PROCESS
            : InfraMode.EMBEDDED_BINARY;
    if (mode == InfraMode.EMBEDDED_BINARY) {
      log.warn(
          "No redis-server {}+ on PATH: using the embedded Redis {}; tests needing a newer Redis"
              + " are skipped. Install Redis 7 (apt-get install redis-server) to run them.",
          MIN_LOCAL_REDIS,
          binary.version());
    }
    RedisServer server =
        new RedisServer(
            new RedisServer.Settings(
                "test-redis", workDir().resolve("redis"), Ports.free(), binary, false, false));
    start(server);
    shutdown.add(server::kill);
    return new RedisInfra(
        server.host(), server.port(), binary.version(), mode, ServerControl.of(server));
  }

  private static RedisClusterInfra startRedisCluster() {
    String external = System.getenv(REDIS_CLUSTER_ENV);
    if (external != null && !external.isBlank()) {
      List<RedisClusterInfra.Node> nodes =
          Stream.of(external.split(","))
              .map(String::trim)
              .map(
                  s ->
                      new RedisClusterInfra.Node(
                          s.substring(0, s.lastIndexOf(':')),
                          Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))))
              .toList();
      return new RedisClusterInfra(nodes, InfraMode.EXTERNAL, null);
    }
    RedisBinary binary =
        RedisBinary.onPath()
            .filter(b -> b.version().compareTo(MIN_LOCAL_REDIS) >= 0)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "a Redis Cluster needs redis-server "
                            + MIN_LOCAL_REDIS
                            + "+ on PATH (apt-get install redis-server) or "
                            + REDIS_CLUSTER_ENV));
    Path cli =
        RedisBinary.cliOnPath()
            .orElseThrow(
                () -> new IllegalStateException("a Redis Cluster needs redis-cli on PATH"));
    RedisCluster cluster =
        new RedisCluster(
            "test-redis-cluster",
            workDir().resolve("redis-cluster"),
            List.of(Ports.free(), Ports.free(), Ports.free()),
            binary,
            cli);
    start(cluster);
    shutdown.add(cluster::kill);
    List<RedisClusterInfra.Node> nodes =
        cluster.nodes().stream().map(n -> new RedisClusterInfra.Node(n.host(), n.port())).toList();
    return new RedisClusterInfra(nodes, InfraMode.LOCAL_PROCESS, ServerControl.of(cluster));
  }

  /** A broker given by the environment: used as it is, never stopped or restarted. */
  static KafkaInfra externalKafka(String bootstrapServers) {
    return new KafkaInfra(bootstrapServers.trim(), InfraMode.EXTERNAL, null);
  }

  /** A Redis given as {@code redis://host:port}: used as it is, never stopped or restarted. */
  static RedisInfra externalRedis(String uriText) {
    java.net.URI uri = java.net.URI.create(uriText.trim());
    if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          REDIS_ENV + " must look like redis://host:port, not " + uriText);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 6379;
    return new RedisInfra(
        uri.getHost(), port, externalVersion(uri.getHost(), port), InfraMode.EXTERNAL, null);
  }

  private static void start(io.parley.devstack.ManagedServer server) {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + server.name(), e);
    }
  }

  private static RedisBinary.Version externalVersion(String host, int port) {
    try {
      String info = io.parley.devstack.Resp.call(host, port, "INFO", "server");
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("redis_version:(\\d+)\\.(\\d+)\\.(\\d+)").matcher(info);
      if (m.find()) {
        return new RedisBinary.Version(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
      }
      throw new IllegalStateException(
          "INFO server of " + host + ":" + port + " has no redis_version");
    } catch (IOException e) {
      throw new UncheckedIOException("external Redis " + host + ":" + port + " does not answer", e);
    }
  }

  static synchronized boolean dockerAvailable() {
    if (docker == null) {
      if ("local".equalsIgnoreCase(System.getenv(INFRA_ENV))) {
        docker = false;
      } else {
        docker = Containers.dockerAvailable();
      }
      log.info("Docker engine for Testcontainers: {}", docker ? "available" : "not available");
    }
    return docker;
  }

  /** A directory for this JVM's servers, removed when the JVM exits. */
  static synchronized Path workDir() {
    if (workDir == null) {
      try {
        workDir = Files.createTempDirectory("parley-test-infra-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    synchronized (ParleyInfra.class) {
                      shutdown.forEach(ParleyInfra::quietly);
                    }
                    deleteRecursively(workDir);
                  },
                  "parley-test-infra-shutdown"));
    }
    return workDir;
  }

  private static void quietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.debug("shutdown step failed", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("cannot delete {}", dir, e);
    }
  }
}
