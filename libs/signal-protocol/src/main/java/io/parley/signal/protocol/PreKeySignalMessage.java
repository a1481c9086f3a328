package io.parley.signal.protocol;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.InvalidMessageException;
import io.parley.signal.InvalidVersionException;
import io.parley.signal.internal.ProtoReader;
import io.parley.signal.internal.ProtoWriter;
import io.parley.signal.keys.ECPublicKey;

/**
 * The first messages of a session, until the peer answers: version byte, then {@code
 * PreKeySignalMessage { pre_key_id = 1; base_key = 2; identity_key = 3; message = 4;
 * registration_id = 5; signed_pre_key_id = 6; kyber_pre_key_id = 7; kyber_ciphertext = 8 }} with
 * {@code message} a whole {@link SignalMessage}. Version 4 (PQXDH) requires the Kyber fields,
 * version 3 (X3DH) has none.
 */
public final class PreKeySignalMessage implements CiphertextMessage {

  private final int version;
  private final int registrationId;
  private final Integer preKeyId;
  private final int signedPreKeyId;
  private final Integer kyberPreKeyId;
  private final byte[] kyberCiphertext;
  private final ECPublicKey baseKey;
  private final ECPublicKey identityKey;
  private final SignalMessage message;
  private final byte[] serialized;

  private PreKeySignalMessage(
      int version,
      int registrationId,
      Integer preKeyId,
      int signedPreKeyId,
      Integer kyberPreKeyId,
      byte[] kyberCiphertext,
      ECPublicKey baseKey,
      ECPublicKey identityKey,
      SignalMessage message,
      byte[] serialized) {
    this.version = version;
    this.registrationId = registrationId;
    this.preKeyId = preKeyId;
    this.signedPreKeyId = signedPreKeyId;
    this.kyberPreKeyId = kyberPreKeyId;
    this.kyberCiphertext = kyberCiphertext;
    this.baseKey = baseKey;
    this.identityKey = identityKey;
    this.message = message;
    this.serialized = serialized;
  }

  /** Builds a message; {@code preKeyId} and the two Kyber values may be {@code null}. */
  public static PreKeySignalMessage create(
      int version,
      int registrationId,
      Integer preKeyId,
      int signedPreKeyId,
      Integer kyberPreKeyId,
      byte[] kyberCiphertext,
      ECPublicKey baseKey,
      ECPublicKey identityKey,
      SignalMessage message) {
    ProtoWriter writer =
        new ProtoWriter(message.serialize().length + 128 + (kyberCiphertext == null ? 0 : 1600))
            .rawByte((version << 4) | CURRENT_VERSION);
    if (preKeyId != null) {
      writer.uint32(1, preKeyId);
    }
    writer.bytes(2, baseKey.serialize()).bytes(3, identityKey.serialize());
    writer.bytes(4, message.serialize()).uint32(5, registrationId).uint32(6, signedPreKeyId);
    if (kyberPreKeyId != null) {
      writer.uint32(7, kyberPreKeyId).bytes(8, kyberCiphertext);
    }
    return new PreKeySignalMessage(
        version,
        registrationId,
        preKeyId,
        signedPreKeyId,
        kyberPreKeyId,
        kyberCiphertext == null ? null : kyberCiphertext.clone(),
        baseKey,
        identityKey,
        message,
        writer.toByteArray());
  }

  /**
   * Parses a received message.
   *
   * @throws InvalidVersionException if its version is below 3 or above 4
   * @throws InvalidMessageException if it is malformed, lacks a required field, or its Kyber fields
   *     do not fit its version
   */
  public static PreKeySignalMessage parse(byte[] serialized)
      throws InvalidMessageException, InvalidVersionException {
    if (serialized == null || serialized.length == 0) {
      throw new InvalidMessageException("PreKeySignalMessage is empty");
    }
    int version = (serialized[0] & 0xFF) >>> 4;
    SignalMessage.checkVersion(version);
    ProtoReader proto;
    try {
      proto = ProtoReader.parse(serialized, 1, serialized.length - 1);
    } catch (IllegalArgumentException e) {
      throw new InvalidMessageException(
          "PreKeySignalMessage is not valid protobuf: " + e.getMessage());
    }
    byte[] baseKey = proto.bytes(2);
    byte[] identityKey = proto.bytes(3);
    byte[] message = proto.bytes(4);
    Integer signedPreKeyId = proto.uint32(6);
    if (baseKey == null || identityKey == null || message == null || signedPreKeyId == null) {
      throw new InvalidMessageException(
          "PreKeySignalMessage lacks base key, identity key, message or signed prekey id");
    }
    Integer kyberPreKeyId = proto.uint32(7);
    byte[] kyberCiphertext = proto.bytes(8);
    if ((kyberPreKeyId == null) != (kyberCiphertext == null)) {
      throw new InvalidMessageException(
          "Kyber prekey id and ciphertext come together or not at all");
    }
    if (kyberPreKeyId == null && version > VERSION_X3DH) {
      throw new InvalidMessageException("a version 4 PreKeySignalMessage needs a Kyber prekey");
    }
    Integer registrationId = proto.uint32(5);
    try {
      SignalMessage inner = SignalMessage.parse(message);
      return new PreKeySignalMessage(
          version,
          registrationId == null ? 0 : registrationId,
          proto.uint32(1),
          signedPreKeyId,
          kyberPreKeyId,
          kyberCiphertext,
          ECPublicKey.deserialize(baseKey),
          ECPublicKey.deserialize(identityKey),
          inner,
          serialized.clone());
    } catch (InvalidKeyException e) {
      throw new InvalidMessageException("PreKeySignalMessage key: " + e.getMessage(), e);
    }
  }

  public int version() {
    return version;
  }

  public int registrationId() {
    return registrationId;
  }

  /** The one-time prekey used, or {@code null} if the bundle had none. */
  public Integer preKeyId() {
    return preKeyId;
  }

  public int signedPreKeyId() {
    return signedPreKeyId;
  }

  /** The Kyber prekey used (version 4), or {@code null}. */
  public Integer kyberPreKeyId() {
    return kyberPreKeyId;
  }

  /** The serialized Kyber ciphertext (version 4), or {@code null}. */
  public byte[] kyberCiphertext() {
    return kyberCiphertext == null ? null : kyberCiphertext.clone();
  }

  public ECPublicKey baseKey() {
    return baseKey;
  }

  public ECPublicKey identityKey() {
    return identityKey;
  }

  public SignalMessage message() {
    return message;
  }

  @Override
  public int type() {
    return PREKEY_TYPE;
  }

  @Override
  public byte[] serialize() {
    return serialized.clone();
  }

  @Override
  public String toString() {
    return "PreKeySignalMessage[v"
        + version
        + ", prekey "
        + preKeyId
        + ", signed prekey "
        + signedPreKeyId
        + ", Kyber prekey "
        + kyberPreKeyId
        + "]";
  }
}
