package io.parley.mailbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic server GUIDs: the same inputs give the same GUID on every replay, so an append that
 * was half done before a crash is finished, not doubled. A name-based UUID (version 8 layout) from
 * SHA-256 of the inputs, each kind of envelope with its own prefix.
 */
public final class ServerGuids {

  private ServerGuids() {}

  /** A message from a sender device to one recipient device. */
  public static String message(
      String senderAccount,
      int senderDevice,
      String clientMessageId,
      String recipientAccount,
      int recipientDevice) {
    return of(
        "m",
        senderAccount,
        Integer.toString(senderDevice),
        clientMessageId,
        recipientAccount,
        Integer.toString(recipientDevice));
  }

  /** The "delivered" receipt of one message, for one of its sender's devices. */
  public static String deliveryReceipt(String messageGuid, String targetAccount, int targetDevice) {
    return of("r", messageGuid, targetAccount, Integer.toString(targetDevice));
  }

  /** The refusal of a message to one recipient account, for the device that sent it. */
  public static String sendRejected(
      String senderAccount, int senderDevice, String clientMessageId, String recipientAccount) {
    return of(
        "x", senderAccount, Integer.toString(senderDevice), clientMessageId, recipientAccount);
  }

  private static String of(String... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      sha.update((byte) (bytes.length >>> 8));
      sha.update((byte) bytes.length);
      sha.update(bytes);
    }
    ByteBuffer hash = ByteBuffer.wrap(sha.digest());
    long high = (hash.getLong() & ~0xF000L) | 0x8000L; // version 8
    long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 9562 variant
    return new UUID(high, low).toString();
  }
}
