package io.parley.presence.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.presence.privacy.Privacy;
import io.parley.presence.privacy.PrivacySettings;
import io.parley.presence.privacy.Visibility;
import io.parley.presence.support.PresenceIntegrationTest;
import io.parley.presence.watch.FanOut;
import io.parley.presence.watch.WatchStore;
import io.parley.security.test.TestDevices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.test.context.TestPropertySource;

/**
 * Presence changes per second through the whole service, with many watchers: session events on real
 * Kafka, presence state and watches in real Redis, privacy evaluated per watcher, and one message
 * per edge node with watchers, received by simulated edge nodes (Redis subscribers). Not a test (no
 * *IT name): run it by name, see docs/benchmarks.md. Prints its figures.
 *
 * <p>Settings (system properties): {@code bench.targets} (2000), {@code bench.watchers-per-target}
 * (50), {@code bench.nodes} (100), {@code bench.rounds} (3).
 */
@TestPropertySource(properties = {"parley.presence.offline-delay=0s"})
class PresenceFanOutBenchmark extends PresenceIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(PresenceFanOutBenchmark.class);

  @Autowired WatchStore watches;
  @Autowired Privacy privacy;
  @Autowired MeterRegistry meters;

  @Test
  void presenceChangesPerSecondWithManyWatchers() throws Exception {
    int targets = Integer.getInteger("bench.targets", 2000);
    int watchersPerTarget = Integer.getInteger("bench.watchers-per-target", 50);
    int nodeCount = Integer.getInteger("bench.nodes", 100);
    int rounds = Integer.getInteger("bench.rounds", 3);
    Random random = new Random(7);

    String edgeNode = liveNode(Duration.ofHours(1));
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(liveNode(Duration.ofHours(1)));
    }
    AtomicLong messages = new AtomicLong();
    AtomicLong views = new AtomicLong();
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setConnectionFactory(redisConnections);
    for (String node : nodes) {
      container.addMessageListener(
          (message, pattern) -> {
            messages.incrementAndGet();
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            // Count views: one "accountId" per view plus the message's own.
            int count = -1;
            for (int at = body.indexOf("\"accountId\"");
                at >= 0;
                at = body.indexOf("\"accountId\"", at + 1)) {
              count++;
            }
            views.addAndGet(count);
          },
          new ChannelTopic(FanOut.channel(node)));
    }
    container.afterPropertiesSet();
    container.start();

    // Targets: half show presence to everyone, half to contacts (half their watchers).
    List<TestDevices.Device> devicesOfTargets = new ArrayList<>();
    long watchCount = 0;
    for (int t = 0; t < targets; t++) {
      UUID target = UUID.randomUUID();
      TestDevices.Device device = new TestDevices.Device(target, 1, 1, "bench", null);
      devicesOfTargets.add(device);
      List<UUID> contacts = new ArrayList<>();
      for (int w = 0; w < watchersPerTarget; w++) {
        UUID viewer = UUID.randomUUID();
        watches.watch(nodes.get(random.nextInt(nodeCount)), viewer, List.of(target));
        watchCount++;
        if (w % 2 == 0) {
          contacts.add(viewer);
        }
      }
      boolean everyone = t % 2 == 0;
      privacy.putSettings(
          target,
          new PrivacySettings(
              everyone ? Visibility.EVERYONE : Visibility.CONTACTS,
              everyone ? Visibility.EVERYONE : Visibility.CONTACTS));
      privacy.putContacts(target, contacts);
    }
    log.info("BENCH setup: {} targets, {} watches on {} nodes", targets, watchCount, nodeCount);

    double best = 0;
    for (int round = 0; round < rounds; round++) {
      double before = changes();
      long messagesBefore = messages.get();
      long viewsBefore = views.get();
      long start = System.nanoTime();
      List<Session> sessions = new ArrayList<>(targets);
      for (TestDevices.Device device : devicesOfTargets) {
        sessions.add(connect(device, edgeNode));
      }
      for (Session session : sessions) {
        disconnect(session);
      }
      long expected = 2L * targets;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (changes() - before < expected && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(500); // let the last pub/sub messages arrive
      double done = changes() - before;
      double perSecond = done / seconds;
      best = Math.max(best, perSecond);
      long sent = messages.get() - messagesBefore;
      long told = views.get() - viewsBefore;
      log.info(
          "BENCH round {}: {} presence changes in {} s = {} changes/s; {} node messages ({} per"
              + " change, broadcast would send {}), {} viewer updates = {} watcher updates/s",
          round + 1,
          (long) done,
          String.format("%.2f", seconds),
          String.format("%.0f", perSecond),
          sent,
          String.format("%.1f", sent / Math.max(1, done)),
          nodeCount,
          told,
          String.format("%.0f", told / seconds));
    }
    log.info(
        "BENCH result: best {} changes/s with {} watches ({} per target) on {} edge nodes",
        String.format("%.0f", best),
        watchCount,
        watchersPerTarget,
        nodeCount);
    container.stop();
    container.destroy();
  }

  private double changes() {
    return meters.find("parley.presence.changes").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
