package io.parley.edge.presence;

import io.parley.edge.session.NodeLease;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This node's presence channel, {@code presence:deliver:<node-id>}: presence-service publishes a
 * change here only if a session of this node watches the account (docs/adr/0013-presence.md).
 * Messages are handled on one thread, in the order published: two changes of one account never
 * overtake each other (the container's default starts a thread per message, without order).
 */
@Configuration(proxyBeanMethods = false)
class PresenceDeliveryConfiguration {

  static String channel(String nodeId) {
    return "presence:deliver:" + nodeId;
  }

  @Bean
  RedisMessageListenerContainer presenceDeliveries(
      RedisConnectionFactory redis, PresenceWatches watches, NodeLease lease) {
    RedisMessageListenerContainer container = new OrderedContainer();
    container.setConnectionFactory(redis);
    container.addMessageListener(watches, new ChannelTopic(channel(lease.nodeId())));
    return container;
  }

  /** A listener container with one delivery thread, stopped with it. */
  static final class OrderedContainer extends RedisMessageListenerContainer {
    private final ExecutorService delivery =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "presence-delivery");
              thread.setDaemon(true);
              return thread;
            });

    OrderedContainer() {
      setTaskExecutor(delivery::execute);
    }

    @Override
    public void destroy() throws Exception {
      try {
        super.destroy();
      } finally {
        delivery.shutdownNow();
      }
    }
  }
}
