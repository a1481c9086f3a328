package io.parley.edge.session;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Starts the edge's Redis pub/sub containers (delivery signals, provisioning relay) without making
 * start-up depend on Redis: a node must come up, with readiness DOWN, while Redis is unreachable,
 * and subscribe once it answers. A container that fails to subscribe is tried again every second on
 * a daemon thread; containers are created with auto-start off.
 */
@Component
class BackgroundSubscriptions implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BackgroundSubscriptions.class);

  private final List<RedisMessageListenerContainer> containers;
  private volatile boolean running;
  private volatile Thread starter;

  BackgroundSubscriptions(List<RedisMessageListenerContainer> containers) {
    this.containers = containers;
  }

  @Override
  public void start() {
    running = true;
    Thread thread =
        new Thread(
            () -> {
              for (RedisMessageListenerContainer container : containers) {
                while (running && !container.isRunning()) {
                  try {
                    container.start();
                  } catch (RuntimeException e) {
                    log.warn("Redis pub/sub not subscribed yet, retrying: {}", e.toString());
                    try {
                      Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                      return;
                    }
                  }
                }
              }
            },
            "redis-subscriptions");
    thread.setDaemon(true);
    thread.start();
    starter = thread;
  }

  @Override
  public void stop() {
    running = false;
    Thread thread = starter;
    if (thread != null) {
      thread.interrupt();
    }
    for (RedisMessageListenerContainer container : containers) {
      try {
        container.stop();
      } catch (RuntimeException e) {
        log.debug("stopping a pub/sub container: {}", e.toString());
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
