package io.parley.presence.watch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.presence.privacy.Access;
import io.parley.presence.privacy.PresenceView;
import io.parley.presence.privacy.Privacy;
import io.parley.presence.state.PresenceState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a change of one account to the edge nodes that have a session watching it, and only to
 * them: one message per node on the Redis channel {@code presence:deliver:<node>}, naming each
 * viewer account on that node with what it may see. Privacy is decided here, per viewer; the edge
 * only delivers. A change nobody watches costs one HKEYS.
 *
 * <p>Message: {@code {"accountId":"<target>","views":{"<viewer>":{"accountId":..,"online":..,
 * "lastSeen":..}}}}. Delivery is at most once (pub/sub): a node that is resubscribing misses it,
 * and its clients catch up with the snapshot of their next watch.
 */
@Component
public class FanOut {

  /** Why a change is sent: decides which viewers hear of it. */
  public enum Kind {
    /** The account came online: viewers who may see online status. */
    ONLINE,
    /** The account went offline: viewers who may see online status or last seen. */
    OFFLINE,
    /** Its privacy changed: every viewer, with what they may see now (possibly nothing). */
    REFRESH
  }

  public static String channel(String node) {
    return "presence:deliver:" + node;
  }

  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  private final WatchStore watches;
  private final Privacy privacy;
  private final StringRedisTemplate redis;
  private final JsonMapper json;
  private final Counter messages;
  private final Counter views;

  FanOut(
      WatchStore watches,
      Privacy privacy,
      StringRedisTemplate redis,
      JsonMapper json,
      MeterRegistry meters) {
    this.watches = watches;
    this.privacy = privacy;
    this.redis = redis;
    this.json = json;
    this.messages =
        Counter.builder("parley.presence.fanout.messages")
            .description("presence messages published to edge nodes")
            .register(meters);
    this.views =
        Counter.builder("parley.presence.fanout.views")
            .description("viewer accounts told of a presence change")
            .register(meters);
  }

  /** Tells the watchers of the account; returns the number of node messages sent. */
  public int publish(UUID account, PresenceState state, Kind kind) {
    Map<UUID, Set<String>> watchers = watches.watchersOf(account);
    if (watchers.isEmpty()) {
      return 0;
    }
    Map<UUID, Access> access = privacy.access(account, watchers.keySet());
    Map<String, Map<String, PresenceView>> byNode = new HashMap<>();
    watchers.forEach(
        (viewer, nodes) -> {
          Access a = access.getOrDefault(viewer, Access.NONE);
          boolean told =
              switch (kind) {
                case ONLINE -> a.online();
                case OFFLINE -> a.any();
                case REFRESH -> true;
              };
          if (told) {
            PresenceView view = PresenceView.of(account, state, a);
            for (String node : nodes) {
              byNode.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(viewer.toString(), view);
            }
          }
        });
    Map<String, String> messagesByChannel = new LinkedHashMap<>();
    byNode.forEach(
        (node, viewsOnNode) -> {
          Map<String, Object> message = new LinkedHashMap<>();
          message.put("accountId", account.toString());
          message.put("views", viewsOnNode);
          messagesByChannel.put(channel(node), json.writeValueAsString(message));
          views.increment(viewsOnNode.size());
        });
    try {
      // One round trip for all the nodes' messages.
      redis.executePipelined(
          (RedisCallback<Object>)
              connection -> {
                StringRedisConnection c = new DefaultStringRedisConnection(connection);
                messagesByChannel.forEach(c::publish);
                return null;
              });
      messages.increment(messagesByChannel.size());
    } catch (RuntimeException e) {
      log.warn("presence of {} not sent to {} nodes: {}", account, byNode.size(), e.toString());
    }
    return byNode.size();
  }
}
