package io.parley.signal.store;

import io.parley.signal.InvalidKeyIdException;

/** One-time EC prekeys: each is removed once a session used it. */
public interface PreKeyStore {

  PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException;

  void storePreKey(int preKeyId, PreKeyRecord record);

  boolean containsPreKey(int preKeyId);

  void removePreKey(int preKeyId);
}
