package io.parley.signal.session;

import io.parley.signal.DuplicateMessageException;
import io.parley.signal.InvalidKeyIdException;
import io.parley.signal.InvalidMacException;
import io.parley.signal.InvalidMessageException;
import io.parley.signal.InvalidVersionException;
import io.parley.signal.NoSessionException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.SignalProtocolException;
import io.parley.signal.TooManySkippedMessagesException;
import io.parley.signal.UntrustedIdentityException;
import io.parley.signal.internal.Crypto;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.protocol.CiphertextMessage;
import io.parley.signal.protocol.PreKeySignalMessage;
import io.parley.signal.protocol.SignalMessage;
import io.parley.signal.ratchet.ChainKey;
import io.parley.signal.ratchet.MessageKeys;
import io.parley.signal.ratchet.RootKey;
import io.parley.signal.store.Direction;
import io.parley.signal.store.SignalProtocolStore;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Encrypts to and decrypts from one peer device with the Double Ratchet. Each call loads the
 * session, works on a copy, and stores it only if it succeeded: a message that fails to decrypt
 * (bad MAC, duplicate, too far ahead) leaves the session as it was. Calls on the same store are
 * serialized.
 */
public final class SessionCipher {

  /** How far ahead in a chain a message may be, as libsignal: beyond, it is refused. */
  public static final int MAX_FORWARD_JUMPS = 25_000;

  /** A session whose handshake was never answered is abandoned after this long, as libsignal. */
  public static final Duration MAX_UNACKNOWLEDGED_SESSION_AGE = Duration.ofDays(30);

  /** SecureRandom is thread-safe, and seeding one per cipher costs more than a message. */
  private static final SecureRandom SHARED_RANDOM = new SecureRandom();

  private final SignalProtocolStore store;
  private final SignalProtocolAddress remoteAddress;
  private final Clock clock;
  private final SecureRandom random;

  public SessionCipher(SignalProtocolStore store, SignalProtocolAddress remoteAddress) {
    this(store, remoteAddress, Clock.systemUTC(), SHARED_RANDOM);
  }

