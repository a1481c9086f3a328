package io.parley.signal.store;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.internal.Binary;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPrivateKey;
import io.parley.signal.keys.ECPublicKey;
import java.io.DataInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed EC prekey: the identity key's XEdDSA signature over the serialized public key.
 *
 * @param id its id
 * @param timestamp when it was made, epoch milliseconds
 * @param keyPair the key pair
 * @param signature 64 bytes
 */
public record SignedPreKeyRecord(int id, long timestamp, ECKeyPair keyPair, byte[] signature) {

  public SignedPreKeyRecord {
    Objects.requireNonNull(keyPair, "keyPair");
    signature = signature.clone();
  }

  /** A new signed prekey, signed by {@code identity}. */
  public static SignedPreKeyRecord generate(
      int id, ECKeyPair identity, Clock clock, SecureRandom random) {
    ECKeyPair keyPair = ECKeyPair.generate(random);
    return new SignedPreKeyRecord(
        id, clock.millis(), keyPair, identity.sign(keyPair.publicKey().serialize(), random));
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public byte[] serialize() {
    return Binary.write(
        out -> {
          out.writeByte(1);
          out.writeInt(id);
          out.writeLong(timestamp);
          Binary.writeBytes(out, keyPair.publicKey().serialize());
          Binary.writeBytes(out, keyPair.privateKey().serialize());
          Binary.writeBytes(out, signature);
        });
  }

  public static SignedPreKeyRecord deserialize(byte[] bytes) throws InvalidKeyException {
    try {
      DataInputStream in = Binary.reader(bytes);
      if (in.readByte() != 1) {
        throw new InvalidKeyException("unknown signed prekey record format");
      }
      int id = in.readInt();
      long timestamp = in.readLong();
      ECKeyPair keyPair =
          new ECKeyPair(
              ECPublicKey.deserialize(Binary.readBytes(in)),
              ECPrivateKey.deserialize(Binary.readBytes(in)));
      return new SignedPreKeyRecord(id, timestamp, keyPair, Binary.readBytes(in));
    } catch (IOException e) {
      throw new InvalidKeyException("signed prekey record is truncated", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedPreKeyRecord that
        && id == that.id
        && timestamp == that.timestamp
        && keyPair.publicKey().equals(that.keyPair.publicKey())
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, timestamp, keyPair.publicKey());
  }

  @Override
  public String toString() {
    return "SignedPreKeyRecord[id " + id + ", " + keyPair.publicKey() + "]";
  }
}
