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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>Settings (system properties): {@code bench.targets} (1000), {@code bench.watchers-per-target}
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
    int targets = Integer.getInteger("bench.targets", 1000);
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
    // The simulated nodes count on one thread, as an edge node delivers: measured is the service,
    // not thread start-ups (the container's default starts one per message).
    ExecutorService listening = Executors.newSingleThreadExecutor();
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setTaskExecutor(listening::execute);
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

    // Targets: half show presence to everyone, half to contacts (half their watchers). Set up
    // from several threads: it is the slow part, and not what is measured.
    List<TestDevices.Device> devicesOfTargets = new ArrayList<>();
    List<UUID> targetIds = new ArrayList<>();
    List<Integer> nodeOf = new ArrayList<>();
    for (int t = 0; t < targets; t++) {
      UUID target = UUID.randomUUID();
      targetIds.add(target);
      devicesOfTargets.add(new TestDevices.Device(target, 1, 1, "bench", null));
      for (int w = 0; w < watchersPerTarget; w++) {
        nodeOf.add(random.nextInt(nodeCount));
      }
    }
    long watchCount = (long) targets * watchersPerTarget;
    ExecutorService setup = Executors.newFixedThreadPool(4);
    List<Future<?>> tasks = new ArrayList<>();
    for (int t = 0; t < targets; t++) {
      int index = t;
      tasks.add(
          setup.submit(
              () -> {
                UUID target = targetIds.get(index);
                List<UUID> contacts = new ArrayList<>();
                for (int w = 0; w < watchersPerTarget; w++) {
                  UUID viewer = UUID.randomUUID();
                  String node = nodes.get(nodeOf.get(index * watchersPerTarget + w));
                  watches.watch(node, viewer, List.of(target));
                  if (w % 2 == 0) {
                    contacts.add(viewer);
                  }
                }
                boolean everyone = index % 2 == 0;
                Visibility visibility = everyone ? Visibility.EVERYONE : Visibility.CONTACTS;
                privacy.putSettings(target, new PrivacySettings(visibility, visibility));
                privacy.putContacts(target, contacts);
              }));
    }
    for (Future<?> f : tasks) {
      f.get();
    }
    setup.shutdown();
    log.info("BENCH setup: {} targets, {} watches on {} nodes", targets, watchCount, nodeCount);

    // The driver must not be the bottleneck: session events go out without waiting for each
    // acknowledgement (per account order is kept by the producer).
    pipelineEvents = true;
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
      kafka.flush();
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
    listening.shutdownNow();
  }

  private double changes() {
    return meters.find("parley.presence.changes").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
