package io.parley.signal.store;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.internal.Binary;
import io.parley.signal.kem.KyberKeyPair;
import io.parley.signal.kem.KyberPublicKey;
import io.parley.signal.kem.KyberSecretKey;
import io.parley.signal.keys.ECKeyPair;
import java.io.DataInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Kyber1024 prekey signed by the identity key (over its serialized public key, 0x08 included).
 *
 * @param id its id
 * @param timestamp when it was made, epoch milliseconds
 * @param keyPair the key pair
 * @param signature 64 bytes
 * @param lastResort whether it is the last-resort key (kept after use)
 */
public record KyberPreKeyRecord(
    int id, long timestamp, KyberKeyPair keyPair, byte[] signature, boolean lastResort) {

  public KyberPreKeyRecord {
    Objects.requireNonNull(keyPair, "keyPair");
    signature = signature.clone();
  }

  /** A new Kyber prekey, signed by {@code identity}. */
  public static KyberPreKeyRecord generate(
      int id, boolean lastResort, ECKeyPair identity, Clock clock, SecureRandom random) {
    KyberKeyPair keyPair = KyberKeyPair.generate(random);
    return new KyberPreKeyRecord(
        id,
        clock.millis(),
        keyPair,
        identity.sign(keyPair.publicKey().serialize(), random),
        lastResort);
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
          out.writeBoolean(lastResort);
          Binary.writeBytes(out, keyPair.publicKey().serialize());
          Binary.writeBytes(out, keyPair.secretKey().serialize());
          Binary.writeBytes(out, signature);
        });
  }

  public static KyberPreKeyRecord deserialize(byte[] bytes) throws InvalidKeyException {
    try {
      DataInputStream in = Binary.reader(bytes);
      if (in.readByte() != 1) {
        throw new InvalidKeyException("unknown Kyber prekey record format");
      }
      int id = in.readInt();
      long timestamp = in.readLong();
      boolean lastResort = in.readBoolean();
      KyberKeyPair keyPair =
          new KyberKeyPair(
              KyberPublicKey.deserialize(Binary.readBytes(in)),
              KyberSecretKey.deserialize(Binary.readBytes(in)));
      return new KyberPreKeyRecord(id, timestamp, keyPair, Binary.readBytes(in), lastResort);
    } catch (IOException e) {
      throw new InvalidKeyException("Kyber prekey record is truncated", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KyberPreKeyRecord that
        && id == that.id
        && timestamp == that.timestamp
        && lastResort == that.lastResort
        && keyPair.publicKey().equals(that.keyPair.publicKey())
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, timestamp, lastResort, keyPair.publicKey());
  }

  @Override
  public String toString() {
    return "KyberPreKeyRecord[id " + id + (lastResort ? ", last resort" : "") + "]";
  }
}
