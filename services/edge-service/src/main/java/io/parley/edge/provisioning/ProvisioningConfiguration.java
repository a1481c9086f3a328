package io.parley.edge.provisioning;

import io.parley.edge.EdgeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class ProvisioningConfiguration implements WebSocketConfigurer {

  private final ProvisioningSocket socket;
  private final DefaultHandshakeHandler handshake;
  private final EdgeProperties properties;

  ProvisioningConfiguration(
      ProvisioningSocket socket,
      DefaultHandshakeHandler edgeHandshakeHandler,
      EdgeProperties properties) {
    this.socket = socket;
    this.handshake = edgeHandshakeHandler;
    this.properties = properties;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(socket, "/ws/provisioning")
        .setHandshakeHandler(handshake)
        .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
  }

  @Bean
  RedisMessageListenerContainer provisioningMessages(
      RedisConnectionFactory redis, ProvisioningRelay relay) {
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setAutoStartup(false); // started by session.BackgroundSubscriptions
    container.setConnectionFactory(redis);
    container.setRecoveryInterval(1_000);
    container.addMessageListener(relay, new ChannelTopic(relay.channel()));
    return container;
  }
}
