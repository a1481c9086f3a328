package io.parley.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real {@code redis-server} process with its data (AOF, fsync on every write) under one
 * directory, so that a stop or a kill followed by a start keeps what was acknowledged.
 */
public final class RedisServer implements ManagedServer {

  /**
   * @param clusterNode start with {@code cluster-enabled yes} (a node of a {@link RedisCluster})
   * @param detached outlive the launcher (see {@link ChildProcess})
   */
  public record Settings(
      String name,
      Path dataDir,
      int port,
      RedisBinary binary,
      boolean clusterNode,
      boolean detached) {}

  public static final String HOST = "127.0.0.1";

  private final Settings settings;
  private final ChildProcess child;
  private volatile ProcessHandle process;

  public RedisServer(Settings settings) {
    this.settings = settings;
    Path config = settings.dataDir().resolve("redis.conf");
    this.child =
        new ChildProcess(
            settings.name(),
            List.of(settings.binary().executable().toString(), config.toString()),
            settings.dataDir(),
            settings.dataDir().resolve("redis.log"),
            settings.detached());
  }

  @Override
  public String name() {
    return settings.name();
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return settings.port();
  }

  /** {@code redis://127.0.0.1:PORT} */
  public String uri() {
    return "redis://" + HOST + ":" + settings.port();
  }

  public RedisBinary.Version version() {
    return settings.binary().version();
  }

  public RedisBinary binary() {
    return settings.binary();
  }

  @Override
  public Path logFile() {
    return child.logFile();
  }

  @Override
  public synchronized void start() throws IOException {
    if (isRunning()) {
      return;
    }
    if (Ports.isListening(HOST, settings.port())) {
      throw new IOException("port " + settings.port() + " is taken: cannot start " + name());
    }
    Files.createDirectories(settings.dataDir());
    Files.writeString(settings.dataDir().resolve("redis.conf"), config(), StandardCharsets.UTF_8);
    ProcessHandle started = child.start();
    process = started;
    Readiness.await(name(), started, logFile(), Duration.ofSeconds(30), this::answersPing);
  }

  private String config() {
    StringBuilder conf = new StringBuilder();
    conf.append("# written by Parley's devstack on every start; edit RedisServer instead\n");
    conf.append("bind ").append(HOST).append('\n');
    conf.append("port ").append(settings.port()).append('\n');
    conf.append("dir ").append(settings.dataDir().toAbsolutePath()).append('\n');
    conf.append("daemonize no\n");
    conf.append("logfile \"\"\n");
    // The mailbox is the durable copy of undelivered messages: fsync before every reply.
    conf.append("appendonly yes\n");
    conf.append("appendfsync always\n");
    conf.append("save \"\"\n");
    if (settings.clusterNode()) {
      conf.append("cluster-enabled yes\n");
      conf.append("cluster-config-file nodes.conf\n");
      conf.append("cluster-node-timeout 5000\n");
    }
    return conf.toString();
  }

  private boolean answersPing() {
    return answersPing(HOST, settings.port());
  }

  /** Whether a Redis server at {@code host:port} answers PING. */
  public static boolean answersPing(String host, int port) {
    try {
      return "PONG".equals(Resp.call(host, port, "PING"));
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized void stop() {
    ProcessHandle p = process;
    if (p != null) {
      ChildProcess.stop(p, Duration.ofSeconds(15));
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
