package io.parley.routing;

import io.parley.contracts.events.v1.CiphertextType;
import io.parley.contracts.events.v1.DeviceCiphertext;
import io.parley.mailbox.MailboxEntry;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON bodies clients receive on {@code /user/queue/messages} (docs/stomp.md): a message, a
 * "delivered" receipt, a "send rejected" notice. Rendered once here, stored as they are, and
 * written to the client by the edge without parsing.
 */
@Component
class Envelopes {

  private static final Map<CiphertextType, String> TYPES =
      Map.of(
          CiphertextType.CIPHERTEXT_TYPE_PREKEY, "prekey",
          CiphertextType.CIPHERTEXT_TYPE_WHISPER, "whisper",
          CiphertextType.CIPHERTEXT_TYPE_SENDER_KEY, "sender_key",
          CiphertextType.CIPHERTEXT_TYPE_PLAINTEXT, "plaintext");

  private final JsonMapper json;

  Envelopes(JsonMapper json) {
    this.json = json;
  }

  static String type(CiphertextType type) {
    String name = TYPES.get(type);
    if (name == null) {
      throw new InvalidEventException("ciphertext type " + type + " is not one clients know");
    }
    return name;
  }

  MailboxEntry message(
      String guid,
      UUID senderAccount,
      int senderDevice,
      String clientMessageId,
      long clientTimestamp,
      long serverTimestamp,
      long expiresAt,
      boolean urgent,
      boolean ephemeral,
      DeviceCiphertext ciphertext) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", MailboxEntry.MESSAGE);
    body.put("guid", guid);
    body.put("sender", device(senderAccount.toString(), senderDevice));
    body.put("clientMessageId", clientMessageId);
    body.put("clientTimestamp", clientTimestamp);
    body.put("serverTimestamp", serverTimestamp);
    body.put("type", type(ciphertext.getType()));
    body.put("content", Base64.getEncoder().encodeToString(ciphertext.getContent().toByteArray()));
    body.put("urgent", urgent);
    body.put("ephemeral", ephemeral);
    return new MailboxEntry(
        MailboxEntry.MESSAGE,
        serverTimestamp,
        expiresAt,
        senderAccount.toString(),
        senderDevice,
        clientMessageId,
        json.writeValueAsString(body));
  }

  MailboxEntry deliveryReceipt(
      String guid,
      String messageGuid,
      String clientMessageId,
      String originalSenderAccount,
      int originalSenderDevice,
      String recipientAccount,
      int recipientDevice,
      long serverTimestamp,
      long expiresAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", MailboxEntry.DELIVERY_RECEIPT);
    body.put("guid", guid);
    body.put("messageGuid", messageGuid);
    body.put("clientMessageId", clientMessageId);
    body.put("sentBy", device(originalSenderAccount, originalSenderDevice));
    body.put("recipient", device(recipientAccount, recipientDevice));
    body.put("serverTimestamp", serverTimestamp);
    return new MailboxEntry(
        MailboxEntry.DELIVERY_RECEIPT,
        serverTimestamp,
        expiresAt,
        "",
        0,
        "",
        json.writeValueAsString(body));
  }

  /**
   * @param details what the reason needs: devices that were full, or the device-list difference
   */
  MailboxEntry sendRejected(
      String guid,
      String clientMessageId,
      String receiptId,
      String recipientAccount,
      String reason,
      Map<String, Object> details,
      long serverTimestamp,
      long expiresAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", MailboxEntry.SEND_REJECTED);
    body.put("guid", guid);
    body.put("clientMessageId", clientMessageId);
    body.put("receiptId", receiptId);
    body.put("recipientAccountId", recipientAccount);
    body.put("reason", reason);
    body.putAll(details);
    body.put("serverTimestamp", serverTimestamp);
    return new MailboxEntry(
        MailboxEntry.SEND_REJECTED,
        serverTimestamp,
        expiresAt,
        "",
        0,
        "",
        json.writeValueAsString(body));
  }

  private static Map<String, Object> device(String accountId, int deviceId) {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("accountId", accountId);
    device.put("deviceId", deviceId);
    return device;
  }
}
