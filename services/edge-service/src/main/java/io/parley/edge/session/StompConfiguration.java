package io.parley.edge.session;

import io.parley.edge.EdgeProperties;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * STOMP 1.2 over WebSocket at {@code /ws}, sized on purpose (docs/adr/0009): Spring's simple broker
 * answers CONNECT and keeps heart-beats for all sessions with one timer; everything else a client
 * sends is handled by {@link StompGate}. Receive order is preserved per session, so a device's
 * messages reach Kafka in the order it sent them.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompConfiguration implements WebSocketMessageBrokerConfigurer {

  private final EdgeProperties properties;
  private final ObjectProvider<StompGate> gate;
  private final StompErrors errors;
  private final SocketRegistry sockets;
  private final DefaultHandshakeHandler handshake;
  private final ThreadPoolTaskScheduler heartbeats;

  /** The gate comes through a provider: it needs the outbound channel that this configures. */
  StompConfiguration(
      EdgeProperties properties,
      ObjectProvider<StompGate> gate,
      StompErrors errors,
      SocketRegistry sockets,
      DefaultHandshakeHandler edgeHandshakeHandler,
      ThreadPoolTaskScheduler edgeHeartbeatScheduler) {
    this.properties = properties;
    this.gate = gate;
    this.errors = errors;
    this.sockets = sockets;
    this.handshake = edgeHandshakeHandler;
    this.heartbeats = edgeHeartbeatScheduler;
  }

  /**
   * Jetty's WebSocket limits follow ours: a text or binary message up to twice the transport limit,
   * and an idle timeout of three heart-beats, so a silent client is dropped even if the broker's
   * heart-beat check missed it. A bean so that Spring hands it the servlet context it configures.
   */
  @Bean
  static DefaultHandshakeHandler edgeHandshakeHandler(EdgeProperties properties) {
    JettyRequestUpgradeStrategy jetty = new JettyRequestUpgradeStrategy();
    // Twice the STOMP limit, so that a frame a little over it reaches the STOMP decoder and is
    // answered with an ERROR frame; a WebSocket message beyond this is closed by Jetty (1009).
    long limit = 2 * properties.transportFrameLimit().toBytes();
    Duration idle = properties.heartbeat().multipliedBy(3).plus(properties.connectTimeout());
    jetty.addWebSocketConfigurer(
        container -> {
          container.setMaxTextMessageSize(limit);
          container.setMaxBinaryMessageSize(limit);
          container.setIdleTimeout(idle);
        });
    return new DefaultHandshakeHandler(jetty);
  }

  @Bean
  static ThreadPoolTaskScheduler edgeHeartbeatScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("stomp-heartbeat-");
    return scheduler;
  }

  @Override
  public void registerStompEndpoints(StompEndpointRegistry registry) {
    registry
        .addEndpoint("/ws")
        .setHandshakeHandler(handshake)
        .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
    registry.setPreserveReceiveOrder(true);
    registry.setErrorHandler(errors);
  }

  @Override
  public void configureMessageBroker(MessageBrokerRegistry registry) {
    long heartbeat = properties.heartbeat().toMillis();
    registry.setApplicationDestinationPrefixes("/app");
    registry.setUserDestinationPrefix("/user");
    registry.setPreservePublishOrder(true);
    registry.setCacheLimit(properties.subscriptionCacheLimit());
    registry
        .enableSimpleBroker("/queue")
        .setHeartbeatValue(new long[] {heartbeat, heartbeat})
        .setTaskScheduler(heartbeats);
  }

  @Override
  public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
    registration
        .setMessageSizeLimit((int) properties.transportFrameLimit().toBytes())
        .setSendBufferSizeLimit((int) properties.sendBufferBytes().toBytes())
        .setSendTimeLimit((int) properties.sendTimeLimit().toMillis())
        .setTimeToFirstMessage((int) properties.connectTimeout().toMillis())
        .addDecoratorFactory(sockets);
  }

  @Override
  public void configureClientInboundChannel(ChannelRegistration registration) {
    registration.interceptors(gate.getObject());
    registration
        .taskExecutor()
        .corePoolSize(properties.inboundThreads())
        .maxPoolSize(properties.inboundThreads())
        .queueCapacity(Integer.MAX_VALUE);
  }

  @Override
  public void configureClientOutboundChannel(ChannelRegistration registration) {
    registration
        .taskExecutor()
        .corePoolSize(properties.outboundThreads())
        .maxPoolSize(properties.outboundThreads())
        .queueCapacity(Integer.MAX_VALUE);
  }
}
