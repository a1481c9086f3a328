/** Session events in, presence changes out: damping, the node sweep, announcements. */
package io.parley.presence.sessions;
