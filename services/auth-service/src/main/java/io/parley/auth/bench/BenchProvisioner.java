package io.parley.auth.bench;

import io.parley.auth.events.AccountEvents;
import io.parley.auth.store.AccountStore;
import io.parley.auth.store.DeviceRecord;
import io.parley.auth.store.OpaqueTokens;
import io.parley.auth.token.AccessTokens;
import io.parley.auth.token.TokenPair;
import io.parley.auth.token.TokenService;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.AccountRegistered;
import io.parley.contracts.events.v1.DeviceKeysPublished;
import io.parley.contracts.events.v1.KeyEvent;
import io.parley.runtime.events.EventPublisher;
import io.parley.runtime.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Creates accounts with a primary device in bulk, written as registration writes them (account,
 * device, the device-auth record every service checks, a refresh-token family, an access token) and
 * announced with {@code AccountRegistered}, but without phone verification: each account gets a
 * random placeholder instead of a phone hash, which no number maps to.
 *
 * <p>For speed the Redis writes of a chunk of accounts go in one pipeline, chunks are written in
 * parallel, access tokens are then signed on every core (most of the CPU), and all events are sent
 * before waiting for their acknowledgements. As in registration, if the events cannot be written
 * everything is undone and the caller gets 503.
 *
 * <p>Asked to ({@code publishKeys}), it also announces each device with {@code DeviceKeysPublished}
 * on {@code parley.keys.v1}, as key-distribution does once a device uploaded its keys: the device
 * read model (libs/mailbox) then counts the device as reachable, so a message benchmark can send to
 * it. No keys are stored; the load generator's "ciphertexts" are opaque bytes the server never
 * reads, so no sender needs a prekey bundle. Bench profile only, like everything here.
 */
@Service
@Profile("bench")
class BenchProvisioner {

  private static final Logger log = LoggerFactory.getLogger(BenchProvisioner.class);

  static final int MAX_PER_CALL = 10_000;
  // Small enough that a pipeline's last answer comes well within the 2 s command timeout even when
  // Redis syncs every write to a busy disk.
  private static final int CHUNK = 100;
  static final String DEVICE_NAME = "bench";

  /** An account the provisioner made, with its primary device's credentials. */
  record Provisioned(UUID accountId, int deviceId, int registrationId, TokenPair tokens) {}

  private record Planned(
      UUID accountId, String phoneHash, int registrationId, String incarnation) {}

  private final AccountStore accounts;
  private final TokenService tokens;
  private final AccessTokens accessTokens;
  private final AccountEvents events;
  private final EventPublisher publisher;
  private final BenchProperties properties;
  private final Clock clock;

