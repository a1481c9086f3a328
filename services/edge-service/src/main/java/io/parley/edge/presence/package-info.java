/**
 * Presence watches of this node's sessions: {@code SEND /app/presence/watch} and {@code
 * /app/presence/unwatch}, registered with presence-service (which answers the snapshot), and the
 * changes presence-service publishes to this node only, delivered on {@code /user/queue/presence}.
 * Privacy is decided by presence-service per viewer; this package only routes. docs/stomp.md,
 * docs/adr/0013-presence.md.
 */
package io.parley.edge.presence;
