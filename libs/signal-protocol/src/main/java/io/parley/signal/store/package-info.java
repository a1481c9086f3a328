/**
 * Where a client keeps its protocol state: its identity and trusted peers, sessions, one-time
 * prekeys, signed prekeys and Kyber prekeys. {@link
 * io.parley.signal.store.InMemorySignalProtocolStore} for tests and short-lived use, {@link
 * io.parley.signal.store.FileSignalProtocolStore} for state that must survive a restart.
 */
package io.parley.signal.store;
