package io.parley.signal.ratchet;

import io.parley.signal.internal.Crypto;

/**
 * A sending or receiving chain's key and its index: message i's seed is HMAC(key_i, 0x01), the next
 * key HMAC(key_i, 0x02).
 */
public final class ChainKey {

  private static final byte[] MESSAGE_KEY_SEED = {0x01};
  private static final byte[] CHAIN_KEY_SEED = {0x02};

  private final byte[] key;
  private final int index;

  public ChainKey(byte[] key, int index) {
    if (key.length != 32) {
      throw new IllegalArgumentException("chain key must be 32 bytes");
    }
    this.key = key.clone();
    this.index = index;
  }

  public byte[] key() {
    return key.clone();
  }

  public int index() {
    return index;
  }

  public ChainKey next() {
    return new ChainKey(Crypto.hmacSha256(key, CHAIN_KEY_SEED), index + 1);
  }

  /** The seed of this index's message keys (kept for skipped messages instead of the keys). */
  public byte[] messageKeySeed() {
    return Crypto.hmacSha256(key, MESSAGE_KEY_SEED);
  }

  public MessageKeys messageKeys() {
    return MessageKeys.derive(messageKeySeed(), index);
  }

  @Override
  public String toString() {
    return "ChainKey[index " + index + ", redacted]";
  }
}
