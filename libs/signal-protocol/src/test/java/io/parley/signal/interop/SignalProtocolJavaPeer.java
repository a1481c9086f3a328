package io.parley.signal.interop;

import org.whispersystems.libsignal.IdentityKey;
import org.whispersystems.libsignal.IdentityKeyPair;
import org.whispersystems.libsignal.SessionBuilder;
import org.whispersystems.libsignal.SessionCipher;
import org.whispersystems.libsignal.SignalProtocolAddress;
import org.whispersystems.libsignal.UntrustedIdentityException;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.protocol.CiphertextMessage;
import org.whispersystems.libsignal.protocol.PreKeySignalMessage;
import org.whispersystems.libsignal.protocol.SignalMessage;
import org.whispersystems.libsignal.state.PreKeyBundle;
import org.whispersystems.libsignal.state.PreKeyRecord;
import org.whispersystems.libsignal.state.SignedPreKeyRecord;
import org.whispersystems.libsignal.state.impl.InMemorySignalProtocolStore;
import org.whispersystems.libsignal.util.KeyHelper;

/** signal-protocol-java 2.8.1 as a peer (X3DH only: it predates Kyber). */
final class SignalProtocolJavaPeer implements Peer {

  private final String name;
  private final SignalProtocolAddress remote;
  private InMemorySignalProtocolStore store;
  private int nextId = 1;

  SignalProtocolJavaPeer(String name, io.parley.signal.SignalProtocolAddress remote) {
    this.name = name;
    this.remote = new SignalProtocolAddress(remote.name(), remote.deviceId());
    reinstall();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Bundle bundle(boolean pq) throws Exception {
    if (pq) {
      throw new UnsupportedOperationException("signal-protocol-java 2.8.1 has no Kyber");
    }
    IdentityKeyPair identity = store.getIdentityKeyPair();
    PreKeyRecord preKey = KeyHelper.generatePreKeys(nextId++, 1).get(0);
    SignedPreKeyRecord signed = KeyHelper.generateSignedPreKey(identity, nextId++);
    store.storePreKey(preKey.getId(), preKey);
    store.storeSignedPreKey(signed.getId(), signed);
    return new Bundle(
        store.getLocalRegistrationId(),
        1,
        preKey.getId(),
        preKey.getKeyPair().getPublicKey().serialize(),
        signed.getId(),
        signed.getKeyPair().getPublicKey().serialize(),
        signed.getSignature(),
        identity.getPublicKey().serialize(),
        null,
        null,
        null);
  }

  @Override
  public void startSession(Bundle theirs) throws Exception {
    if (theirs.kyberPreKey() != null) {
      throw new UnsupportedOperationException("signal-protocol-java 2.8.1 has no Kyber");
    }
    PreKeyBundle bundle =
        new PreKeyBundle(
            theirs.registrationId(),
            theirs.deviceId(),
            theirs.preKeyId() == null ? -1 : theirs.preKeyId(),
            theirs.preKey() == null ? null : Curve.decodePoint(theirs.preKey(), 0),
            theirs.signedPreKeyId(),
            Curve.decodePoint(theirs.signedPreKey(), 0),
            theirs.signedPreKeySignature(),
            new IdentityKey(theirs.identityKey(), 0));
    new SessionBuilder(store, remote).process(bundle);
  }

  @Override
  public Wire encrypt(byte[] plaintext) throws Exception {
    CiphertextMessage message = new SessionCipher(store, remote).encrypt(plaintext);
    return new Wire(message.getType(), message.serialize());
  }

  @Override
  public byte[] decrypt(Wire message) throws Exception {
    SessionCipher cipher = new SessionCipher(store, remote);
    return message.type() == CiphertextMessage.PREKEY_TYPE
        ? cipher.decrypt(new PreKeySignalMessage(message.body()))
        : cipher.decrypt(new SignalMessage(message.body()));
  }

  @Override
  public void reinstall() {
    store =
        new InMemorySignalProtocolStore(
            KeyHelper.generateIdentityKeyPair(), KeyHelper.generateRegistrationId(false));
  }

  @Override
  public boolean isUntrustedIdentity(Exception failure) {
    return failure instanceof UntrustedIdentityException;
  }
}
