package io.parley.edge.delivery;

import io.parley.edge.session.NodeLease;
import io.parley.edge.session.SessionRegistry;
import io.parley.mailbox.DeliverySignals;
import io.parley.mailbox.MailboxEntry;
import io.parley.security.AuthenticatedDevice;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This node's delivery signal channel ({@link DeliverySignals}): "mailbox changed" makes the
 * device's session read, an ephemeral envelope is written to it. Every (re)subscription — at start
 * and after Redis came back — makes every session read, since signals sent meanwhile are lost.
 */
@Configuration(proxyBeanMethods = false)
class DeliverySignalListener {

  private static final Logger log = LoggerFactory.getLogger(DeliverySignalListener.class);

  @Bean
  RedisMessageListenerContainer deliverySignals(
      RedisConnectionFactory connections,
      NodeLease lease,
      SessionRegistry sessions,
      MailboxDelivery delivery) {
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setAutoStartup(false); // started by session.BackgroundSubscriptions
    container.setConnectionFactory(connections);
    container.setRecoveryInterval(1_000);
    container.addMessageListener(
        new Listener(sessions, delivery),
        new ChannelTopic(DeliverySignals.channel(lease.nodeId())));
    return container;
  }

  private record Listener(SessionRegistry sessions, MailboxDelivery delivery)
      implements MessageListener, SubscriptionListener {

    @Override
    public void onMessage(Message message, byte[] pattern) {
      String text = new String(message.getBody(), StandardCharsets.UTF_8);
      try {
        if (text.startsWith("C ")) {
          device(text.substring(2)).flatMap(sessions::byDevice).ifPresent(delivery::changed);
        } else if (text.startsWith("E ")) {
          int newline = text.indexOf('\n');
          String[] head = text.substring(2, newline).split(" ", 2);
          MailboxEntry entry = MailboxEntry.decode(text.substring(newline + 1));
          device(head[0])
              .flatMap(sessions::byDevice)
              .ifPresent(session -> delivery.ephemeral(session, head[1], entry));
        } else {
          log.warn(
              "unknown delivery signal ignored: {}",
              text.length() > 40 ? text.substring(0, 40) : text);
        }
      } catch (RuntimeException e) {
        log.warn("malformed delivery signal ignored: {}", e.toString());
      }
    }

    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
      delivery.rereadAll();
    }

    private static java.util.Optional<AuthenticatedDevice> device(String text) {
      int colon = text.lastIndexOf(':');
      return java.util.Optional.of(
          new AuthenticatedDevice(
              UUID.fromString(text.substring(0, colon)),
              Integer.parseInt(text.substring(colon + 1).trim())));
    }
  }
}