  public SessionCipher(
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
   * Encrypts {@code plaintext}: a {@link PreKeySignalMessage} until the peer has answered, then a
   * {@link SignalMessage}.
   *
   * @throws NoSessionException if there is no session, or its handshake is older than 30 days
   * @throws UntrustedIdentityException if the session's identity is no longer trusted
   */
  public CiphertextMessage encrypt(byte[] plaintext)
      throws NoSessionException, UntrustedIdentityException {
    Objects.requireNonNull(plaintext, "plaintext");
    synchronized (store) {
      SessionRecord record = store.loadSession(remoteAddress);
      if (record == null || record.current == null) {
        throw new NoSessionException("no session with " + remoteAddress);
      }
      SessionState state = record.current;
      ChainKey chainKey = state.senderChain();
      MessageKeys keys = chainKey.messageKeys();
      byte[] ciphertext = Crypto.aesCbcEncrypt(keys.cipherKey(), keys.iv(), plaintext);
      SignalMessage signalMessage =
          SignalMessage.create(
              state.version,
              keys.macKey(),
              state.senderRatchetKey.publicKey(),
              chainKey.index(),
              state.previousCounter,
              ciphertext,
              state.localIdentity,
              state.remoteIdentity);

      CiphertextMessage message = signalMessage;
      SessionState.PendingPreKey pending = state.pendingPreKey;
      if (pending != null) {
        if (pending.timestampMillis() + MAX_UNACKNOWLEDGED_SESSION_AGE.toMillis()
            < clock.millis()) {
          throw new NoSessionException(
              "session with " + remoteAddress + " was never acknowledged and is stale");
        }
        message =
            PreKeySignalMessage.create(
                state.version,
                state.localRegistrationId,
                pending.preKeyId(),
                pending.signedPreKeyId(),
                pending.kyberPreKeyId(),
                pending.kyberCiphertext(),
                pending.baseKey(),
                state.localIdentity,
                signalMessage);
      }
      state.setSenderChainKey(chainKey.next());

      if (!store.isTrustedIdentity(remoteAddress, state.remoteIdentity, Direction.SENDING)) {
        throw new UntrustedIdentityException(
            "identity key of " + remoteAddress + " is not the trusted one");
      }
      store.saveIdentity(remoteAddress, state.remoteIdentity);
      store.storeSession(remoteAddress, record);
      return message;
    }
  }

  /** Decrypts {@code serialized} of libsignal's {@code type} (2: Whisper, 3: PreKey). */
  public byte[] decrypt(int type, byte[] serialized) throws SignalProtocolException {
    return switch (type) {
      case CiphertextMessage.WHISPER_TYPE -> decrypt(SignalMessage.parse(serialized));
      case CiphertextMessage.PREKEY_TYPE -> decrypt(PreKeySignalMessage.parse(serialized));
      default -> throw new InvalidMessageException("unknown ciphertext message type " + type);
    };
  }

  /**
   * Decrypts the first messages of a session the peer started, creating the session (or finding it,
   * when the peer repeats its handshake). Uses up the one-time prekey and, unless it is the
   * last-resort one, the Kyber prekey.
   *
   * @throws UntrustedIdentityException if the sender's identity key is not the trusted one
   * @throws InvalidKeyIdException if a prekey the message names is not (or no longer) in the store
   * @throws InvalidMacException if the message was altered or not made with these keys
   * @throws DuplicateMessageException if it was decrypted before
   */
  public byte[] decrypt(PreKeySignalMessage message) throws SignalProtocolException {
    synchronized (store) {
      if (!store.isTrustedIdentity(remoteAddress, message.identityKey(), Direction.RECEIVING)) {
        throw new UntrustedIdentityException(
            "identity key of " + remoteAddress + " is not the trusted one");
      }
      SessionRecord record = store.loadSession(remoteAddress);
      if (record == null) {
        record = new SessionRecord();
      }
      SessionBuilder.PreKeysUsed used = SessionBuilder.process(store, record, message);
      byte[] plaintext = decrypt(record, message.message(), true);

      store.saveIdentity(remoteAddress, message.identityKey());
      store.storeSession(remoteAddress, record);
      if (used.preKeyId() != null) {
        store.removePreKey(used.preKeyId());
      }
      if (used.kyberPreKeyId() != null) {
        store.markKyberPreKeyUsed(used.kyberPreKeyId());
      }
      return plaintext;
    }
  }

  /**
   * Decrypts a message of an established session.
   *
   * @throws NoSessionException if there is no session with the peer
   * @throws InvalidMacException if no session's keys give the message's MAC
   * @throws DuplicateMessageException if it was decrypted before
   * @throws TooManySkippedMessagesException if it is more than {@value #MAX_FORWARD_JUMPS} ahead
   * @throws UntrustedIdentityException if the session's identity is no longer trusted
   */
  public byte[] decrypt(SignalMessage message) throws SignalProtocolException {
    synchronized (store) {
      SessionRecord record = store.loadSession(remoteAddress);
      if (record == null) {
        throw new NoSessionException("no session with " + remoteAddress);
      }
      byte[] plaintext = decrypt(record, message, false);
      ECPublicKey identity = record.current.remoteIdentity;
      if (!store.isTrustedIdentity(remoteAddress, identity, Direction.RECEIVING)) {
        throw new UntrustedIdentityException(
            "identity key of " + remoteAddress + " is not the trusted one");
      }
      store.saveIdentity(remoteAddress, identity);
      store.storeSession(remoteAddress, record);
      return plaintext;
    }
  }

  /**
   * Tries the current session, then the archived ones (as libsignal); a duplicate stops at once.
   */
  private byte[] decrypt(SessionRecord record, SignalMessage message, boolean preKeyMessage)
      throws SignalProtocolException {
    SignalProtocolException firstFailure = null;
    if (record.current != null) {
      SessionState attempt = record.current.copy();
      try {
        byte[] plaintext = decrypt(attempt, message);
        record.current = attempt;
        return plaintext;
      } catch (DuplicateMessageException e) {
        throw e;
      } catch (SignalProtocolException e) {
        if (preKeyMessage) {
          throw e;
        }
        firstFailure = e;
      }
    }
    for (int i = 0; i < record.previous.size(); i++) {
      SessionState attempt = record.previous.get(i).copy();
      try {
        byte[] plaintext = decrypt(attempt, message);
        record.promoteOld(i, attempt);
        return plaintext;
      } catch (DuplicateMessageException e) {
        throw e;
      } catch (SignalProtocolException e) {
        if (firstFailure == null) {
          firstFailure = e;
        }
      }
    }
    if (firstFailure == null) {
      throw new NoSessionException("no session with " + remoteAddress);
    }
    throw firstFailure;
  }

  private byte[] decrypt(SessionState state, SignalMessage message) throws SignalProtocolException {
    if (message.version() != state.version) {
      throw new InvalidVersionException(
          "message version " + message.version() + " on a version " + state.version + " session");
    }
    ECPublicKey theirRatchetKey = message.ratchetKey();
    SessionState.ReceiverChain chain = receiverChain(state, theirRatchetKey);
    MessageKeys keys = messageKeys(chain, message.counter());
    if (!message.verifyMac(state.remoteIdentity, state.localIdentity, keys.macKey())) {
      throw new InvalidMacException("MAC of message from " + remoteAddress + " does not verify");
    }
    byte[] plaintext;
    try {
      plaintext = Crypto.aesCbcDecrypt(keys.cipherKey(), keys.iv(), message.ciphertext());
    } catch (GeneralSecurityException e) {
      throw new InvalidMessageException("message body does not decrypt", e);
    }
    state.pendingPreKey = null;
    return plaintext;
  }

  /** The receiving chain of {@code theirRatchetKey}, ratcheting forward if it is a new key. */
  private SessionState.ReceiverChain receiverChain(
      SessionState state, ECPublicKey theirRatchetKey) {
    SessionState.ReceiverChain chain = state.receiverChain(theirRatchetKey);
    if (chain != null) {
      return chain;
    }
    RootKey.Step receiving =
        state.root().createChain(theirRatchetKey, state.senderRatchetKey.privateKey());
    ECKeyPair ourNewRatchetKey = ECKeyPair.generate(random);
    RootKey.Step sending =
        receiving.rootKey().createChain(theirRatchetKey, ourNewRatchetKey.privateKey());
    state.rootKey = sending.rootKey().key();
    SessionState.ReceiverChain added =
        state.addReceiverChain(theirRatchetKey, receiving.chainKey());
    state.previousCounter = Math.max(state.senderChainIndex - 1, 0);
    state.setSenderChain(ourNewRatchetKey, sending.chainKey());
    return added;
  }

  private static MessageKeys messageKeys(SessionState.ReceiverChain chain, int counter)
      throws DuplicateMessageException, TooManySkippedMessagesException {
    long target = Integer.toUnsignedLong(counter);
    long index = Integer.toUnsignedLong(chain.index);
    if (index > target) {
      byte[] seed = chain.skipped.remove(counter);
      if (seed == null) {
        throw new DuplicateMessageException(
            "message " + target + " was received before (chain is at " + index + ")");
      }
      return MessageKeys.derive(seed, counter);
    }
    if (target - index > MAX_FORWARD_JUMPS) {
      throw new TooManySkippedMessagesException(
          "message " + target + " is more than " + MAX_FORWARD_JUMPS + " ahead of " + index);
    }
    ChainKey chainKey = new ChainKey(chain.chainKey, chain.index);
    while (Integer.toUnsignedLong(chainKey.index()) < target) {
      SessionState.addSkipped(chain, chainKey.index(), chainKey.messageKeySeed());
      chainKey = chainKey.next();
    }
    ChainKey next = chainKey.next();
    chain.chainKey = next.key();
    chain.index = next.index();
    return chainKey.messageKeys();
  }
}
