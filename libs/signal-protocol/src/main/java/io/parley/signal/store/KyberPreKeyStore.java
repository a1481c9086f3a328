package io.parley.signal.store;

import io.parley.signal.InvalidKeyIdException;

/**
 * Kyber prekeys: one-time ones are removed when used; a last-resort one stays (it is reused until
 * the client uploads new keys).
 */
public interface KyberPreKeyStore {

  KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException;

  void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record);

  boolean containsKyberPreKey(int kyberPreKeyId);

  /** A session used the key: removes it unless it is a last-resort key. */
  void markKyberPreKeyUsed(int kyberPreKeyId);
}
