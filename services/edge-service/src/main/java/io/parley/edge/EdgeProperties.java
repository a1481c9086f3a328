package io.parley.edge;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the edge ({@code parley.edge.*}); defaults work locally. Every limit a client must
 * respect is also published at {@code GET /v1/config}.
 *
 * @param connectTimeout a socket that has not sent a valid CONNECT by then is closed
 * @param heartbeat the STOMP heart-beat the server offers and expects (both directions)
 * @param transportFrameLimit the largest STOMP frame the edge reads; a larger one ends the session
 *     (its end cannot be found without reading it)
 * @param maxFrameBytes the largest SEND body accepted; a larger one (up to the transport limit) is
 *     refused with a notice and the session goes on
 * @param maxCiphertextBytes the largest single ciphertext (decoded)
 * @param maxRecipients accounts in one message (client-side group fan-out)
 * @param maxDevicesPerRecipient ciphertexts per recipient account
 * @param messageRate per device: a burst of {@code capacity} messages, refilled at {@code
 *     perSecond}
 * @param sendBufferBytes per session: outbound bytes buffered for a slow client before it is closed
 * @param sendTimeLimit per session: how long one outbound write may take before the client is
 *     closed as too slow
 * @param inboundThreads threads that handle client frames (token checks, Redis, Kafka hand-off)
 * @param outboundThreads threads that write frames to clients
 * @param subscriptionCacheLimit the simple broker's destination cache, above the sessions per node
 * @param leaseTtl how long this node's liveness lease outlives its last refresh
 * @param leaseRefresh how often the lease is refreshed
 * @param shutdownDrain on shutdown, how long clients get to leave before their sockets are closed
 * @param allowedOrigins browser origins allowed to open {@code /ws} ({@code *}: any)
 * @param provisioning the relay used to link a new device
 * @param routes the REST routes behind the edge's one base URL, to the owning services
 */
@Validated
@ConfigurationProperties("parley.edge")
public record EdgeProperties(
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("10s") Duration heartbeat,
    @DefaultValue("1MB") DataSize transportFrameLimit,
    @DefaultValue("256KB") DataSize maxFrameBytes,
    @DefaultValue("64KB") DataSize maxCiphertextBytes,
    @DefaultValue("100") int maxRecipients,
    @DefaultValue("16") int maxDevicesPerRecipient,
    @DefaultValue MessageRate messageRate,
    @DefaultValue("512KB") DataSize sendBufferBytes,
    @DefaultValue("10s") Duration sendTimeLimit,
    @DefaultValue("8") int inboundThreads,
    @DefaultValue("4") int outboundThreads,
    @DefaultValue("200000") int subscriptionCacheLimit,
    @DefaultValue("15s") Duration leaseTtl,
    @DefaultValue("5s") Duration leaseRefresh,
    @DefaultValue("10s") Duration shutdownDrain,
    @DefaultValue("*") List<String> allowedOrigins,
    @DefaultValue Provisioning provisioning,
    @DefaultValue List<Route> routes) {

  public EdgeProperties {
    positive(connectTimeout, "connect-timeout");
    positive(heartbeat, "heartbeat");
    positive(sendTimeLimit, "send-time-limit");
    positive(leaseRefresh, "lease-refresh");
    if (leaseTtl.compareTo(leaseRefresh.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "parley.edge.lease-ttl must be at least twice parley.edge.lease-refresh, so that one"
              + " late refresh does not declare a live node dead");
    }
    if (maxFrameBytes.toBytes() > transportFrameLimit.toBytes()) {
      throw new IllegalArgumentException(
          "parley.edge.max-frame-bytes must not exceed parley.edge.transport-frame-limit");
    }
    if (maxCiphertextBytes.toBytes() > maxFrameBytes.toBytes()) {
      throw new IllegalArgumentException(
          "parley.edge.max-ciphertext-bytes must not exceed parley.edge.max-frame-bytes");
    }
    if (maxRecipients < 1 || maxDevicesPerRecipient < 1) {
      throw new IllegalArgumentException(
          "parley.edge.max-recipients and max-devices-per-recipient must be at least 1");
    }
    if (inboundThreads < 1 || outboundThreads < 1) {
      throw new IllegalArgumentException("parley.edge inbound/outbound threads must be at least 1");
    }
    routes = List.copyOf(routes);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  private static void positive(Duration value, String name) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("parley.edge." + name + " must be positive");
    }
  }

  /** Per-device message rate: a token bucket held by the node that holds the device's session. */
  public record MessageRate(@DefaultValue("100") int capacity, @DefaultValue("50") int perSecond) {
    public MessageRate {
      if (capacity < 1 || perSecond < 1) {
        throw new IllegalArgumentException("parley.edge.message-rate values must be at least 1");
      }
    }
  }

  /**
   * The provisioning relay.
   *
   * @param addressTtl how long a provisioning address waits for its one message
   * @param maxMessageBytes the largest provisioning message
   * @param opensPerMinute channels one client address may open per minute
   */
  public record Provisioning(
      @DefaultValue("10m") Duration addressTtl,
      @DefaultValue("64KB") DataSize maxMessageBytes,
      @DefaultValue("10") int opensPerMinute) {}

  /**
   * One REST route of the public base URL.
   *
   * @param path a path prefix ending in {@code /**} (everything under it) or an exact path
   * @param uri the owning service's base URI
   */
  public record Route(String path, URI uri) {
    public Route {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("parley.edge.routes[].path must start with '/'");
      }
      if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "parley.edge.routes[].uri must be an absolute http(s) URI, not " + uri);
      }
    }

    /** Whether the route covers everything under its prefix. */
    public boolean isPrefix() {
      return path.endsWith("/**");
    }

    /** The path without a trailing {@code /**}. */
    public String base() {
      return isPrefix() ? path.substring(0, path.length() - 3) : path;
    }
  }
}
