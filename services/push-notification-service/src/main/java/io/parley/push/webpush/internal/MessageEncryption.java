package io.parley.push.webpush.internal;

import io.parley.push.crypto.P256;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188),
 * with the JDK's ECDH, HMAC-SHA-256 (HKDF) and AES-GCM: a fresh P-256 key pair and salt per
 * message, one record.
 */
public final class MessageEncryption {

  private static final int RECORD_SIZE = 4096;
  private static final byte[] WEBPUSH_INFO = "WebPush: info\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CEK_INFO =
      "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONCE_INFO =
      "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII);

  private final SecureRandom random;

  public MessageEncryption(SecureRandom random) {
    this.random = random;
  }

  /**
   * Encrypts {@code plaintext} for the subscription's {@code p256dh} key and {@code auth} secret.
   */
  public byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(P256.parameters(), random);
      KeyPair ephemeral = generator.generateKeyPair();
      byte[] salt = new byte[16];
      random.nextBytes(salt);
      return encrypt(
          plaintext,
          uaPublic,
          authSecret,
          (ECPrivateKey) ephemeral.getPrivate(),
          (ECPublicKey) ephemeral.getPublic(),
          salt);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Web Push encryption failed", e);
    }
  }

  /** The deterministic core, with the sender's key pair and salt given (RFC 8291 Appendix A). */
  static byte[] encrypt(
      byte[] plaintext,
      byte[] uaPublic,
      byte[] authSecret,
      ECPrivateKey asPrivate,
      ECPublicKey asPublicKey,
      byte[] salt)
      throws GeneralSecurityException {
    if (plaintext.length > RECORD_SIZE - 17) {
      throw new IllegalArgumentException("a Web Push payload fits one 4096-byte record");
    }
    byte[] asPublic = P256.encode(asPublicKey);
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(asPrivate);
    agreement.doPhase(P256.publicKey(uaPublic), true);
    byte[] ecdhSecret = agreement.generateSecret();

    // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0 || ua || as, 32)
    byte[] prkKey = hmac(authSecret, ecdhSecret);
    byte[] ikm = hmac(prkKey, concat(WEBPUSH_INFO, uaPublic, asPublic, new byte[] {1}));
    // RFC 8188 §2.2, 2.3: CEK and nonce from the salt and IKM.
    byte[] prk = hmac(salt, ikm);
    byte[] cek = Arrays.copyOf(hmac(prk, concat(CEK_INFO, new byte[] {1})), 16);
    byte[] nonce = Arrays.copyOf(hmac(prk, concat(NONCE_INFO, new byte[] {1})), 12);

    // One record, the last: the plaintext, then the delimiter 0x02, no further padding.
    byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
    padded[plaintext.length] = 0x02;
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] ciphertext = aes.doFinal(padded);

    // Header: salt (16) || rs (uint32) || idlen (1) || keyid (the sender's public key).
    ByteBuffer header = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length);
    header.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
    return concat(header.array(), ciphertext);
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
}
