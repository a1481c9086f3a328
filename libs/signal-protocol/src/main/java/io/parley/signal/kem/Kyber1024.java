package io.parley.signal.kem;

import io.parley.signal.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.kems.mlkem.MLKEMEngine;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * Kyber1024 as libsignal uses it: CRYSTALS-Kyber round 3 (version 3.02), which is what the NIST
 * known-answer file {@code PQCkemKAT_3168.rsp} pins down. It is not FIPS 203 ML-KEM-1024, but it
 * shares ML-KEM's lattice algebra, encodings and key layout, so it is built on Bouncy Castle's
 * ML-KEM-1024 engine with round 3's hashing around it:
 *
 * <ul>
 *   <li>Encapsulation: m = SHA3-256(32 random bytes) (ML-KEM uses the random bytes directly); run
 *       ML-KEM's deterministic encapsulation with m, giving ciphertext c and K̄ = G(m ||
 *       H(pk))[0..32]; the shared secret is SHAKE256(K̄ || SHA3-256(c)) (ML-KEM returns K̄ itself).
 *   <li>Decapsulation: ML-KEM's decapsulation returns K̄ when re-encryption matches and J(z || c) =
 *       SHAKE256(z || c) when it does not. We compute J too, and with a constant-time comparison
 *       and masked select take z instead in the rejection case, as round 3 does: the shared secret
 *       is SHAKE256(K̄ or z || SHA3-256(c)).
 *   <li>Key generation: ML-KEM's with random (d, z). Round 3 expands d with G(d) where ML-KEM uses
 *       G(d || k); the keys have the same layout and distribution, so no peer can tell, but our key
 *       generation does not reproduce the known-answer file's keys (the encapsulation and
 *       decapsulation answers are checked against it).
 * </ul>
 */
public final class Kyber1024 {

  /** A serialized ciphertext: {@code 0x08} then 1568 bytes. */
  public static final int SERIALIZED_CIPHERTEXT_LENGTH = 1569;

  private static final MLKEMParameters PARAMETERS = MLKEMParameters.ml_kem_1024;
  private static final int CIPHERTEXT_LENGTH = 1568;

  private Kyber1024() {}

  /**
   * A shared secret and the ciphertext that carries it.
   *
   * @param sharedSecret 32 bytes, secret
   * @param serializedCiphertext {@code 0x08} then 1568 bytes
   */
  public record Encapsulation(byte[] sharedSecret, byte[] serializedCiphertext) {
    @Override
    public String toString() {
      return "Encapsulation[redacted]";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Encapsulation that
          && Arrays.equals(sharedSecret, that.sharedSecret)
          && Arrays.equals(serializedCiphertext, that.serializedCiphertext);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(serializedCiphertext);
    }
  }

  static KyberKeyPair generate(SecureRandom random) {
    byte[] d = new byte[32];
    byte[] z = new byte[32];
    random.nextBytes(d);
    random.nextBytes(z);
    byte[][] keys = KyberKeyGeneration.generate(d, z);
    Arrays.fill(d, (byte) 0);
    Arrays.fill(z, (byte) 0);
    return new KyberKeyPair(new KyberPublicKey(keys[0]), new KyberSecretKey(keys[1]));
  }

  /** Encapsulates a fresh shared secret to {@code publicKey}. */
  public static Encapsulation encapsulate(KyberPublicKey publicKey, SecureRandom random)
      throws InvalidKeyException {
    byte[] coins = new byte[32];
    random.nextBytes(coins);
    return encapsulate(publicKey, coins);
  }

  /** Encapsulation with given coins: the known-answer tests' entry point. */
  static Encapsulation encapsulate(KyberPublicKey publicKey, byte[] coins)
      throws InvalidKeyException {
    byte[] m = sha3_256(coins);
    byte[][] secretAndCiphertext;
    try {
      MLKEMEngine engine = MLKEMEngine.getInstance(PARAMETERS);
      secretAndCiphertext =
          engine.kemEncrypt(new MLKEMPublicKeyParameters(PARAMETERS, publicKey.rawUnsafe()), m);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("Kyber1024 public key is not a valid key", e);
    }
    byte[] kBar = secretAndCiphertext[0];
    byte[] ciphertext = secretAndCiphertext[1];
    byte[] sharedSecret = kdf(kBar, ciphertext);
    Arrays.fill(kBar, (byte) 0);
    Arrays.fill(m, (byte) 0);
    byte[] serialized = new byte[SERIALIZED_CIPHERTEXT_LENGTH];
    serialized[0] = KyberPublicKey.KYBER_1024_TYPE;
    System.arraycopy(ciphertext, 0, serialized, 1, CIPHERTEXT_LENGTH);
    return new Encapsulation(sharedSecret, serialized);
  }

  /**
   * The shared secret in {@code serializedCiphertext}. A ciphertext that was not made for this key
   * gives an unrelated secret (implicit rejection), not an error: the session's MAC then fails.
   *
   * @throws InvalidKeyException if the ciphertext is not 0x08 then 1568 bytes
   */
  public static byte[] decapsulate(KyberSecretKey secretKey, byte[] serializedCiphertext)
      throws InvalidKeyException {
    if (serializedCiphertext == null
        || serializedCiphertext.length != SERIALIZED_CIPHERTEXT_LENGTH
        || serializedCiphertext[0] != KyberPublicKey.KYBER_1024_TYPE) {
      throw new InvalidKeyException("Kyber1024 ciphertext must be 0x08 then 1568 bytes");
    }
    byte[] ciphertext = Arrays.copyOfRange(serializedCiphertext, 1, SERIALIZED_CIPHERTEXT_LENGTH);
    byte[] sk = secretKey.rawUnsafe();
    byte[] z = Arrays.copyOfRange(sk, sk.length - 32, sk.length);
    byte[] kBarOrJ;
    try {
      MLKEMEngine engine = MLKEMEngine.getInstance(PARAMETERS);
      kBarOrJ = engine.kemDecrypt(new MLKEMPrivateKeyParameters(PARAMETERS, sk), ciphertext);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("Kyber1024 secret key is not a valid key", e);
    }
    byte[] j = shake256(z, ciphertext);
    // rejected: -1 when ML-KEM rejected (it returned J), else 0; no branch on secret data.
    int difference = 0;
    for (int i = 0; i < 32; i++) {
      difference |= kBarOrJ[i] ^ j[i];
    }
    int rejected = ((difference & 0xFF) - 1) >> 31;
    byte[] preKey = new byte[32];
    for (int i = 0; i < 32; i++) {
      preKey[i] = (byte) ((z[i] & rejected) | (kBarOrJ[i] & ~rejected));
    }
    byte[] sharedSecret = kdf(preKey, ciphertext);
    Arrays.fill(preKey, (byte) 0);
    Arrays.fill(kBarOrJ, (byte) 0);
    Arrays.fill(z, (byte) 0);
    return sharedSecret;
  }

  /** Round 3's KDF: SHAKE256(key || SHA3-256(ciphertext)), 32 bytes. */
  private static byte[] kdf(byte[] key, byte[] ciphertext) {
    return shake256(key, sha3_256(ciphertext));
  }

  private static byte[] sha3_256(byte[] input) {
    SHA3Digest digest = new SHA3Digest(256);
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  private static byte[] shake256(byte[] first, byte[] second) {
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(first, 0, first.length);
    shake.update(second, 0, second.length);
    byte[] out = new byte[32];
    shake.doFinal(out, 0, 32);
    return out;
  }
}
