package io.parley.signal.session;

import io.parley.signal.internal.Binary;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPrivateKey;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.ratchet.ChainKey;
import io.parley.signal.ratchet.RootKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Double Ratchet session's state. Mutable and not thread-safe: {@link SessionCipher} works on a
 * copy and only a successful operation's copy is stored.
 */
final class SessionState {

  /** Receiving chains kept (older ones are dropped), as libsignal. */
  static final int MAX_RECEIVER_CHAINS = 5;

  /** Skipped message keys kept per receiving chain (oldest dropped first), as libsignal. */
  static final int MAX_SKIPPED_MESSAGE_KEYS = 2000;

  int version;
  ECPublicKey localIdentity;
  ECPublicKey remoteIdentity;
  byte[] rootKey;
  int previousCounter;
  ECKeyPair senderRatchetKey;
  byte[] senderChainKey;
  int senderChainIndex;
  final List<ReceiverChain> receiverChains = new ArrayList<>();
  PendingPreKey pendingPreKey;
  int localRegistrationId;
  int remoteRegistrationId;

  /** The initiator's base key: identifies the session a repeated PreKeySignalMessage belongs to. */
  ECPublicKey aliceBaseKey;

  /** What Alice resends in every PreKeySignalMessage until Bob answers. */
  record PendingPreKey(
      Integer preKeyId,
      int signedPreKeyId,
      ECPublicKey baseKey,
      Integer kyberPreKeyId,
      byte[] kyberCiphertext,
      long timestampMillis) {

    @Override
    public boolean equals(Object other) {
      return other instanceof PendingPreKey that
          && java.util.Objects.equals(preKeyId, that.preKeyId)
          && signedPreKeyId == that.signedPreKeyId
          && baseKey.equals(that.baseKey)
          && java.util.Objects.equals(kyberPreKeyId, that.kyberPreKeyId)
          && java.util.Arrays.equals(kyberCiphertext, that.kyberCiphertext)
          && timestampMillis == that.timestampMillis;
    }

    @Override
    public int hashCode() {
      return baseKey.hashCode();
    }

    @Override
    public String toString() {
      return "PendingPreKey[prekey " + preKeyId + ", signed prekey " + signedPreKeyId + "]";
    }
  }

  static final class ReceiverChain {
    final ECPublicKey ratchetKey;
    byte[] chainKey;
    int index;

    /** Counter to message key seed, oldest first. */
    final LinkedHashMap<Integer, byte[]> skipped;

    ReceiverChain(ECPublicKey ratchetKey, byte[] chainKey, int index) {
      this(ratchetKey, chainKey, index, new LinkedHashMap<>());
    }

    private ReceiverChain(
        ECPublicKey ratchetKey,
        byte[] chainKey,
        int index,
        LinkedHashMap<Integer, byte[]> skipped) {
      this.ratchetKey = ratchetKey;
      this.chainKey = chainKey;
      this.index = index;
      this.skipped = skipped;
    }

    ReceiverChain copy() {
      return new ReceiverChain(ratchetKey, chainKey, index, new LinkedHashMap<>(skipped));
    }
  }

  SessionState copy() {
    SessionState copy = new SessionState();
    copy.version = version;
    copy.localIdentity = localIdentity;
    copy.remoteIdentity = remoteIdentity;
    copy.rootKey = rootKey;
    copy.previousCounter = previousCounter;
    copy.senderRatchetKey = senderRatchetKey;
    copy.senderChainKey = senderChainKey;
    copy.senderChainIndex = senderChainIndex;
    for (ReceiverChain chain : receiverChains) {
      copy.receiverChains.add(chain.copy());
    }
    copy.pendingPreKey = pendingPreKey;
    copy.localRegistrationId = localRegistrationId;
    copy.remoteRegistrationId = remoteRegistrationId;
    copy.aliceBaseKey = aliceBaseKey;
    return copy;
  }

  RootKey root() {
    return new RootKey(rootKey);
  }

  ChainKey senderChain() {
    return new ChainKey(senderChainKey, senderChainIndex);
  }

  void setSenderChain(ECKeyPair ratchetKey, ChainKey chainKey) {
    senderRatchetKey = ratchetKey;
    senderChainKey = chainKey.key();
    senderChainIndex = chainKey.index();
  }

  void setSenderChainKey(ChainKey chainKey) {
    senderChainKey = chainKey.key();
    senderChainIndex = chainKey.index();
  }

  ReceiverChain receiverChain(ECPublicKey ratchetKey) {
    for (ReceiverChain chain : receiverChains) {
      if (chain.ratchetKey.equals(ratchetKey)) {
        return chain;
      }
    }
    return null;
  }

