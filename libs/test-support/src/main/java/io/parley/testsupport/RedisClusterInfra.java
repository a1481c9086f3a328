package io.parley.testsupport;

import java.util.List;

/** A three-master Redis Cluster, for code whose keys and scripts must respect hash slots. */
public final class RedisClusterInfra extends TestServer {

  /** One node's address. */
  public record Node(String host, int port) {
    public String uri() {
      return "redis://" + host + ":" + port;
    }
  }

  private final List<Node> nodes;

  RedisClusterInfra(List<Node> nodes, InfraMode mode, ServerControl control) {
    super("Redis Cluster at " + nodes, mode, control);
    this.nodes = List.copyOf(nodes);
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** {@code host:port,host:port,...}, the form of {@code spring.data.redis.cluster.nodes}. */
  public String seeds() {
    return String.join(",", nodes.stream().map(n -> n.host() + ":" + n.port()).toList());
  }
}
