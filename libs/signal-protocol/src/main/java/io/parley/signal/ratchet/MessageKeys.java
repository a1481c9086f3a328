package io.parley.signal.ratchet;

import io.parley.signal.internal.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one message: AES-256 key, HMAC-SHA256 key and CBC IV, derived from the chain's
 * message key seed with HKDF-SHA256 (no salt, info "WhisperMessageKeys", 80 bytes).
 */
public final class MessageKeys {

  private static final byte[] INFO = "WhisperMessageKeys".getBytes(StandardCharsets.US_ASCII);

  private final byte[] cipherKey;
  private final byte[] macKey;
  private final byte[] iv;
  private final int counter;

  private MessageKeys(byte[] cipherKey, byte[] macKey, byte[] iv, int counter) {
    this.cipherKey = cipherKey;
    this.macKey = macKey;
    this.iv = iv;
    this.counter = counter;
  }

  /** The keys of message {@code counter} from its 32-byte seed. */
  public static MessageKeys derive(byte[] seed, int counter) {
    byte[] okm = Crypto.hkdf(null, seed, INFO, 80);
    MessageKeys keys =
        new MessageKeys(
            Arrays.copyOfRange(okm, 0, 32),
            Arrays.copyOfRange(okm, 32, 64),
            Arrays.copyOfRange(okm, 64, 80),
            counter);
    Arrays.fill(okm, (byte) 0);
    return keys;
  }

  public byte[] cipherKey() {
    return cipherKey.clone();
  }

  public byte[] macKey() {
    return macKey.clone();
  }

  public byte[] iv() {
    return iv.clone();
  }

  public int counter() {
    return counter;
  }

  @Override
  public String toString() {
    return "MessageKeys[counter " + counter + ", redacted]";
  }
}
