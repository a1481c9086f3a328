package io.parley.keys.bench;

import io.parley.keys.support.KeysIntegrationTest;
import io.parley.keys.support.SignalKeys;
import io.parley.security.test.TestDevices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * Bundle fetches per second over real HTTP against real Redis, everything on this machine. Not part
 * of {@code ./mvnw verify} (the name does not end in IT); run it with
 *
 * <pre>
 * ./mvnw -pl services/key-distribution-service -am -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PreKeyFetchBenchmark verify
 * </pre>
 *
 * and read the "BENCHMARK" lines it logs. Figures go to docs/benchmarks.md.
 */
@TestPropertySource(
    properties = {"parley.keys.fetch-capacity=1000000", "parley.keys.fetch-refill-every=1ms"})
class PreKeyFetchBenchmark extends KeysIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(PreKeyFetchBenchmark.class);
  private static final int TARGETS = 100;
  private static final int THREADS = 32;
  private static final Duration WARM_UP = Duration.ofSeconds(30);
  private static final Duration MEASURE = Duration.ofSeconds(15);

  @Test
  void bundleFetchesPerSecond() throws Exception {
    SignalKeys keys = new SignalKeys();
    List<TestDevices.Device> targets = new ArrayList<>();
    for (int i = 0; i < TARGETS; i++) {
      TestDevices.Device device = devices.register();
      if (upload(device, keys.fullUpload(100, 100)).status() != 204) {
        throw new IllegalStateException("upload failed");
      }
      targets.add(device);
    }
    TestDevices.Device last = targets.get(TARGETS - 1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> redis.opsForHash().hasKey("keys:devices:{" + last.accountId() + "}", "1"));
    List<TestDevices.Device> requesters = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      requesters.add(devices.register());
    }

    // -Dparley.bench.appendfsync=everysec measures what fsync-per-write costs (docs/benchmarks.md).
    String fsync = System.getProperty("parley.bench.appendfsync", "always");
    io.parley.devstack.Resp.call(
        io.parley.testsupport.ParleyInfra.redis().host(),
        io.parley.testsupport.ParleyInfra.redis().port(),
        "CONFIG",
        "SET",
        "appendfsync",
        fsync);
    run(targets, requesters, WARM_UP, null);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long fetches = run(targets, requesters, MEASURE, latencies);

    List<Long> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    double perSecond = fetches / (double) MEASURE.toSeconds();
    log.info(
        "BENCHMARK prekey bundle fetches: {} /s over {} s with {} client threads; latency p50 {}"
            + " ms, p99 {} ms; Redis appendfsync {} (target >= 5000 /s)",
        String.format("%.0f", perSecond),
        MEASURE.toSeconds(),
        THREADS,
        String.format("%.2f", sorted.get(sorted.size() / 2) / 1e6),
        String.format("%.2f", sorted.get((int) (sorted.size() * 0.99)) / 1e6),
        fsync);
  }

  private long run(
      List<TestDevices.Device> targets,
      List<TestDevices.Device> requesters,
      Duration duration,
      ConcurrentLinkedQueue<Long> latencies)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    CountDownLatch finished = new CountDownLatch(requesters.size());
    for (int t = 0; t < requesters.size(); t++) {
      TestDevices.Device requester = requesters.get(t);
      int offset = t;
      new Thread(
              () -> {
                int i = offset;
                while (System.nanoTime() < end) {
                  TestDevices.Device target = targets.get(i++ % targets.size());
                  HttpRequest request =
                      HttpRequest.newBuilder(
                              URI.create(
                                  "http://localhost:"
                                      + port
                                      + "/v1/keys/"
                                      + target.accountId()
                                      + "/1"))
                          .header("Authorization", "Bearer " + requester.token())
                          .build();
                  long start = System.nanoTime();
                  try {
                    HttpResponse<Void> response =
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                      done.incrementAndGet();
                      if (latencies != null) {
                        latencies.add(System.nanoTime() - start);
                      }
                    }
                  } catch (Exception e) {
                    break;
                  }
                }
                finished.countDown();
              })
          .start();
    }
    finished.await();
    return done.get();
  }
}
