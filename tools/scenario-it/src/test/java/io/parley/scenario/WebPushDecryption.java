package io.parley.scenario;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser's side of Web Push message encryption (RFC 8291): the {@code aes128gcm} content
 * coding (RFC 8188) with the subscription's key pair and auth secret, written from the RFCs with
 * the JDK's ECDH, HMAC-SHA-256 and AES-GCM, independently of the server's encryption.
 */
final class WebPushDecryption {

  private static final byte[] WEBPUSH_INFO = ascii("WebPush: info\0");
  private static final byte[] CEK_INFO = ascii("Content-Encoding: aes128gcm\0");
  private static final byte[] NONCE_INFO = ascii("Content-Encoding: nonce\0");
  private static final int TAG_BYTES = 16;

  private WebPushDecryption() {}

  /**
   * The plaintext of a push body.
   *
   * @param subscriptionKeys the subscription's P-256 key pair (its public key is {@code p256dh})
   * @param authSecret the subscription's 16-byte {@code auth}
   * @throws GeneralSecurityException if the body was not encrypted for this subscription or was
   *     altered (the GCM tag does not verify)
   * @throws IllegalArgumentException if the body is not one {@code aes128gcm} record as RFC 8291
   *     requires
   */
  static byte[] decrypt(byte[] body, KeyPair subscriptionKeys, byte[] authSecret)
      throws GeneralSecurityException {
    // RFC 8188 §2.1 header: salt (16) | rs (uint32) | idlen (1) | keyid (the sender's public key).
    ByteBuffer in = ByteBuffer.wrap(body);
    if (in.remaining() < 21) {
      throw new IllegalArgumentException(
          "body of " + body.length + " bytes has no aes128gcm header");
    }
    byte[] salt = new byte[16];
    in.get(salt);
    long recordSize = Integer.toUnsignedLong(in.getInt());
    int idLength = in.get() & 0xff;
    if (idLength != 65 || in.remaining() < idLength) {
      throw new IllegalArgumentException(
          "keyid must be the sender's 65-byte P-256 public key, not " + idLength + " bytes");
    }
    byte[] asPublic = new byte[idLength];
    in.get(asPublic);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    // RFC 8291 §4: a push message is a single record, so it is no longer than the record size.
    if (ciphertext.length <= TAG_BYTES || ciphertext.length > recordSize) {
      throw new IllegalArgumentException(
          "expected one record of at most rs="
              + recordSize
              + " bytes with a tag, got "
              + ciphertext.length
              + " bytes");
    }

    // RFC 8291 §3.3, 3.4: the ECDH secret, mixed with the auth secret and both public keys.
    byte[] uaPublic = P256.encode((ECPublicKey) subscriptionKeys.getPublic());
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init((ECPrivateKey) subscriptionKeys.getPrivate());
    agreement.doPhase(P256.publicKey(asPublic), true);
    byte[] ecdhSecret = agreement.generateSecret();
    byte[] ikm = hkdf(authSecret, ecdhSecret, concat(WEBPUSH_INFO, uaPublic, asPublic), 32);

    // RFC 8188 §2.2, 2.3: content-encryption key and nonce (record 0: the nonce unchanged).
    byte[] cek = hkdf(salt, ikm, CEK_INFO, 16);
    byte[] nonce = hkdf(salt, ikm, NONCE_INFO, 12);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(cek, "AES"),
        new GCMParameterSpec(TAG_BYTES * 8, nonce));
    byte[] padded = aes.doFinal(ciphertext);

    // RFC 8188 §2: the last record ends with the delimiter 0x02, then any zero padding.
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 0x02) {
      throw new IllegalArgumentException("the record has no last-record delimiter 0x02");
    }
    return Arrays.copyOf(padded, end);
  }

  /** HKDF-SHA-256 (RFC 5869) for outputs of one block, the most Web Push needs. */
  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length)
      throws GeneralSecurityException {
    byte[] prk = hmac(salt, ikm);
    return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