  BenchProvisioner(
      AccountStore accounts,
      TokenService tokens,
      AccessTokens accessTokens,
      AccountEvents events,
      EventPublisher publisher,
      BenchProperties properties,
      Clock clock) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.accessTokens = accessTokens;
    this.events = events;
    this.publisher = publisher;
    this.properties = properties;
    this.clock = clock;
  }

  List<Provisioned> provision(int count) {
    return provision(count, false);
  }

  /**
   * {@code count} accounts; with {@code publishKeys} each device is also announced with {@code
   * DeviceKeysPublished} (see the class comment).
   */
  List<Provisioned> provision(int count, boolean publishKeys) {
    if (count < 1 || count > MAX_PER_CALL) {
      throw new IllegalArgumentException("count must be 1.." + MAX_PER_CALL);
    }
    long started = System.nanoTime();
    List<Planned> planned = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      planned.add(
          new Planned(
              UUID.randomUUID(),
              OpaqueTokens.random(32),
              ThreadLocalRandom.current().nextInt(1, 16381),
              OpaqueTokens.incarnation()));
    }
    List<List<Planned>> chunks = new ArrayList<>();
    for (int from = 0; from < count; from += CHUNK) {
      chunks.add(planned.subList(from, Math.min(from + CHUNK, count)));
    }
    Instant now = clock.instant();
    Map<UUID, String> refreshTokens = new ConcurrentHashMap<>(count * 2);
    List<Provisioned> made;
    try {
      // Redis first, as registration does (a token must not predate its device's auth record);
      // only writes inside the pipelines, so each is sent in one go.
      chunks.parallelStream().forEach(chunk -> write(chunk, now, refreshTokens));
      // Then the signatures, most of the CPU, on every core.
      made =
          planned.parallelStream()
              .map(
                  p ->
                      new Provisioned(
                          p.accountId(),
                          1,
                          p.registrationId(),
                          new TokenPair(
                              accessTokens.issue(
                                  p.accountId(), 1, p.incarnation(), properties.accessTokenTtl()),
                              refreshTokens.get(p.accountId()),
                              properties.accessTokenTtl().toSeconds())))
              .toList();
    } catch (RuntimeException e) {
      chunks.parallelStream().forEach(this::undo);
      throw e;
    }
    Map<UUID, Consumer<AccountEvent.Builder>> registered = new LinkedHashMap<>();
    for (Planned p : planned) {
      registered.put(
          p.accountId(),
          e ->
              e.setAccountRegistered(
                  AccountRegistered.newBuilder()
                      .setAccountId(p.accountId().toString())
                      .setPrimaryDeviceId(1)
                      .setRegistrationId(p.registrationId())
                      .setReinstall(false)
                      .setPrimaryDeviceIncarnation(p.incarnation())));
    }
    try {
      events.publishAll(registered);
      if (publishKeys) {
        publishKeys(planned);
      }
    } catch (RuntimeException e) {
      chunks.parallelStream().forEach(this::undo);
      throw e;
    }
    log.info(
        "bench: provisioned {} accounts{} in {} ms",
        count,
        publishKeys ? " with DeviceKeysPublished" : "",
        (System.nanoTime() - started) / 1_000_000);
    return made;
  }

  /**
   * Sends every device's {@code DeviceKeysPublished} at once and waits for all acknowledgements.
   */
  private void publishKeys(List<Planned> planned) {
    List<CompletableFuture<Void>> acknowledged = new ArrayList<>(planned.size());
    for (Planned p : planned) {
      KeyEvent event =
          KeyEvent.newBuilder()
              .setMetadata(publisher.metadata())
              .setDeviceKeysPublished(
                  DeviceKeysPublished.newBuilder()
                      .setDevice(Events.device(p.accountId(), 1))
                      .setRegistrationId(p.registrationId()))
              .build();
      acknowledged.add(publisher.publishAsync(Topics.KEYS, p.accountId().toString(), event));
    }
    try {
      CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ApiException unavailable) {
        throw unavailable;
      }
      throw e;
    }
  }

  /**
   * Writes a chunk, again if Redis did not answer in time (a loaded machine's Redis, syncing every
   * write, can stall past the command timeout): every write is idempotent, and a second refresh
   * family simply replaces the first.
   */
  private void write(List<Planned> chunk, Instant now, Map<UUID, String> refreshTokens) {
    for (int attempt = 1; ; attempt++) {
      try {
        writeOnce(chunk, now, refreshTokens);
        return;
      } catch (DataAccessException e) {
        if (attempt == WRITE_ATTEMPTS) {
          throw e;
        }
        log.warn("bench: writing {} accounts failed ({}), again", chunk.size(), e.toString());
      }
    }
  }

  private static final int WRITE_ATTEMPTS = 3;

  private void writeOnce(List<Planned> chunk, Instant now, Map<UUID, String> refreshTokens) {
    accounts.pipelined(
        () -> {
          for (Planned p : chunk) {
            accounts.claimPhone(p.phoneHash(), p.accountId());
            accounts.createAccount(p.accountId(), p.phoneHash(), now);
            accounts.putDevice(
                p.accountId(),
                new DeviceRecord(1, DEVICE_NAME, p.registrationId(), p.incarnation(), now));
            refreshTokens.put(
                p.accountId(), tokens.startCredentials(p.accountId(), 1, p.incarnation()));
          }
        });
  }

  /** Removes what {@link #write} wrote for the chunk (whatever part of it was written). */
  private void undo(List<Planned> chunk) {
    try {
      accounts.pipelined(
          () -> {
            for (Planned p : chunk) {
              tokens.forget(p.accountId(), 1);
              accounts.removeDevice(p.accountId(), 1);
              accounts.deleteAccount(p.accountId(), p.phoneHash());
            }
          });
    } catch (RuntimeException e) {
      log.warn("bench: could not undo {} accounts: {}", chunk.size(), e.toString());
    }
  }
}
