/**
 * The provisioning relay for linking a device: the new device holds an unauthenticated WebSocket at
 * {@code /ws/provisioning} that gets a one-time address; the primary device PUTs one opaque,
 * encrypted message to it; the relay passes it on and never sees plaintext.
 */
package io.parley.edge.provisioning;
