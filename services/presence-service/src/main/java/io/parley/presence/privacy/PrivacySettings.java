package io.parley.presence.privacy;

/**
 * An account's two presence settings.
 *
 * @param online who sees whether it is online now
 * @param lastSeen who sees when it was last online; also decides whose last seen it may see (the
 *     reciprocal rule, {@link Privacy})
 */
public record PrivacySettings(Visibility online, Visibility lastSeen) {}
