package io.parley.edge.presence;

import io.parley.edge.session.NodeLease;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This node's presence channel, {@code presence:deliver:<node-id>}: presence-service publishes a
 * change here only if a session of this node watches the account (docs/adr/0013-presence.md).
 */
@Configuration(proxyBeanMethods = false)
class PresenceDeliveryConfiguration {

  static String channel(String nodeId) {
    return "presence:deliver:" + nodeId;
  }

  @Bean
  RedisMessageListenerContainer presenceDeliveries(
      RedisConnectionFactory redis, PresenceWatches watches, NodeLease lease) {
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setConnectionFactory(redis);
    container.addMessageListener(watches, new ChannelTopic(channel(lease.nodeId())));
    return container;
  }
}
