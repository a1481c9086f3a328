package io.parley.signal.ratchet;

import io.parley.signal.internal.Crypto;
import io.parley.signal.keys.ECPrivateKey;
import io.parley.signal.keys.ECPublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The root key: each Diffie-Hellman ratchet step feeds DH(their ratchet key, our ratchet key)
 * through HKDF-SHA256 (salt the root key, info "WhisperRatchet", 64 bytes) into a new root key and
 * a new chain key.
 */
public final class RootKey {

  private static final byte[] INFO = "WhisperRatchet".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;

  public RootKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("root key must be 32 bytes");
    }
    this.key = key.clone();
  }

  public byte[] key() {
    return key.clone();
  }

  /** The next root key and the chain key of one ratchet step. */
  public record Step(RootKey rootKey, ChainKey chainKey) {}

  public Step createChain(ECPublicKey theirRatchetKey, ECPrivateKey ourRatchetKey) {
    byte[] shared = ourRatchetKey.calculateAgreement(theirRatchetKey);
    byte[] derived = Crypto.hkdf(key, shared, INFO, 64);
    Step step =
        new Step(
            new RootKey(Arrays.copyOfRange(derived, 0, 32)),
            new ChainKey(Arrays.copyOfRange(derived, 32, 64), 0));
    Arrays.fill(shared, (byte) 0);
    Arrays.fill(derived, (byte) 0);
    return step;
  }

  @Override
  public String toString() {
    return "RootKey[redacted]";
  }
}
