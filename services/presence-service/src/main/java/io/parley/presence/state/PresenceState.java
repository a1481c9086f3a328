package io.parley.presence.state;

import java.time.Instant;

/**
 * What watchers know of an account: online as announced (an account whose last device just left
 * stays online until the offline delay passes), and when it was last seen (null: never).
 */
public record PresenceState(boolean online, Instant lastSeen) {

  public static final PresenceState NEVER_SEEN = new PresenceState(false, null);
}
