package io.parley.keys.support;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.whispersystems.libsignal.InvalidKeyException;
import org.whispersystems.libsignal.ecc.Curve;
import org.whispersystems.libsignal.ecc.ECKeyPair;

/**
 * Key material made by a real Signal implementation (signal-protocol-java 2.8.1, test scope): an
 * identity key pair, and prekeys signed by it exactly as clients sign them.
 */
public final class SignalKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder();

  public final ECKeyPair identity = Curve.generateKeyPair();

  public String identityKey() {
    return B64.encodeToString(identity.getPublicKey().serialize());
  }

  public byte[] sign(byte[] message) {
    try {
      return Curve.calculateSignature(identity.getPrivateKey(), message);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public Map<String, Object> signedPreKey(long id) {
    byte[] publicKey = Curve.generateKeyPair().getPublicKey().serialize();
    return signed(id, publicKey);
  }

  public Map<String, Object> kyberKey(long id) {
    byte[] publicKey = new byte[1569];
    RANDOM.nextBytes(publicKey);
    publicKey[0] = 0x08;
    return signed(id, publicKey);
  }

  public Map<String, Object> signed(long id, byte[] publicKey) {
    Map<String, Object> key = new HashMap<>();
    key.put("keyId", id);
    key.put("publicKey", B64.encodeToString(publicKey));
    key.put("signature", B64.encodeToString(sign(publicKey)));
    return key;
  }

  public static List<Map<String, Object>> oneTimeKeys(long firstId, int count) {
    List<Map<String, Object>> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(
          Map.of(
              "keyId",
              firstId + i,
              "publicKey",
              B64.encodeToString(Curve.generateKeyPair().getPublicKey().serialize())));
    }
    return keys;
  }

  public List<Map<String, Object>> kyberKeys(long firstId, int count) {
    List<Map<String, Object>> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(kyberKey(firstId + i));
    }
    return keys;
  }

  /** A complete upload: identity, signed prekey, one-time EC and Kyber keys, last resort. */
  public Map<String, Object> fullUpload(int oneTime, int kyber) {
    Map<String, Object> body = new HashMap<>();
    body.put("identityKey", identityKey());
    body.put("signedPreKey", signedPreKey(1));
    body.put("preKeys", oneTimeKeys(100, oneTime));
    body.put("pqPreKeys", kyberKeys(1000, kyber));
    body.put("pqLastResortPreKey", kyberKey(9999));
    return body;
  }
}
