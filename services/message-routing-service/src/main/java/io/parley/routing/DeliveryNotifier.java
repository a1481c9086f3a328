package io.parley.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.PushEvent;
import io.parley.contracts.events.v1.PushRequested;
import io.parley.mailbox.ConnectionKeys;
import io.parley.mailbox.DeliverySignals;
import io.parley.mailbox.MailboxAddress;
import io.parley.mailbox.MailboxEntry;
import io.parley.runtime.events.EventPublisher;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What follows an append: the edge node holding the device hears "mailbox changed"; a device with
 * no live session gets a push request instead, coalesced per device. "Live" means its connection
 * record names a node whose liveness lease exists, never a pub/sub subscriber count.
 */
@Component
class DeliveryNotifier {

  private final StringRedisTemplate redis;
  private final EventPublisher events;
  private final RoutingProperties properties;
  private final Clock clock;
  private final ConcurrentHashMap<String, Long> liveUntil = new ConcurrentHashMap<>();
  private final Counter pushRequested;
  private final Counter pushCoalesced;
  private final Counter signals;
  private final MeterRegistry meters;

  DeliveryNotifier(
      StringRedisTemplate redis,
      EventPublisher events,
      RoutingProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.redis = redis;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.pushRequested =
        Counter.builder("parley.routing.push.requested")
            .description("push requests produced for devices without a live session")
            .register(meters);
    this.pushCoalesced =
        Counter.builder("parley.routing.push.coalesced")
            .description("appends that needed no push: one was requested within the window")
            .register(meters);
    this.signals =
        Counter.builder("parley.routing.signals")
            .description("mailbox-changed signals sent to edge nodes")
            .register(meters);
  }

  /**
   * After an append: signal the node, or request a push.
   *
   * @param connectedNode the node the device's connection record named ("" for none)
   * @param push whether a device without a session should be woken (messages: yes; receipts: no)
   */
  void appended(MailboxAddress address, String connectedNode, boolean push, boolean urgent) {
    if (!connectedNode.isEmpty() && isAlive(connectedNode)) {
      redis.convertAndSend(
          DeliverySignals.channel(connectedNode), DeliverySignals.changed(address));
      signals.increment();
      return;
    }
    if (push) {
      requestPush(address, urgent);
    }
  }

  /** An ephemeral envelope: to the node holding the device's session, or nowhere. */
  void ephemeral(MailboxAddress address, MailboxEntry entry) {
    Object node =
        redis
            .opsForHash()
            .get(ConnectionKeys.connection(address.accountId(), address.deviceId()), "node");
    String outcome = "dropped_offline";
    if (node instanceof String nodeId && !nodeId.isEmpty() && isAlive(nodeId)) {
      redis.convertAndSend(
          DeliverySignals.channel(nodeId), DeliverySignals.ephemeral(address, entry));
      outcome = "relayed";
    }
    meters.counter("parley.routing.ephemeral", "outcome", outcome).increment();
  }

  private void requestPush(MailboxAddress address, boolean urgent) {
    String key = "routing:push:" + address.slot();
    Boolean first =
        redis.opsForValue().setIfAbsent(key, urgent ? "u" : "n", properties.pushCoalesceWindow());
    if (!Boolean.TRUE.equals(first)) {
      pushCoalesced.increment();
      return;
    }
    PushEvent event =
        PushEvent.newBuilder()
            .setMetadata(events.metadata())
            .setPushRequested(
                PushRequested.newBuilder()
                    .setDevice(Events.device(address.accountId(), address.deviceId()))
                    .setUrgent(urgent))
            .build();
    try {
      events.publish(Topics.PUSH_REQUESTS, address.accountId().toString(), event);
    } catch (RuntimeException e) {
      // Not requested after all: the retry of this record must be able to ask again.
      redis.delete(key);
      throw e;
    }
    pushRequested.increment();
  }

  private boolean isAlive(String node) {
    long now = clock.millis();
    Long until = liveUntil.get(node);
    if (until != null && until > now) {
      return true;
    }
    boolean alive = Boolean.TRUE.equals(redis.hasKey(ConnectionKeys.nodeLease(node)));
    if (alive) {
      liveUntil.put(node, now + properties.leaseCacheTtl().toMillis());
    } else {
      liveUntil.remove(node);
    }
    return alive;
  }
}
