package io.parley.client;

import io.parley.signal.InvalidKeyIdException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.session.SessionRecord;
import io.parley.signal.store.Direction;
import io.parley.signal.store.KyberPreKeyRecord;
import io.parley.signal.store.PreKeyRecord;
import io.parley.signal.store.SignalProtocolStore;
import io.parley.signal.store.SignedPreKeyRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store as one decryption sees it: session updates, used prekeys and saved identities are held
 * back until {@link #commit()}. The client commits only after the plaintext is in its journal, so a
 * crash in between leaves the old session state, and the redelivered message decrypts again.
 */
final class StagedStore implements SignalProtocolStore {

  private final SignalProtocolStore store;
  private final Map<SignalProtocolAddress, SessionRecord> sessions = new HashMap<>();
  private final Map<SignalProtocolAddress, ECPublicKey> identities = new HashMap<>();
  private final List<Integer> usedPreKeys = new ArrayList<>();
  private final List<Integer> usedKyberPreKeys = new ArrayList<>();

  StagedStore(SignalProtocolStore store) {
    this.store = store;
  }

  void commit() {
    identities.forEach(store::saveIdentity);
    sessions.forEach(store::storeSession);
    usedPreKeys.forEach(store::removePreKey);
    usedKyberPreKeys.forEach(store::markKyberPreKeyUsed);
    identities.clear();
    sessions.clear();
    usedPreKeys.clear();
    usedKyberPreKeys.clear();
  }

  @Override
  public ECKeyPair identityKeyPair() {
    return store.identityKeyPair();
  }

  @Override
  public int localRegistrationId() {
    return store.localRegistrationId();
  }

  @Override
  public boolean saveIdentity(SignalProtocolAddress address, ECPublicKey identityKey) {
    ECPublicKey previous = identity(address);
    identities.put(address, identityKey);
    return previous != null && !previous.equals(identityKey);
  }

  @Override
  public boolean isTrustedIdentity(
      SignalProtocolAddress address, ECPublicKey identityKey, Direction direction) {
    ECPublicKey staged = identities.get(address);
    if (staged != null) {
      return staged.equals(identityKey);
    }
    return store.isTrustedIdentity(address, identityKey, direction);
  }

  @Override
  public ECPublicKey identity(SignalProtocolAddress address) {
    ECPublicKey staged = identities.get(address);
    return staged != null ? staged : store.identity(address);
  }

  @Override
  public SessionRecord loadSession(SignalProtocolAddress address) {
    SessionRecord staged = sessions.get(address);
    return staged != null ? staged : store.loadSession(address);
  }

  @Override
  public void storeSession(SignalProtocolAddress address, SessionRecord record) {
    sessions.put(address, record);
  }

  @Override
  public boolean containsSession(SignalProtocolAddress address) {
    return sessions.containsKey(address) || store.containsSession(address);
  }

  @Override
  public void deleteSession(SignalProtocolAddress address) {
    throw new UnsupportedOperationException("not during a decryption");
  }

  @Override
  public List<Integer> subDeviceSessions(String name) {
    return store.subDeviceSessions(name);
  }

  @Override
  public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    if (usedPreKeys.contains(preKeyId)) {
      throw new InvalidKeyIdException("prekey " + preKeyId + " was used");
    }
    return store.loadPreKey(preKeyId);
  }

  @Override
  public void storePreKey(int preKeyId, PreKeyRecord record) {
    throw new UnsupportedOperationException("not during a decryption");
  }

  @Override
  public boolean containsPreKey(int preKeyId) {
    return !usedPreKeys.contains(preKeyId) && store.containsPreKey(preKeyId);
  }

  @Override
  public void removePreKey(int preKeyId) {
    usedPreKeys.add(preKeyId);
  }

  @Override
  public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
    return store.loadSignedPreKey(signedPreKeyId);
  }

  @Override
  public List<SignedPreKeyRecord> loadSignedPreKeys() {
    return store.loadSignedPreKeys();
  }

  @Override
  public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    throw new UnsupportedOperationException("not during a decryption");
  }

  @Override
  public boolean containsSignedPreKey(int signedPreKeyId) {
    return store.containsSignedPreKey(signedPreKeyId);
  }

  @Override
  public void removeSignedPreKey(int signedPreKeyId) {
    throw new UnsupportedOperationException("not during a decryption");
  }

  @Override
  public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
    return store.loadKyberPreKey(kyberPreKeyId);
  }

  @Override
  public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    throw new UnsupportedOperationException("not during a decryption");
  }

  @Override
  public boolean containsKyberPreKey(int kyberPreKeyId) {
    return store.containsKyberPreKey(kyberPreKeyId);
  }

  @Override
  public void markKyberPreKeyUsed(int kyberPreKeyId) {
    usedKyberPreKeys.add(kyberPreKeyId);
  }
}
