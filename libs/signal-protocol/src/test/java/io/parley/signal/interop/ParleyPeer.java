package io.parley.signal.interop;

import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.UntrustedIdentityException;
import io.parley.signal.kem.KyberPublicKey;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.session.PreKeyBundle;
import io.parley.signal.session.SessionBuilder;
import io.parley.signal.session.SessionCipher;
import io.parley.signal.store.FileSignalProtocolStore;
import io.parley.signal.store.InMemorySignalProtocolStore;
import io.parley.signal.store.KyberPreKeyRecord;
import io.parley.signal.store.PreKeyRecord;
import io.parley.signal.store.SignalProtocolStore;
import io.parley.signal.store.SignedPreKeyRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Our implementation as a peer. With a directory it uses {@link FileSignalProtocolStore} and
 * reopens it from disk before every operation, so each message also proves that the state survives
 * a restart.
 */
final class ParleyPeer implements Peer {

  private final String name;
  private final SignalProtocolAddress remote;
  private final Path directory;
  private final SecureRandom random = new SecureRandom();
  private SignalProtocolStore store;
  private int nextId = 1;
  private int installation;

  ParleyPeer(String name, SignalProtocolAddress remote, Path directory) {
    this.name = name;
    this.remote = remote;
    this.directory = directory;
    this.store = newStore();
  }

  private SignalProtocolStore newStore() {
    installation++;
    if (directory == null) {
      return new InMemorySignalProtocolStore(ECKeyPair.generate(random), 1 + random.nextInt(16380));
    }
    return FileSignalProtocolStore.open(directory.resolve("install-" + installation), random);
  }

  /** The store as a restarted process would see it. */
  private SignalProtocolStore store() {
    if (directory != null) {
      store = FileSignalProtocolStore.open(directory.resolve("install-" + installation), random);
    }
    return store;
  }

  SignalProtocolStore currentStore() {
    return store();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Bundle bundle(boolean pq) throws Exception {
    SignalProtocolStore s = store();
    ECKeyPair identity = s.identityKeyPair();
    PreKeyRecord preKey = PreKeyRecord.generate(nextId++, random);
    SignedPreKeyRecord signed =
        SignedPreKeyRecord.generate(nextId++, identity, Clock.systemUTC(), random);
    s.storePreKey(preKey.id(), preKey);
    s.storeSignedPreKey(signed.id(), signed);
    KyberPreKeyRecord kyber = null;
    if (pq) {
      kyber = KyberPreKeyRecord.generate(nextId++, false, identity, Clock.systemUTC(), random);
      s.storeKyberPreKey(kyber.id(), kyber);
    }
    return new Bundle(
        s.localRegistrationId(),
        1,
        preKey.id(),
        preKey.keyPair().publicKey().serialize(),
        signed.id(),
        signed.keyPair().publicKey().serialize(),
        signed.signature(),
        identity.publicKey().serialize(),
        kyber == null ? null : kyber.id(),
        kyber == null ? null : kyber.keyPair().publicKey().serialize(),
        kyber == null ? null : kyber.signature());
  }

  @Override
  public void startSession(Bundle theirs) throws Exception {
    PreKeyBundle bundle =
        new PreKeyBundle(
            theirs.registrationId(),
            theirs.deviceId(),
            theirs.preKeyId(),
            theirs.preKey() == null ? null : ECPublicKey.deserialize(theirs.preKey()),
            theirs.signedPreKeyId(),
            ECPublicKey.deserialize(theirs.signedPreKey()),
            theirs.signedPreKeySignature(),
            ECPublicKey.deserialize(theirs.identityKey()),
            theirs.kyberPreKeyId(),
            theirs.kyberPreKey() == null ? null : KyberPublicKey.deserialize(theirs.kyberPreKey()),
            theirs.kyberPreKeySignature());
    new SessionBuilder(store(), remote).process(bundle);
  }

  @Override
  public Wire encrypt(byte[] plaintext) throws Exception {
    var message = new SessionCipher(store(), remote).encrypt(plaintext);
    return new Wire(message.type(), message.serialize());
  }

  @Override
  public byte[] decrypt(Wire message) throws Exception {
    return new SessionCipher(store(), remote).decrypt(message.type(), message.body());
  }

  @Override
  public void reinstall() throws Exception {
    store = newStore();
    if (directory != null) {
      Files.createDirectories(directory);
    }
  }

  @Override
  public boolean isUntrustedIdentity(Exception failure) {
    return failure instanceof UntrustedIdentityException;
  }
}
