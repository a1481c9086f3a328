package io.parley.client;

import java.time.Instant;
import java.util.UUID;

/**
 * A text message of a conversation, as the local store keeps it.
 *
 * @param id the message's id: its sender's {@code clientMessageId}, the same on every device
 * @param conversation the other account of the conversation
 * @param outgoing whether this account sent it (from this device or, as a sync copy, another)
 * @param senderDevice the device that sent it
 * @param text the plaintext
 * @param sentAt the sender's clock when it was sent
 * @param serverTimestamp when the server accepted it (incoming and sync copies), else null
 * @param guid the server GUID it arrived with (null for what this device sent)
 * @param status for outgoing messages, how far it got; {@code null} for incoming ones
 * @param reason why it was rejected or failed, else null
 */
public record Message(
    String id,
    UUID conversation,
    boolean outgoing,
    int senderDevice,
    String text,
    Instant sentAt,
    Instant serverTimestamp,
    String guid,
    MessageStatus status,
    String reason) {

  Message withStatus(MessageStatus newStatus, String newReason) {
    return new Message(
        id,
        conversation,
        outgoing,
        senderDevice,
        text,
        sentAt,
        serverTimestamp,
        guid,
        newStatus,
        newReason);
  }
}
