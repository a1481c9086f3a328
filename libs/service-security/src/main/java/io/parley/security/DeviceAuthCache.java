package io.parley.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A read-through cache of device auth records in front of Redis, so that a burst of requests from
 * one device costs one Redis read per TTL. Absent records are cached too: a removed device's tokens
 * are refused without a read each time.
 *
 * <p>Account events evict entries the moment auth-service announces a change ({@link
 * AccountEventsListener}), and for one TTL afterwards that device's record is read from Redis on
 * every lookup instead of being cached again. So the change is seen at once whichever auth-service
 * does first, write Redis or publish the event; the TTL only bounds what a missed event costs.
 *
 * <p>A load that raced with an eviction is returned to its caller but not cached, since what it
 * read from Redis may predate the change the event announced.
 */
final class DeviceAuthCache implements DeviceAuthRecords {

  /** Beyond this many entries, expired ones are dropped, and if that is not enough, all. */
  static final int MAX_ENTRIES = 100_000;

  private record Key(UUID accountId, int deviceId) {}

  private record Entry(Optional<DeviceAuthRecord> record, long loadedAtNanos) {}

  private final DeviceAuthRecords source;
  private final long ttlNanos;
  private final LongSupplier nanoTicker;
  private final int maxEntries;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong evictions = new AtomicLong();
  // Until when (ticker nanos) lookups read through without caching, after an event.
  private final ConcurrentHashMap<Key, Long> deviceReadThroughUntil = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<UUID, Long> accountReadThroughUntil = new ConcurrentHashMap<>();
  private volatile long allReadThroughUntil;

  DeviceAuthCache(DeviceAuthRecords source, Duration ttl) {
    this(source, ttl, System::nanoTime, MAX_ENTRIES);
  }

  DeviceAuthCache(DeviceAuthRecords source, Duration ttl, LongSupplier nanoTicker, int maxEntries) {
    this.source = source;
    this.ttlNanos = ttl.toNanos();
    this.nanoTicker = nanoTicker;
    this.maxEntries = maxEntries;
    this.allReadThroughUntil = nanoTicker.getAsLong();
  }

  @Override
  public Optional<DeviceAuthRecord> find(UUID accountId, int deviceId) {
    if (ttlNanos == 0) {
      return source.find(accountId, deviceId);
    }
    Key key = new Key(accountId, deviceId);
    long now = nanoTicker.getAsLong();
    Entry cached = entries.get(key);
    if (cached != null && now - cached.loadedAtNanos() < ttlNanos) {
      return cached.record();
    }
    long evictionsBefore = evictions.get();
    Optional<DeviceAuthRecord> loaded = source.find(accountId, deviceId);
    if (readingThrough(key, now)) {
      return loaded;
    }
    if (entries.size() >= maxEntries) {
      prune(now);
    }
    Entry fresh = new Entry(loaded, now);
    // Atomic with evict(): an eviction either sees this entry and removes it, or has counted
    // itself before this check, and then nothing is cached.
    entries.compute(key, (k, old) -> evictions.get() == evictionsBefore ? fresh : null);
    return loaded;
  }

  /** Forgets one device's record (its tokens were revoked, it was unlinked or linked). */
  void evict(UUID accountId, int deviceId) {
    Key key = new Key(accountId, deviceId);
    deviceReadThroughUntil.put(key, nanoTicker.getAsLong() + ttlNanos);
    evictions.incrementAndGet();
    entries.remove(key);
    if (deviceReadThroughUntil.size() > maxEntries) {
      long now = nanoTicker.getAsLong();
      deviceReadThroughUntil.values().removeIf(until -> until - now <= 0);
    }
  }

  /** Forgets every device of an account (the account was deleted or re-registered). */
  void evictAccount(UUID accountId) {
    accountReadThroughUntil.put(accountId, nanoTicker.getAsLong() + ttlNanos);
    evictions.incrementAndGet();
    entries.keySet().removeIf(key -> key.accountId().equals(accountId));
    if (accountReadThroughUntil.size() > maxEntries) {
      long now = nanoTicker.getAsLong();
      accountReadThroughUntil.values().removeIf(until -> until - now <= 0);
    }
  }

  /** Forgets everything (events may have gone by unseen). */
  void evictAll() {
    evictions.incrementAndGet();
    entries.clear();
  }

  /** Forgets everything and reads through for one TTL (an event could not be read). */
  void evictAllAndReadThrough() {
    allReadThroughUntil = nanoTicker.getAsLong() + ttlNanos;
    evictAll();
  }

  int size() {
    return entries.size();
  }

  private boolean readingThrough(Key key, long now) {
    return now - allReadThroughUntil < 0
        || before(now, deviceReadThroughUntil, key)
        || before(now, accountReadThroughUntil, key.accountId());
  }

  private static <K> boolean before(long now, Map<K, Long> untilByKey, K key) {
    Long until = untilByKey.get(key);
    return until != null && now - until < 0;
  }

  private void prune(long now) {
    entries.values().removeIf(entry -> now - entry.loadedAtNanos() >= ttlNanos);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
  }
}
