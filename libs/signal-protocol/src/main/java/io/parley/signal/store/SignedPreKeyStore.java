package io.parley.signal.store;

import io.parley.signal.InvalidKeyIdException;
import java.util.List;

/** Signed EC prekeys, kept until the client rotates them. */
public interface SignedPreKeyStore {

  SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException;

  List<SignedPreKeyRecord> loadSignedPreKeys();

  void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record);

  boolean containsSignedPreKey(int signedPreKeyId);

  void removeSignedPreKey(int signedPreKeyId);
}
