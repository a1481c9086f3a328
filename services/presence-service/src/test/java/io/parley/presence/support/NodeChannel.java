package io.parley.presence.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What presence-service publishes to one edge node, as that node would receive it. */
public final class NodeChannel implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
  private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

  NodeChannel(RedisConnectionFactory connections, String node) {
    container.setConnectionFactory(connections);
    container.addMessageListener(
        (message, pattern) ->
            messages.add(JSON.readTree(new String(message.getBody(), StandardCharsets.UTF_8))),
        new ChannelTopic("presence:deliver:" + node));
    container.afterPropertiesSet();
    container.start();
  }

  /** The next message that matches, skipping others; fails after the timeout. */
  public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> skipped = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no matching presence message within " + timeout + "; skipped " + skipped);
      }
      try {
        JsonNode message = messages.poll(left, TimeUnit.NANOSECONDS);
        if (message != null && match.test(message)) {
          return message;
        }
        if (message != null) {
          skipped.add(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Everything that arrives within the time. */
  public List<JsonNode> drain(Duration during) {
    List<JsonNode> all = new ArrayList<>();
    long deadline = System.nanoTime() + during.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return all;
      }
      try {
        JsonNode message = messages.poll(left, TimeUnit.NANOSECONDS);
        if (message != null) {
          all.add(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return all;
      }
    }
  }

  @Override
  public void close() {
    try {
      container.stop();
      container.destroy();
    } catch (Exception e) {
      // test teardown
    }
  }
}
