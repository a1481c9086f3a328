package io.parley.signal.store;

import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;

/** Our identity, and the identities we trust for each peer. */
public interface IdentityKeyStore {

  /** Our long-term identity key pair. */
  ECKeyPair identityKeyPair();

  /** Our registration id (sent in PreKeySignalMessages). */
  int localRegistrationId();

  /**
   * Records {@code identityKey} as {@code address}'s identity.
   *
   * @return whether it replaced a different key (the peer's identity changed)
   */
  boolean saveIdentity(SignalProtocolAddress address, ECPublicKey identityKey);

  /**
   * Whether {@code identityKey} may be used for {@code address}. The stores here trust on first use
   * and then only the saved key: a changed identity is refused until the application calls {@link
   * #saveIdentity} with it (after the user verified it, say).
   */
  boolean isTrustedIdentity(
      SignalProtocolAddress address, ECPublicKey identityKey, Direction direction);

  /** The saved identity of {@code address}, or {@code null}. */
  ECPublicKey identity(SignalProtocolAddress address);
}
