package io.parley.client;

import java.time.Instant;
import java.util.UUID;

/**
 * What a watched account lets this account see of its presence. Null fields are hidden (or, for
 * {@code lastSeen}, never seen).
 */
public record Presence(UUID accountId, Boolean online, Instant lastSeen) {}
