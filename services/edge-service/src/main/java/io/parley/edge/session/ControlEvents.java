package io.parley.edge.session;

import com.google.protobuf.Message;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceConnected;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.runtime.ParleyProperties;
import io.parley.security.AuthenticatedDevice;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The events about sessions held by this node, read by every edge node (its own consumer group,
 * from the end of the topics, never committing). Those that end a session: a newer session of the
 * device anywhere ({@code DeviceConnected} with a higher epoch), and the device unlinked, its
 * tokens revoked, or its account deleted. A node started after such an event needs nothing from it:
 * CONNECT checks the device's auth record in Redis, which auth-service changed first. And {@code
 * PreKeysLow}, relayed to the device's session as a notice ({@link PreKeysLowNotices}).
 */
@Configuration(proxyBeanMethods = false)
class ControlEvents {

  @Bean
  KafkaMessageListenerContainer<String, Message> edgeControlEventsContainer(
      ConsumerFactory<String, Message> consumerFactory,
      SessionLifecycle lifecycle,
      PreKeysLowNotices preKeysLow,
      ParleyProperties parley) {
    String groupId = "edge-service-control-" + parley.nodeId();
    ContainerProperties container =
        new ContainerProperties(Topics.SESSIONS.name(), Topics.ACCOUNTS.name(), Topics.KEYS.name());
    container.setGroupId(groupId);
    container.setClientId(groupId);
    Properties consumer = new Properties();
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    container.setKafkaConsumerProperties(consumer);
    container.setAckMode(ContainerProperties.AckMode.MANUAL);
    container.setMessageListener(
        (MessageListener<String, Message>) record -> handle(record, lifecycle, preKeysLow));
    KafkaMessageListenerContainer<String, Message> result =
        new KafkaMessageListenerContainer<>(consumerFactory, container);
    // A record that cannot be read or handled is logged and passed: these events only hasten
    // what token expiry and the connection epochs settle anyway, and a missed PreKeysLow is seen
    // by the client's key count check at its next connect.
    result.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(0L, 0L)));
    return result;
  }

  static void handle(
      ConsumerRecord<String, Message> record,
      SessionLifecycle lifecycle,
      PreKeysLowNotices preKeysLow) {
    if (record.value() instanceof KeyEvent event && event.hasPreKeysLow()) {
      preKeysLow.preKeysLow(event.getPreKeysLow());
    } else if (record.value() instanceof SessionEvent event && event.hasDeviceConnected()) {
      DeviceConnected connected = event.getDeviceConnected();
      lifecycle.connectedElsewhere(
          device(connected.getDevice()), connected.getSessionId(), connected.getConnectionEpoch());
    } else if (record.value() instanceof AccountEvent event) {
      switch (event.getEventCase()) {
        case DEVICE_UNLINKED -> {
          var unlinked = event.getDeviceUnlinked();
          var device = device(unlinked.getDevice());
          lifecycle.deviceRemoved(
              device.accountId(),
              device.deviceId(),
              unlinked.getIncarnation(),
              null,
              "device_removed");
        }
        case DEVICE_TOKENS_REVOKED -> {
          var revoked = event.getDeviceTokensRevoked();
          var device = device(revoked.getDevice());
          lifecycle.deviceRemoved(
              device.accountId(),
              device.deviceId(),
              revoked.getIncarnation(),
              Events.instant(revoked.getRevokedBefore()),
              "tokens_revoked");
        }
        case ACCOUNT_DELETED -> {
          var deleted = event.getAccountDeleted();
          UUID account = UUID.fromString(deleted.getAccountId());
          for (int deviceId : deleted.getDeviceIdsList()) {
            lifecycle.deviceRemoved(account, deviceId, null, null, "account_deleted");
          }
        }
        default -> {}
      }
    }
  }

  private static AuthenticatedDevice device(io.parley.contracts.events.v1.DeviceAddress address) {
    return new AuthenticatedDevice(UUID.fromString(address.getAccountId()), address.getDeviceId());
  }
}
