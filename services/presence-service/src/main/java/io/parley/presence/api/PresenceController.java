package io.parley.presence.api;

import io.parley.presence.PresenceProperties;
import io.parley.presence.privacy.PresenceView;
import io.parley.presence.privacy.Privacy;
import io.parley.presence.state.PresenceStore;
import io.parley.runtime.ratelimit.TokenBuckets;
import io.parley.runtime.web.BadRequestException;
import io.parley.security.AuthenticatedDevice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One account's presence, as its owner's settings let the caller see it. */
@RestController
@RequestMapping("/v1/presence")
@SecurityRequirement(name = "bearer")
class PresenceController {

  private final PresenceStore store;
  private final Privacy privacy;
  private final TokenBuckets buckets;
  private final TokenBuckets.Limit lookups;

  PresenceController(
      PresenceStore store, Privacy privacy, TokenBuckets buckets, PresenceProperties properties) {
    this.store = store;
    this.privacy = privacy;
    this.buckets = buckets;
    this.lookups =
        new TokenBuckets.Limit(
            "presence-lookup",
            properties.lookupRate().capacity(),
            properties.lookupRate().refillEvery());
  }

  @GetMapping("/{accountId}")
  @Operation(
      summary = "An account's online status and last seen",
      description =
          "online is absent when hidden from the caller, lastSeen when hidden or unknown. An"
              + " unknown account looks like one never seen (online false), so the answer tells"
              + " nothing about whether the account exists.")
  PresenceView get(
      @AuthenticationPrincipal AuthenticatedDevice device, @PathVariable String accountId) {
    UUID target = Requests.accountId("accountId", accountId);
    buckets.take(lookups, device.toString(), 1);
    return PresenceView.of(
        target,
        store.state(target),
        privacy.accessOf(device.accountId(), List.of(target)).get(target));
  }

  /** Account ids in requests, with errors that name the field. */
  static final class Requests {
    private Requests() {}

    static UUID accountId(String field, String text) {
      try {
        if (text != null && text.length() == 36) {
          return UUID.fromString(text);
        }
      } catch (IllegalArgumentException e) {
        // answered below
      }
      throw new BadRequestException(field, "is not an account id (a UUID)");
    }
  }
}
