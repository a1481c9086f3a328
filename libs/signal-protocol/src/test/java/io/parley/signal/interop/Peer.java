package io.parley.signal.interop;

import java.util.Arrays;
import java.util.Objects;

/**
 * One side of a conversation with a single other device, whatever the implementation: ours,
 * signal-protocol-java 2.8.1, or libsignal through Node. Keys and messages travel as libsignal's
 * serialized bytes, so a peer only ever sees what it would see on the wire.
 */
interface Peer extends AutoCloseable {

  String name();

  /** A fresh bundle of this device's public prekeys (with a Kyber prekey if {@code pq}). */
  Bundle bundle(boolean pq) throws Exception;

  /** Starts a session with the other device from its bundle. */
  void startSession(Bundle theirs) throws Exception;

  Wire encrypt(byte[] plaintext) throws Exception;

  byte[] decrypt(Wire message) throws Exception;

  /** Replaces this device's identity (a reinstall): new identity key, empty stores. */
  void reinstall() throws Exception;

  /** Whether {@code failure} is this implementation's untrusted-identity error. */
  boolean isUntrustedIdentity(Exception failure);

  @Override
  default void close() throws java.io.IOException {}

  /** A serialized message and libsignal's type for it (2: Whisper, 3: PreKey). */
  record Wire(int type, byte[] body) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Wire that && type == that.type && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
      return "Wire[type " + type + ", " + body.length + " bytes]";
    }
  }

  /** A prekey bundle as libsignal-serialized keys; Kyber fields null for X3DH. */
  record Bundle(
      int registrationId,
      int deviceId,
      Integer preKeyId,
      byte[] preKey,
      int signedPreKeyId,
      byte[] signedPreKey,
      byte[] signedPreKeySignature,
      byte[] identityKey,
      Integer kyberPreKeyId,
      byte[] kyberPreKey,
      byte[] kyberPreKeySignature) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Bundle that
          && Arrays.equals(identityKey, that.identityKey)
          && signedPreKeyId == that.signedPreKeyId
          && Objects.equals(preKeyId, that.preKeyId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(identityKey), signedPreKeyId, preKeyId);
    }

    @Override
    public String toString() {
      return "Bundle[prekey " + preKeyId + ", Kyber " + kyberPreKeyId + "]";
    }
  }
}
