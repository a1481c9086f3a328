package io.parley.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeviceAuthCacheTest {

  private static final Duration TTL = Duration.ofSeconds(5);

  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();
  private final Map<String, DeviceAuthRecord> store = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private Runnable duringRead = () -> {};

  private final DeviceAuthRecords counting =
      (accountId, deviceId) -> {
        String key = DeviceAuthRecord.key(accountId, deviceId);
        reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Optional<DeviceAuthRecord> record = Optional.ofNullable(store.get(key));
        duringRead.run();
        return record;
      };

  private final DeviceAuthCache cache = new DeviceAuthCache(counting, TTL, nanos::get, 1_000);

  private int reads(UUID account, int device) {
    AtomicInteger count = reads.get(DeviceAuthRecord.key(account, device));
    return count == null ? 0 : count.get();
  }

  private static DeviceAuthRecord record(String incarnation) {
    return new DeviceAuthRecord(incarnation, Instant.EPOCH);
  }

  @Test
  void readsEachDeviceOncePerTtl() {
    store.put(DeviceAuthRecord.key(alice, 1), record("a"));

    cache.find(alice, 1);
    nanos.addAndGet(TTL.toNanos() - 1);
    assertThat(cache.find(alice, 1)).contains(record("a"));
    assertThat(reads(alice, 1)).isEqualTo(1);

    nanos.addAndGet(1);
    cache.find(alice, 1);
    assertThat(reads(alice, 1)).isEqualTo(2);
  }

  @Test
  void cachesThatADeviceHasNoRecord() {
    assertThat(cache.find(alice, 9)).isEmpty();
    assertThat(cache.find(alice, 9)).isEmpty();

    assertThat(reads(alice, 9)).isEqualTo(1);
  }

  @Test
  void evictingADeviceMakesTheNextLookupReadItsNewRecord() {
    store.put(DeviceAuthRecord.key(alice, 1), record("a"));
    store.put(DeviceAuthRecord.key(alice, 2), record("a2"));
    cache.find(alice, 1);
    cache.find(alice, 2);

    store.put(DeviceAuthRecord.key(alice, 1), record("b"));
    cache.evict(alice, 1);

    assertThat(cache.find(alice, 1)).contains(record("b"));
    cache.find(alice, 2);
    assertThat(reads(alice, 1)).isEqualTo(2);
    assertThat(reads(alice, 2)).isEqualTo(1);
  }

  @Test
  void evictingAnAccountForgetsAllItsDevicesAndNoOtherAccount() {
    cache.find(alice, 1);
    cache.find(alice, 2);
    cache.find(bob, 1);

    cache.evictAccount(alice);
    cache.find(alice, 1);
    cache.find(alice, 2);
    cache.find(bob, 1);

    assertThat(reads(alice, 1)).isEqualTo(2);
    assertThat(reads(alice, 2)).isEqualTo(2);
    assertThat(reads(bob, 1)).isEqualTo(1);
  }

  @Test
  void evictingAllForgetsEverything() {
    cache.find(alice, 1);
    cache.find(bob, 1);

    cache.evictAll();

    assertThat(cache.size()).isZero();
  }

  @Test
  void doesNotCacheWhatWasReadWhileAnEvictionHappened() {
    store.put(DeviceAuthRecord.key(alice, 1), record("old"));
    // The revocation lands between Redis answering and the answer being cached.
    duringRead =
        () -> {
          duringRead = () -> {};
          store.put(DeviceAuthRecord.key(alice, 1), record("new"));
          cache.evict(alice, 1);
        };

    assertThat(cache.find(alice, 1)).contains(record("old"));
    assertThat(cache.find(alice, 1)).contains(record("new"));
  }

  @Test
  void afterAnEventReadsThroughForOneTtlSoARedisWriteThatFollowsTheEventIsSeenAtOnce() {
    store.put(DeviceAuthRecord.key(alice, 1), record("old"));
    cache.find(alice, 1);

    cache.evict(alice, 1); // auth-service published first ...
    assertThat(cache.find(alice, 1)).contains(record("old"));
    store.remove(DeviceAuthRecord.key(alice, 1)); // ... and deletes now
    assertThat(cache.find(alice, 1)).isEmpty();

    nanos.addAndGet(TTL.toNanos());
    cache.find(alice, 1);
    cache.find(alice, 1);
    assertThat(reads(alice, 1)).as("cached again once the TTL has passed").isEqualTo(4);
  }

  @Test
  void afterAnAccountEventReadsThroughForEveryDeviceOfTheAccount() {
    store.put(DeviceAuthRecord.key(alice, 2), record("old"));
    cache.evictAccount(alice);
    cache.find(alice, 2);

    store.remove(DeviceAuthRecord.key(alice, 2));

    assertThat(cache.find(alice, 2)).isEmpty();
  }

  @Test
  void afterAnUnreadableEventReadsThroughForEveryDeviceButAfterARebalanceCachesAsUsual() {
    cache.evictAll();
    cache.find(bob, 1);
    cache.find(bob, 1);
    assertThat(reads(bob, 1)).isEqualTo(1);

    cache.evictAllAndReadThrough();
    cache.find(bob, 1);
    cache.find(bob, 1);
    assertThat(reads(bob, 1)).isEqualTo(3);
  }

  @Test
  void withZeroTtlReadsEveryTime() {
    DeviceAuthCache uncached = new DeviceAuthCache(counting, Duration.ZERO, nanos::get, 1_000);

    uncached.find(alice, 1);
    uncached.find(alice, 1);

    assertThat(reads(alice, 1)).isEqualTo(2);
    assertThat(uncached.size()).isZero();
  }

  @Test
  void staysWithinItsSizeBound() {
    DeviceAuthCache small = new DeviceAuthCache(counting, TTL, nanos::get, 10);

    for (int i = 1; i <= 100; i++) {
      small.find(alice, i);
    }

    assertThat(small.size()).isLessThanOrEqualTo(10);
  }
}
