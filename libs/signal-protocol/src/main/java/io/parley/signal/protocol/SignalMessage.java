package io.parley.signal.protocol;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.InvalidMessageException;
import io.parley.signal.InvalidVersionException;
import io.parley.signal.internal.Crypto;
import io.parley.signal.internal.ProtoReader;
import io.parley.signal.internal.ProtoWriter;
import io.parley.signal.keys.ECPublicKey;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A Double Ratchet message: version byte {@code (version << 4) | 4}, then the proto2 message {@code
 * SignalMessage { ratchet_key = 1; counter = 2; previous_counter = 3; ciphertext = 4 }}, then the
 * first 8 bytes of HMAC-SHA256(mac key, sender identity || receiver identity || everything before).
 */
public final class SignalMessage implements CiphertextMessage {

  static final int MAC_LENGTH = 8;

  private final int version;
  private final ECPublicKey ratchetKey;
  private final int counter;
  private final int previousCounter;
  private final byte[] ciphertext;
  private final byte[] serialized;

  private SignalMessage(
      int version,
      ECPublicKey ratchetKey,
      int counter,
      int previousCounter,
      byte[] ciphertext,
      byte[] serialized) {
    this.version = version;
    this.ratchetKey = ratchetKey;
    this.counter = counter;
    this.previousCounter = previousCounter;
    this.ciphertext = ciphertext;
    this.serialized = serialized;
  }

  /** Builds and MACs a message. */
  public static SignalMessage create(
      int version,
      byte[] macKey,
      ECPublicKey ratchetKey,
      int counter,
      int previousCounter,
      byte[] ciphertext,
      ECPublicKey senderIdentity,
      ECPublicKey receiverIdentity) {
    ProtoWriter writer =
        new ProtoWriter(ciphertext.length + 64 + MAC_LENGTH)
            .rawByte((version << 4) | CURRENT_VERSION)
            .bytes(1, ratchetKey.serialize())
            .uint32(2, counter)
            .uint32(3, previousCounter)
            .bytes(4, ciphertext);
    byte[] mac = mac(senderIdentity, receiverIdentity, macKey, writer.buffer(), writer.size());
    byte[] serialized = writer.raw(mac, 0, MAC_LENGTH).toByteArray();
    return new SignalMessage(version, ratchetKey, counter, previousCounter, ciphertext, serialized);
  }

  /**
   * Parses a received message (the MAC is checked later, when the keys are known).
   *
   * @throws InvalidVersionException if its version is below 3 or above 4
   * @throws InvalidMessageException if it is truncated or lacks a field
   */
  public static SignalMessage parse(byte[] serialized)
      throws InvalidMessageException, InvalidVersionException {
    if (serialized == null || serialized.length < MAC_LENGTH + 1) {
      throw new InvalidMessageException("SignalMessage too short");
    }
    int version = (serialized[0] & 0xFF) >>> 4;
    checkVersion(version);
    ProtoReader proto;
    try {
      proto = ProtoReader.parse(serialized, 1, serialized.length - 1 - MAC_LENGTH);
    } catch (IllegalArgumentException e) {
      throw new InvalidMessageException("SignalMessage is not valid protobuf: " + e.getMessage());
    }
    byte[] ratchetKey = proto.bytes(1);
    Integer counter = proto.uint32(2);
    byte[] ciphertext = proto.bytes(4);
    if (ratchetKey == null || counter == null || ciphertext == null) {
      throw new InvalidMessageException("SignalMessage lacks ratchet key, counter or ciphertext");
    }
    Integer previousCounter = proto.uint32(3);
    try {
      return new SignalMessage(
          version,
          ECPublicKey.deserialize(ratchetKey),
          counter,
          previousCounter == null ? 0 : previousCounter,
          ciphertext,
          serialized.clone());
    } catch (InvalidKeyException e) {
      throw new InvalidMessageException("SignalMessage ratchet key: " + e.getMessage(), e);
    }
  }

  static void checkVersion(int version) throws InvalidVersionException {
    if (version < VERSION_X3DH) {
      throw new InvalidVersionException("legacy message version " + version);
    }
    if (version > CURRENT_VERSION) {
      throw new InvalidVersionException("unknown message version " + version);
    }
  }

  /** Whether the MAC is the one {@code macKey} gives for these identities (constant-time). */
  public boolean verifyMac(
      ECPublicKey senderIdentity, ECPublicKey receiverIdentity, byte[] macKey) {
    int bodyLength = serialized.length - MAC_LENGTH;
    byte[] expected = mac(senderIdentity, receiverIdentity, macKey, serialized, bodyLength);
    byte[] received = Arrays.copyOfRange(serialized, bodyLength, serialized.length);
    return MessageDigest.isEqual(Arrays.copyOf(expected, MAC_LENGTH), received);
  }

  private static byte[] mac(
      ECPublicKey sender, ECPublicKey receiver, byte[] macKey, byte[] body, int bodyLength) {
    return Crypto.hmacSha256(macKey, sender.serialize(), receiver.serialize(), body, 0, bodyLength);
  }

  public int version() {
    return version;
  }

  public ECPublicKey ratchetKey() {
    return ratchetKey;
  }

  public int counter() {
    return counter;
  }

  public int previousCounter() {
    return previousCounter;
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  byte[] ciphertextUnsafe() {
    return ciphertext;
  }

  @Override
  public int type() {
    return WHISPER_TYPE;
  }

  @Override
  public byte[] serialize() {
    return serialized.clone();
  }

  @Override
  public String toString() {
    return "SignalMessage[v" + version + ", counter " + counter + ", " + ratchetKey + "]";
  }
}
