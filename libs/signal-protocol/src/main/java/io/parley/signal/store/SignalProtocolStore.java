package io.parley.signal.store;

/** Everything a client keeps, in one place. */
public interface SignalProtocolStore
    extends IdentityKeyStore, SessionStore, PreKeyStore, SignedPreKeyStore, KyberPreKeyStore {}
