/** Watches registered by edge nodes, and the per-node fan-out of changes. */
package io.parley.presence.watch;
