package io.parley.signal.session;

import io.parley.signal.kem.KyberPublicKey;
import io.parley.signal.keys.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A peer device's public prekeys as the server hands them out. With a Kyber prekey the session is
 * PQXDH (message version 4), without one X3DH (version 3).
 *
 * @param registrationId the device's registration id
 * @param deviceId the device id
 * @param preKeyId the one-time prekey's id, or {@code null} when none was left
 * @param preKey the one-time prekey, or {@code null}
 * @param signedPreKeyId the signed prekey's id
 * @param signedPreKey the signed prekey
 * @param signedPreKeySignature the identity key's XEdDSA signature of {@code signedPreKey}
 * @param identityKey the device's identity key
 * @param kyberPreKeyId the Kyber prekey's id, or {@code null}
 * @param kyberPreKey the Kyber prekey, or {@code null}
 * @param kyberPreKeySignature the identity key's signature of {@code kyberPreKey}, or {@code null}
 */
public record PreKeyBundle(
    int registrationId,
    int deviceId,
    Integer preKeyId,
    ECPublicKey preKey,
    int signedPreKeyId,
    ECPublicKey signedPreKey,
    byte[] signedPreKeySignature,
    ECPublicKey identityKey,
    Integer kyberPreKeyId,
    KyberPublicKey kyberPreKey,
    byte[] kyberPreKeySignature) {

  public PreKeyBundle {
    Objects.requireNonNull(signedPreKey, "signedPreKey");
    Objects.requireNonNull(signedPreKeySignature, "signedPreKeySignature");
    Objects.requireNonNull(identityKey, "identityKey");
    if ((preKeyId == null) != (preKey == null)) {
      throw new IllegalArgumentException("one-time prekey and its id come together or not at all");
    }
    if ((kyberPreKeyId == null) != (kyberPreKey == null)
        || (kyberPreKey == null) != (kyberPreKeySignature == null)) {
      throw new IllegalArgumentException("Kyber prekey, id and signature come together or not");
    }
    signedPreKeySignature = signedPreKeySignature.clone();
    kyberPreKeySignature = kyberPreKeySignature == null ? null : kyberPreKeySignature.clone();
  }

  /** An X3DH bundle (no Kyber prekey). */
  public static PreKeyBundle withoutKyber(
      int registrationId,
      int deviceId,
      Integer preKeyId,
      ECPublicKey preKey,
      int signedPreKeyId,
      ECPublicKey signedPreKey,
      byte[] signedPreKeySignature,
      ECPublicKey identityKey) {
    return new PreKeyBundle(
        registrationId,
        deviceId,
        preKeyId,
        preKey,
        signedPreKeyId,
        signedPreKey,
        signedPreKeySignature,
        identityKey,
        null,
        null,
        null);
  }

  @Override
  public byte[] signedPreKeySignature() {
    return signedPreKeySignature.clone();
  }

  @Override
  public byte[] kyberPreKeySignature() {
    return kyberPreKeySignature == null ? null : kyberPreKeySignature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PreKeyBundle that
        && registrationId == that.registrationId
        && deviceId == that.deviceId
        && Objects.equals(preKeyId, that.preKeyId)
        && Objects.equals(preKey, that.preKey)
        && signedPreKeyId == that.signedPreKeyId
        && signedPreKey.equals(that.signedPreKey)
        && Arrays.equals(signedPreKeySignature, that.signedPreKeySignature)
        && identityKey.equals(that.identityKey)
        && Objects.equals(kyberPreKeyId, that.kyberPreKeyId)
        && Objects.equals(kyberPreKey, that.kyberPreKey)
        && Arrays.equals(kyberPreKeySignature, that.kyberPreKeySignature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registrationId, deviceId, preKeyId, signedPreKeyId, identityKey);
  }

  @Override
  public String toString() {
    return "PreKeyBundle[device "
        + deviceId
        + ", prekey "
        + preKeyId
        + ", signed prekey "
        + signedPreKeyId
        + ", Kyber prekey "
        + kyberPreKeyId
        + "]";
  }
}
