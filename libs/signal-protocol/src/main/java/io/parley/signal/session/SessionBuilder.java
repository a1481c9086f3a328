package io.parley.signal.session;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.InvalidKeyIdException;
import io.parley.signal.InvalidSignatureException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.UntrustedIdentityException;
import io.parley.signal.kem.Kyber1024;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.XEdDSA;
import io.parley.signal.protocol.PreKeySignalMessage;
import io.parley.signal.store.Direction;
import io.parley.signal.store.KyberPreKeyRecord;
import io.parley.signal.store.SignalProtocolStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Starts sessions with one peer device: from its prekey bundle (we are Alice), or from its first
 * message (we are Bob, see {@link SessionCipher#decrypt(PreKeySignalMessage)}).
 */
public final class SessionBuilder {

  /** SecureRandom is thread-safe, and seeding one per cipher costs more than a message. */
  private static final SecureRandom SHARED_RANDOM = new SecureRandom();

  private final SignalProtocolStore store;
  private final SignalProtocolAddress remoteAddress;
  private final Clock clock;
  private final SecureRandom random;

  public SessionBuilder(SignalProtocolStore store, SignalProtocolAddress remoteAddress) {
    this(store, remoteAddress, Clock.systemUTC(), SHARED_RANDOM);
  }

  public SessionBuilder(
      SignalProtocolStore store,
      SignalProtocolAddress remoteAddress,
      Clock clock,
      SecureRandom random) {
    this.store = Objects.requireNonNull(store, "store");
    this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Starts a session from the peer's bundle: X3DH, or PQXDH if the bundle has a Kyber prekey. Until
   * the peer answers, every message is a {@link PreKeySignalMessage} carrying the handshake.
   *
   * @throws UntrustedIdentityException if the bundle's identity key is not the trusted one
   * @throws InvalidSignatureException if a prekey signature does not verify
   * @throws InvalidKeyException if the Kyber prekey is unusable
   */
  public void process(PreKeyBundle bundle)
      throws UntrustedIdentityException, InvalidSignatureException, InvalidKeyException {
    synchronized (store) {
      if (!store.isTrustedIdentity(remoteAddress, bundle.identityKey(), Direction.SENDING)) {
        throw new UntrustedIdentityException(
            "identity key of " + remoteAddress + " is not the trusted one");
      }
      if (!XEdDSA.verify(
          bundle.identityKey(),
          bundle.signedPreKey().serialize(),
          bundle.signedPreKeySignature())) {
        throw new InvalidSignatureException("signed prekey signature does not verify");
      }
      Kyber1024.Encapsulation kyber = null;
      if (bundle.kyberPreKey() != null) {
        if (!XEdDSA.verify(
            bundle.identityKey(),
            bundle.kyberPreKey().serialize(),
            bundle.kyberPreKeySignature())) {
          throw new InvalidSignatureException("Kyber prekey signature does not verify");
        }
        kyber = Kyber1024.encapsulate(bundle.kyberPreKey(), random);
      }

      SessionRecord record = store.loadSession(remoteAddress);
      if (record == null) {
        record = new SessionRecord();
      }
      ECKeyPair baseKey = ECKeyPair.generate(random);
      SessionState state =
          Handshake.alice(
              store.identityKeyPair(),
              baseKey,
              bundle.identityKey(),
              bundle.signedPreKey(),
              bundle.preKey(),
              kyber == null ? null : kyber.sharedSecret(),
              random);
      state.pendingPreKey =
          new SessionState.PendingPreKey(
              bundle.preKeyId(),
              bundle.signedPreKeyId(),
              baseKey.publicKey(),
              bundle.kyberPreKeyId(),
              kyber == null ? null : kyber.serializedCiphertext(),
              clock.millis());
      state.localRegistrationId = store.localRegistrationId();
      state.remoteRegistrationId = bundle.registrationId();

      store.saveIdentity(remoteAddress, bundle.identityKey());
      record.promoteState(state);
      store.storeSession(remoteAddress, record);
    }
  }

  /** The prekeys a PreKeySignalMessage used, to remove once its decryption succeeded. */
  record PreKeysUsed(Integer preKeyId, Integer kyberPreKeyId) {
    static final PreKeysUsed NONE = new PreKeysUsed(null, null);
  }

  /**
   * Bob's side: makes {@code record}'s current session the one {@code message} starts (a known one
   * if the message repeats a handshake), without touching the store.
   */
  static PreKeysUsed process(
      SignalProtocolStore store, SessionRecord record, PreKeySignalMessage message)
      throws InvalidKeyIdException, InvalidKeyException {
    if (record.promoteMatchingSession(message.version(), message.baseKey())) {
      return PreKeysUsed.NONE;
    }
    ECKeyPair signedPreKey = store.loadSignedPreKey(message.signedPreKeyId()).keyPair();
    byte[] kyberSharedSecret = null;
    if (message.kyberPreKeyId() != null) {
      KyberPreKeyRecord kyber = store.loadKyberPreKey(message.kyberPreKeyId());
      kyberSharedSecret =
          Kyber1024.decapsulate(kyber.keyPair().secretKey(), message.kyberCiphertext());
    }
    ECKeyPair oneTimePreKey =
        message.preKeyId() == null ? null : store.loadPreKey(message.preKeyId()).keyPair();

    SessionState state =
        Handshake.bob(
            store.identityKeyPair(),
            signedPreKey,
            oneTimePreKey,
            kyberSharedSecret,
            message.identityKey(),
            message.baseKey());
    state.localRegistrationId = store.localRegistrationId();
    state.remoteRegistrationId = message.registrationId();
    record.promoteState(state);
    return new PreKeysUsed(message.preKeyId(), message.kyberPreKeyId());
  }
}
