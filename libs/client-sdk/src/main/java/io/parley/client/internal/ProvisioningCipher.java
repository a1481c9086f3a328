package io.parley.client.internal;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPublicKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the provisioning message (the account's identity key pair and a link code) from the
 * primary to a new device's ephemeral Curve25519 key, so the relay passes only ciphertext:
 *
 * <pre>
 * version(1) = 1 | sender ephemeral public key (33) | nonce (12) | AES-256-GCM(ciphertext + tag)
 * key = HKDF-SHA256(salt = 32 zero bytes, X25519(ephemeral, new device key), "Parley provisioning v1")
 * additional data = version | sender ephemeral public key | recipient public key
 * </pre>
 *
 * An all-zero shared secret (a low-order sender key, which would make the key known to anyone) is
 * refused, and binding the recipient's key into the associated data means a message made for one
 * new device never opens on another.
 */
public final class ProvisioningCipher {

  private static final byte VERSION = 1;
  private static final byte[] INFO = "Parley provisioning v1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 1 + ECPublicKey.SERIALIZED_LENGTH;

  private ProvisioningCipher() {}

  public static byte[] encrypt(ECPublicKey recipient, byte[] plaintext, SecureRandom random) {
    ECKeyPair ephemeral = ECKeyPair.generate(random);
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    byte[] header =
        ByteBuffer.allocate(HEADER).put(VERSION).put(ephemeral.publicKey().serialize()).array();
    byte[] key = key(ephemeral.privateKey().calculateAgreement(recipient));
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, aad(header, recipient), plaintext);
    return ByteBuffer.allocate(HEADER + nonce.length + sealed.length)
        .put(header)
        .put(nonce)
        .put(sealed)
        .array();
  }

  public static byte[] decrypt(ECKeyPair recipient, byte[] message) throws InvalidKeyException {
    if (message.length < HEADER + 12 + 16 || message[0] != VERSION) {
      throw new InvalidKeyException("not a version 1 provisioning message");
    }
    byte[] header = Arrays.copyOfRange(message, 0, HEADER);
    ECPublicKey sender = ECPublicKey.deserialize(Arrays.copyOfRange(message, 1, HEADER));
    byte[] nonce = Arrays.copyOfRange(message, HEADER, HEADER + 12);
    byte[] sealed = Arrays.copyOfRange(message, HEADER + 12, message.length);
    byte[] shared = recipient.privateKey().calculateAgreement(sender);
    if (java.security.MessageDigest.isEqual(shared, new byte[shared.length])) {
      throw new InvalidKeyException("the sender's key is of low order");
    }
    byte[] key = key(shared);
    try {
      return gcm(Cipher.DECRYPT_MODE, key, nonce, aad(header, recipient.publicKey()), sealed);
    } catch (IllegalStateException e) {
      throw new InvalidKeyException("the provisioning message does not decrypt: " + e.getMessage());
    }
  }

  private static byte[] aad(byte[] header, ECPublicKey recipient) {
    return ByteBuffer.allocate(header.length + ECPublicKey.SERIALIZED_LENGTH)
        .put(header)
        .put(recipient.serialize())
        .array();
  }

  private static byte[] key(byte[] sharedSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(sharedSecret);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(INFO);
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
