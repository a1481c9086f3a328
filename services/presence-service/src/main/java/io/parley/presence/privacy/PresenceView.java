package io.parley.presence.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.presence.state.PresenceState;
import java.time.Instant;
import java.util.UUID;

/**
 * What a viewer is told of an account: {@code online} absent when hidden from the viewer, {@code
 * lastSeen} absent when hidden or never known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceView(UUID accountId, Boolean online, Instant lastSeen) {

  public static PresenceView of(UUID accountId, PresenceState state, Access access) {
    return new PresenceView(
        accountId,
        access.online() ? state.online() : null,
        access.lastSeen() ? state.lastSeen() : null);
  }
}
