package io.parley.push.delivery;

import io.parley.push.PushProperties;
import io.parley.push.registration.Provider;
import io.parley.push.registration.PushRegistration;
import io.parley.push.registration.RegistrationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides and performs one wake-up: looks up the device's registration, coalesces non-urgent
 * requests, sends through the provider, retries transient failures within the budget, deletes
 * registrations the provider reports dead, and tells the caller what must be dead-lettered.
 */
@Component
public class PushDispatcher {

  private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);

  /** What became of a request. */
  public sealed interface Outcome {
    /** Sent, coalesced, skipped, or its dead registration deleted: nothing more to do. */
    record Done(String what) implements Outcome {}

    /** To the dead-letter topic, with why. */
    record DeadLetter(Provider provider, int status, String reason) implements Outcome {}
  }

  /** Waits between attempts; tests replace it. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final RegistrationStore registrations;
  private final WakeGate wakeGate;
  private final Map<Provider, PushSender> senders = new EnumMap<>(Provider.class);
  private final PushProperties properties;
  private final PushMetrics metrics;
  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;

  @Autowired
  PushDispatcher(
      RegistrationStore registrations,
      WakeGate wakeGate,
      List<PushSender> senders,
      PushProperties properties,
      PushMetrics metrics,
      Clock clock) {
    this(
        registrations,
        wakeGate,
        senders,
        properties,
        metrics,
        clock,
        () -> ThreadLocalRandom.current().nextDouble(),
        duration -> Thread.sleep(duration.toMillis()));
  }

  PushDispatcher(
      RegistrationStore registrations,
      WakeGate wakeGate,
      List<PushSender> senders,
      PushProperties properties,
      PushMetrics metrics,
      Clock clock,
      DoubleSupplier random,
      Sleeper sleeper) {
    this.registrations = registrations;
    this.wakeGate = wakeGate;
    senders.forEach(sender -> this.senders.put(sender.provider(), sender));
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
    this.retryPolicy = new RetryPolicy(properties.retry(), random);
    this.sleeper = sleeper;
  }

  /** Wakes the device if it has a registration; blocks while retrying (bounded). */
  public Outcome dispatch(UUID accountId, int deviceId, boolean urgent)
      throws InterruptedException {
    Optional<RegistrationStore.Stored> stored = registrations.find(accountId, deviceId);
    if (stored.isEmpty()) {
      metrics.skipped("no_registration");
      return new Outcome.Done("no registration");
    }
    PushRegistration registration = stored.get().registration();
    Provider provider = registration.provider();
    MDC.put("pushProvider", provider.tag());
    try {
      Duration interval = properties.nonUrgentInterval();
      if (!urgent && !wakeGate.tryOpen(accountId, deviceId, interval)) {
        metrics.sent(provider, "coalesced");
        return new Outcome.Done("coalesced");
      }
      Outcome outcome = send(accountId, deviceId, registration, urgent);
      if (outcome instanceof Outcome.DeadLetter) {
        wakeGate.release(accountId, deviceId);
      } else if (urgent) {
        wakeGate.restart(accountId, deviceId, interval);
      }
      return outcome;
    } finally {
      MDC.remove("pushProvider");
    }
  }

  private Outcome send(UUID accountId, int deviceId, PushRegistration registration, boolean urgent)
      throws InterruptedException {
    Provider provider = registration.provider();
    PushSender sender = senders.get(provider);
    if (sender == null) {
      metrics.sent(provider, "rejected");
      return new Outcome.DeadLetter(provider, 0, provider.tag() + " is not enabled on this server");
    }
    Instant start = clock.instant();
    for (int attempt = 1; ; attempt++) {
      SendResult result;
      try {
        result = sender.send(registration, urgent);
      } catch (RuntimeException e) {
        // A bug or a stored registration this build cannot use: retrying would fail the same way
        // and hold the partition, so it is dead-lettered with the exception's class.
        log.error("{} sender failed for {}:{}", provider.tag(), accountId, deviceId, e);
        metrics.sent(provider, "rejected");
        return new Outcome.DeadLetter(provider, 0, "sender failed: " + e.getClass().getName());
      }
      if (result instanceof SendResult.Accepted) {
        metrics.sent(provider, "accepted");
        log.debug("woke {}:{} through {}", accountId, deviceId, provider.tag());
        return new Outcome.Done("accepted");
      }
      if (result instanceof SendResult.InvalidToken invalid) {
        boolean deleted =
            registrations.deleteIfUnchanged(accountId, deviceId, registration.fingerprint());
        metrics.sent(provider, "invalid_token");
        log.info(
            "{} reports the registration {} of {}:{} invalid ({}); {}",
            provider.tag(),
            registration.fingerprint(),
            accountId,
            deviceId,
            invalid.reason(),
            deleted ? "deleted" : "it was replaced meanwhile");
        return new Outcome.Done("invalid token");
      }
      if (result instanceof SendResult.Rejected rejected) {
        metrics.sent(provider, "rejected");
        log.warn(
            "{} rejected a push to {}:{} with {}: {}",
            provider.tag(),
            accountId,
            deviceId,
            rejected.status(),
            rejected.reason());
        return new Outcome.DeadLetter(provider, rejected.status(), rejected.reason());
      }
      SendResult.Transient failure = (SendResult.Transient) result;
      Duration elapsed = Duration.between(start, clock.instant());
      Optional<Duration> delay = retryPolicy.nextDelay(attempt, elapsed, failure.retryAfter());
      if (delay.isEmpty()) {
        metrics.sent(provider, "gave_up");
        String reason =
            "gave up after "
                + attempt
                + " attempt(s) in "
                + elapsed.toMillis()
                + " ms; last: "
                + failure.status()
                + " "
                + failure.reason();
        log.warn("push to {}:{} through {} {}", accountId, deviceId, provider.tag(), reason);
        return new Outcome.DeadLetter(provider, failure.status(), reason);
      }
      metrics.retried(provider);
      log.info(
          "{} answered {} ({}) for {}:{}; retrying in {} ms",
          provider.tag(),
          failure.status(),
          failure.reason(),
          accountId,
          deviceId,
          delay.get().toMillis());
      sleeper.sleep(delay.get());
    }
  }
}
