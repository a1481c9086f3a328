package io.parley.signal.store;

import io.parley.signal.InvalidKeyIdException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.session.SessionRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything in memory, lost on exit. Sessions are copied in and out ({@link
 * SessionRecord#copy()}), so what a caller loads is its own, as with a persistent store. Trusts
 * each peer's first identity key and refuses another one until {@link #saveIdentity} is called with
 * it. Thread-safe.
 */
public class InMemorySignalProtocolStore implements SignalProtocolStore {

  private final ECKeyPair identityKeyPair;
  private final int registrationId;
  private final Map<SignalProtocolAddress, ECPublicKey> identities = new HashMap<>();
  private final Map<SignalProtocolAddress, SessionRecord> sessions = new HashMap<>();
  private final Map<Integer, PreKeyRecord> preKeys = new HashMap<>();
  private final Map<Integer, SignedPreKeyRecord> signedPreKeys = new HashMap<>();
  private final Map<Integer, KyberPreKeyRecord> kyberPreKeys = new HashMap<>();

  public InMemorySignalProtocolStore(ECKeyPair identityKeyPair, int registrationId) {
    this.identityKeyPair = Objects.requireNonNull(identityKeyPair, "identityKeyPair");
    this.registrationId = registrationId;
  }

  @Override
  public ECKeyPair identityKeyPair() {
    return identityKeyPair;
  }

  @Override
  public int localRegistrationId() {
    return registrationId;
  }

  @Override
  public synchronized boolean saveIdentity(SignalProtocolAddress address, ECPublicKey identityKey) {
    ECPublicKey previous = identities.put(address, identityKey);
    return previous != null && !previous.equals(identityKey);
  }

  @Override
  public synchronized boolean isTrustedIdentity(
      SignalProtocolAddress address, ECPublicKey identityKey, Direction direction) {
    ECPublicKey known = identities.get(address);
    return known == null || known.equals(identityKey);
  }

  @Override
  public synchronized ECPublicKey identity(SignalProtocolAddress address) {
    return identities.get(address);
  }

  @Override
  public synchronized SessionRecord loadSession(SignalProtocolAddress address) {
    SessionRecord record = sessions.get(address);
    return record == null ? null : record.copy();
  }

  @Override
  public synchronized void storeSession(SignalProtocolAddress address, SessionRecord record) {
    sessions.put(address, record.copy());
  }

  @Override
  public synchronized boolean containsSession(SignalProtocolAddress address) {
    return sessions.containsKey(address);
  }

  @Override
  public synchronized void deleteSession(SignalProtocolAddress address) {
    sessions.remove(address);
  }

  @Override
  public synchronized List<Integer> subDeviceSessions(String name) {
    List<Integer> devices = new ArrayList<>();
    for (SignalProtocolAddress address : sessions.keySet()) {
      if (address.name().equals(name)) {
        devices.add(address.deviceId());
      }
    }
    return devices;
  }

  @Override
  public synchronized PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    return require(preKeys.get(preKeyId), "one-time prekey", preKeyId);
  }

  @Override
  public synchronized void storePreKey(int preKeyId, PreKeyRecord record) {
    preKeys.put(preKeyId, record);
  }

  @Override
  public synchronized boolean containsPreKey(int preKeyId) {
    return preKeys.containsKey(preKeyId);
  }

  @Override
  public synchronized void removePreKey(int preKeyId) {
    preKeys.remove(preKeyId);
  }

  @Override
  public synchronized SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId)
      throws InvalidKeyIdException {
    return require(signedPreKeys.get(signedPreKeyId), "signed prekey", signedPreKeyId);
  }

  @Override
  public synchronized List<SignedPreKeyRecord> loadSignedPreKeys() {
    return new ArrayList<>(signedPreKeys.values());
  }

  @Override
  public synchronized void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    signedPreKeys.put(signedPreKeyId, record);
  }

  @Override
  public synchronized boolean containsSignedPreKey(int signedPreKeyId) {
    return signedPreKeys.containsKey(signedPreKeyId);
  }

  @Override
  public synchronized void removeSignedPreKey(int signedPreKeyId) {
    signedPreKeys.remove(signedPreKeyId);
  }

  @Override
  public synchronized KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId)
      throws InvalidKeyIdException {
    return require(kyberPreKeys.get(kyberPreKeyId), "Kyber prekey", kyberPreKeyId);
  }

  @Override
  public synchronized void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    kyberPreKeys.put(kyberPreKeyId, record);
  }

  @Override
  public synchronized boolean containsKyberPreKey(int kyberPreKeyId) {
    return kyberPreKeys.containsKey(kyberPreKeyId);
  }

  @Override
  public synchronized void markKyberPreKeyUsed(int kyberPreKeyId) {
    KyberPreKeyRecord record = kyberPreKeys.get(kyberPreKeyId);
    if (record != null && !record.lastResort()) {
      kyberPreKeys.remove(kyberPreKeyId);
    }
  }

  static <T> T require(T value, String what, int id) throws InvalidKeyIdException {
    if (value == null) {
      throw new InvalidKeyIdException("no " + what + " with id " + id);
    }
    return value;
  }
}
