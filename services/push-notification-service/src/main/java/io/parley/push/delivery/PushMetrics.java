package io.parley.push.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.push.registration.Provider;
import org.springframework.stereotype.Component;

/**
 * Meters of push delivery (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code parley.push.sent} ({@code parley_push_sent_total}), tags {@code provider} (fcm,
 *       apns, webpush) and {@code outcome}: {@code accepted}, {@code invalid_token} (deleted),
 *       {@code rejected} (dead-lettered), {@code gave_up} (retries spent, dead-lettered), {@code
 *       coalesced} (a non-urgent push within the interval, not sent);
 *   <li>{@code parley.push.retries} ({@code parley_push_retries_total}), tag {@code provider}: one
 *       per retried attempt;
 *   <li>{@code parley.push.skipped} ({@code parley_push_skipped_total}), tag {@code reason}: {@code
 *       no_registration}, {@code invalid_request}.
 * </ul>
 */
@Component
public class PushMetrics {

  private final MeterRegistry registry;

  PushMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void sent(Provider provider, String outcome) {
    Counter.builder("parley.push.sent")
        .description("Push requests by provider and outcome")
        .tag("provider", provider.tag())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  void retried(Provider provider) {
    Counter.builder("parley.push.retries")
        .description("Push attempts retried after a 429, 5xx or network error")
        .tag("provider", provider.tag())
        .register(registry)
        .increment();
  }

  void skipped(String reason) {
    Counter.builder("parley.push.skipped")
        .description("Push requests not sent for lack of a registration or a valid request")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
