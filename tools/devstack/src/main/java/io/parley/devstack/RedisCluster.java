package io.parley.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Three Redis masters joined into a Redis Cluster with {@code redis-cli --cluster create}, so that
 * code using Lua scripts or multi-key commands meets CROSSSLOT errors where production would. Needs
 * {@code redis-server} (Redis 7 or later) and {@code redis-cli} on PATH.
 */
public final class RedisCluster implements ManagedServer {

  private final String name;
  private final List<RedisServer> nodes;
  private final Path cli;
  private final Path logFile;
  private volatile boolean created;

  public RedisCluster(
      String name, Path dataDir, List<Integer> ports, RedisBinary binary, Path cli) {
    if (ports.size() < 3) {
      throw new IllegalArgumentException("a Redis Cluster needs at least three masters");
    }
    this.name = name;
    this.cli = cli;
    this.logFile = dataDir.resolve("cluster-create.log");
    List<RedisServer> servers = new ArrayList<>();
    for (int port : ports) {
      servers.add(
          new RedisServer(
              new RedisServer.Settings(
                  name + "-" + port, dataDir.resolve("node-" + port), port, binary, true, false)));
    }
    this.nodes = List.copyOf(servers);
  }

  @Override
  public String name() {
    return name;
  }

  public List<RedisServer> nodes() {
    return nodes;
  }

  /** {@code 127.0.0.1:p1,127.0.0.1:p2,...} */
  public String seeds() {
    return String.join(",", nodes.stream().map(n -> n.host() + ":" + n.port()).toList());
  }

  @Override
  public Path logFile() {
    return logFile;
  }

  @Override
  public synchronized void start() throws IOException {
    for (RedisServer node : nodes) {
      node.start();
    }
    if (!created) {
      List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
      nodes.forEach(n -> command.add(n.host() + ":" + n.port()));
      command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      ChildProcess create =
          new ChildProcess(name + "-create", command, logFile.getParent(), logFile, false);
      try {
        int exit = create.runToCompletion(Duration.ofSeconds(60));
        if (exit != 0) {
          throw new IOException(
              "redis-cli --cluster create failed:\n" + ChildProcess.tail(logFile, 20));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while creating the Redis Cluster", e);
      }
      created = true;
    }
    awaitClusterOk();
  }

  private void awaitClusterOk() throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (nodes.stream().allMatch(RedisCluster::reportsOk)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    throw new IOException("Redis Cluster did not reach cluster_state:ok within 30 s");
  }

  private static boolean reportsOk(RedisServer node) {
    try {
      String info = Resp.call(node.host(), node.port(), "CLUSTER", "INFO");
      return info != null && info.contains("cluster_state:ok");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public synchronized void stop() {
    nodes.forEach(RedisServer::stop);
  }

  @Override
  public synchronized void kill() {
    nodes.forEach(RedisServer::kill);
  }

  @Override
  public boolean isRunning() {
    return nodes.stream().allMatch(RedisServer::isRunning);
  }

  @Override
  public Optional<ProcessHandle> process() {
    return nodes.get(0).process();
  }
}
