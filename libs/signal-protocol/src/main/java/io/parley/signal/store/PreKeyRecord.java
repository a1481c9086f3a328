package io.parley.signal.store;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.internal.Binary;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPrivateKey;
import io.parley.signal.keys.ECPublicKey;
import java.io.DataInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A one-time EC prekey.
 *
 * @param id its id, as uploaded
 * @param keyPair the key pair
 */
public record PreKeyRecord(int id, ECKeyPair keyPair) {

  public PreKeyRecord {
    Objects.requireNonNull(keyPair, "keyPair");
  }

  public static PreKeyRecord generate(int id, SecureRandom random) {
    return new PreKeyRecord(id, ECKeyPair.generate(random));
  }

  public byte[] serialize() {
    return Binary.write(
        out -> {
          out.writeByte(1);
          out.writeInt(id);
          Binary.writeBytes(out, keyPair.publicKey().serialize());
          Binary.writeBytes(out, keyPair.privateKey().serialize());
        });
  }

  public static PreKeyRecord deserialize(byte[] bytes) throws InvalidKeyException {
    try {
      DataInputStream in = Binary.reader(bytes);
      if (in.readByte() != 1) {
        throw new InvalidKeyException("unknown prekey record format");
      }
      int id = in.readInt();
      return new PreKeyRecord(
          id,
          new ECKeyPair(
              ECPublicKey.deserialize(Binary.readBytes(in)),
              ECPrivateKey.deserialize(Binary.readBytes(in))));
    } catch (IOException e) {
      throw new InvalidKeyException("prekey record is truncated", e);
    }
  }
}
