package io.parley.edge.provisioning;

import io.parley.edge.EdgeProperties;
import io.parley.runtime.ParleyProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * One-time provisioning addresses and the hand-over of their one message, across edge nodes.
 *
 * <p>Redis: {@code edge:prov:{<address>}} = the node holding the socket, with a TTL of {@code
 * parley.edge.provisioning.address-ttl}; taken with GETDEL by the one PUT allowed. The message
 * travels on the holding node's pub/sub channel {@code edge:prov-node:<nodeId>} (fire and forget:
 * if the node is gone, so is the socket that waited, and the PUT says so).
 */
@Component
public class ProvisioningRelay implements MessageListener {

  private static final Logger log = LoggerFactory.getLogger(ProvisioningRelay.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StringRedisTemplate redis;
  private final JsonMapper json;
  private final String nodeId;
  private final EdgeProperties.Provisioning settings;
  private final Clock clock;
  private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();

  private record Waiting(WebSocketSession socket, Instant expiresAt) {}

  ProvisioningRelay(
      StringRedisTemplate redis,
      JsonMapper json,
      ParleyProperties parley,
      EdgeProperties properties,
      Clock clock) {
    this.redis = redis;
    this.json = json;
    this.nodeId = parley.nodeId();
    this.settings = properties.provisioning();
    this.clock = clock;
  }

  static String addressKey(String address) {
    return "edge:prov:{" + address + "}";
  }

  String channel() {
    return "edge:prov-node:" + nodeId;
  }

  /** Gives a new socket its address and tells it so. */
  void open(WebSocketSession socket) throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String address = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant expiresAt = clock.instant().plus(settings.addressTtl());
    redis.opsForValue().set(addressKey(address), nodeId, settings.addressTtl());
    waiting.put(address, new Waiting(socket, expiresAt));
    socket.getAttributes().put("parley.provisioning.address", address);
    send(socket, Map.of("type", "address", "address", address, "expiresAt", expiresAt.toString()));
  }

  void closed(WebSocketSession socket) {
    Object address = socket.getAttributes().get("parley.provisioning.address");
    if (address instanceof String a && waiting.remove(a) != null) {
      redis.delete(addressKey(a));
    }
  }

  /** Outcome of a PUT. */
  enum Delivery {
    DELIVERED,
    UNKNOWN_ADDRESS,
    RECIPIENT_GONE
  }

  /** Hands the one message for an address to the node holding it. */
  Delivery deliver(String address, String body) {
    String holder = redis.opsForValue().getAndDelete(addressKey(address));
    if (holder == null) {
      return Delivery.UNKNOWN_ADDRESS;
    }
    String payload = json.writeValueAsString(Map.of("address", address, "body", body));
    Long receivers = redis.convertAndSend("edge:prov-node:" + holder, payload);
    return receivers != null && receivers > 0 ? Delivery.DELIVERED : Delivery.RECIPIENT_GONE;
  }

  /** A message published to this node's channel: pass it to its socket, then close it. */
  @Override
  public void onMessage(org.springframework.data.redis.connection.Message message, byte[] pattern) {
    Map<?, ?> relayed = json.readValue(message.getBody(), Map.class);
    String address = String.valueOf(relayed.get("address"));
    Waiting target = waiting.remove(address);
    if (target == null) {
      log.debug("provisioning message for an address no longer waiting");
      return;
    }
    try {
      send(target.socket(), Map.of("type", "message", "body", String.valueOf(relayed.get("body"))));
      target.socket().close(CloseStatus.NORMAL.withReason("delivered"));
    } catch (IOException e) {
      log.debug("provisioning socket gone before its message: {}", e.toString());
    }
  }

  @Scheduled(fixedDelayString = "1s")
  void expire() {
    Instant now = clock.instant();
    waiting.forEach(
        (address, target) -> {
          if (now.isAfter(target.expiresAt()) && waiting.remove(address, target)) {
            try {
              target.socket().close(new CloseStatus(4010, "provisioning address expired"));
            } catch (IOException e) {
              log.debug("closing an expired provisioning socket: {}", e.toString());
            }
          }
        });
  }

  private void send(WebSocketSession socket, Map<String, ?> frame) throws IOException {
    synchronized (socket) {
      socket.sendMessage(
          new TextMessage(json.writeValueAsString(frame).getBytes(StandardCharsets.UTF_8)));
    }
  }
}
