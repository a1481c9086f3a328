package io.parley.signal.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256, HKDF-SHA256 (RFC 5869) and AES-256-CBC with PKCS#7 padding, on the JDK's providers
 * (which use the CPU's AES and SHA instructions where it has them). One {@link Mac} and one {@link
 * Cipher} per thread: looking them up per message costs more than the cryptography.
 */
public final class Crypto {

  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(Crypto::newHmac);

  /**
   * HMAC keyed with HKDF's default salt (32 zero bytes), kept keyed: {@link Mac#doFinal()} resets a
   * Mac to its keyed state, so the extract step of every message key skips the key setup.
   */
  private static final ThreadLocal<Mac> HMAC_ZERO_KEY =
      ThreadLocal.withInitial(() -> init(newHmac(), new byte[32]));

  private static final ThreadLocal<Cipher> AES_CBC = ThreadLocal.withInitial(Crypto::newAesCbc);

  private Crypto() {}

  private static Mac newHmac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private static Cipher newAesCbc() {
    try {
      return Cipher.getInstance("AES/CBC/PKCS5Padding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES/CBC/PKCS5Padding", e);
    }
  }

  /** HMAC-SHA256 of the concatenation of {@code parts} under {@code key}. */
  public static byte[] hmacSha256(byte[] key, byte[]... parts) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException("HMAC refused a key", e);
    }
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  /** HMAC-SHA256 of {@code data[offset, offset+length)} after {@code prefix}. */
  public static byte[] hmacSha256(
      byte[] key, byte[] prefix1, byte[] prefix2, byte[] data, int offset, int length) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException("HMAC refused a key", e);
    }
    mac.update(prefix1);
    mac.update(prefix2);
    mac.update(data, offset, length);
    return mac.doFinal();
  }

  /** HKDF-SHA256: extract with {@code salt} (null: 32 zero bytes), expand to {@code length}. */
  public static byte[] hkdf(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
    Mac extract = salt == null ? HMAC_ZERO_KEY.get() : init(HMAC.get(), salt);
    byte[] prk = extract.doFinal(inputKeyMaterial);
    Mac expand = init(HMAC.get(), prk); // one key setup for all the expand blocks
    byte[] output = new byte[length];
    byte[] previous = new byte[0];
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      expand.update(previous);
      expand.update(info);
      expand.update((byte) counter);
      previous = expand.doFinal();
      int n = Math.min(previous.length, length - written);
      System.arraycopy(previous, 0, output, written, n);
      written += n;
    }
    Arrays.fill(prk, (byte) 0);
    return output;
  }

  private static Mac init(Mac mac, byte[] key) {
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalStateException("HMAC refused a key", e);
    }
    return mac;
  }

  /** AES-256-CBC with PKCS#7 padding. */
  public static byte[] aesCbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
    Cipher cipher = AES_CBC.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC refused a 32-byte key or 16-byte IV", e);
    }
  }

  /**
   * AES-256-CBC decryption.
   *
   * @throws BadPaddingException if the padding is wrong (only after a MAC check passed: a sender
   *     with the keys made it so)
   */
  public static byte[] aesCbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext)
      throws BadPaddingException, IllegalBlockSizeException {
    Cipher cipher = AES_CBC.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC refused a 32-byte key or 16-byte IV", e);
    }
    return cipher.doFinal(ciphertext);
  }
}