  ReceiverChain addReceiverChain(ECPublicKey ratchetKey, ChainKey chainKey) {
    ReceiverChain chain = new ReceiverChain(ratchetKey, chainKey.key(), chainKey.index());
    receiverChains.add(chain);
    while (receiverChains.size() > MAX_RECEIVER_CHAINS) {
      receiverChains.remove(0);
    }
    return chain;
  }

  static void addSkipped(ReceiverChain chain, int counter, byte[] seed) {
    chain.skipped.put(counter, seed);
    Iterator<Map.Entry<Integer, byte[]>> oldest = chain.skipped.entrySet().iterator();
    while (chain.skipped.size() > MAX_SKIPPED_MESSAGE_KEYS) {
      oldest.next();
      oldest.remove();
    }
  }

  void write(DataOutputStream out) throws IOException {
    out.writeByte(version);
    Binary.writeBytes(out, localIdentity.serialize());
    Binary.writeBytes(out, remoteIdentity.serialize());
    Binary.writeBytes(out, rootKey);
    out.writeInt(previousCounter);
    Binary.writeBytes(out, senderRatchetKey.publicKey().serialize());
    Binary.writeBytes(out, senderRatchetKey.privateKey().serialize());
    Binary.writeBytes(out, senderChainKey);
    out.writeInt(senderChainIndex);
    out.writeInt(receiverChains.size());
    for (ReceiverChain chain : receiverChains) {
      Binary.writeBytes(out, chain.ratchetKey.serialize());
      Binary.writeBytes(out, chain.chainKey);
      out.writeInt(chain.index);
      out.writeInt(chain.skipped.size());
      for (Map.Entry<Integer, byte[]> skipped : chain.skipped.entrySet()) {
        out.writeInt(skipped.getKey());
        Binary.writeBytes(out, skipped.getValue());
      }
    }
    out.writeBoolean(pendingPreKey != null);
    if (pendingPreKey != null) {
      Binary.writeNullableInt(out, pendingPreKey.preKeyId());
      out.writeInt(pendingPreKey.signedPreKeyId());
      Binary.writeBytes(out, pendingPreKey.baseKey().serialize());
      Binary.writeNullableInt(out, pendingPreKey.kyberPreKeyId());
      Binary.writeNullableBytes(out, pendingPreKey.kyberCiphertext());
      out.writeLong(pendingPreKey.timestampMillis());
    }
    out.writeInt(localRegistrationId);
    out.writeInt(remoteRegistrationId);
    Binary.writeBytes(out, aliceBaseKey.serialize());
  }

  static SessionState read(DataInputStream in) throws IOException {
    try {
      SessionState state = new SessionState();
      state.version = in.readByte();
      state.localIdentity = ECPublicKey.deserialize(Binary.readBytes(in));
      state.remoteIdentity = ECPublicKey.deserialize(Binary.readBytes(in));
      state.rootKey = Binary.readBytes(in);
      state.previousCounter = in.readInt();
      // the public key is stored too: deriving it costs an X25519 multiplication per load
      state.senderRatchetKey =
          new ECKeyPair(
              ECPublicKey.deserialize(Binary.readBytes(in)),
              ECPrivateKey.deserialize(Binary.readBytes(in)));
      state.senderChainKey = Binary.readBytes(in);
      state.senderChainIndex = in.readInt();
      int chains = in.readInt();
      for (int i = 0; i < chains; i++) {
        ReceiverChain chain =
            new ReceiverChain(
                ECPublicKey.deserialize(Binary.readBytes(in)), Binary.readBytes(in), in.readInt());
        int skipped = in.readInt();
        for (int j = 0; j < skipped; j++) {
          chain.skipped.put(in.readInt(), Binary.readBytes(in));
        }
        state.receiverChains.add(chain);
      }
      if (in.readBoolean()) {
        state.pendingPreKey =
            new PendingPreKey(
                Binary.readNullableInt(in),
                in.readInt(),
                ECPublicKey.deserialize(Binary.readBytes(in)),
                Binary.readNullableInt(in),
                Binary.readNullableBytes(in),
                in.readLong());
      }
      state.localRegistrationId = in.readInt();
      state.remoteRegistrationId = in.readInt();
      state.aliceBaseKey = ECPublicKey.deserialize(Binary.readBytes(in));
      if (state.rootKey.length != 32 || state.senderChainKey.length != 32) {
        throw new IOException("session state has a key of the wrong length");
      }
      return state;
    } catch (io.parley.signal.InvalidKeyException e) {
      throw new IOException("session state holds an invalid key", e);
    }
  }
}
