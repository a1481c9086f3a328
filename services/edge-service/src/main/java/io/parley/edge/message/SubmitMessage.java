package io.parley.edge.message;

import java.util.List;

/**
 * The body of {@code SEND /app/messages} (JSON). The sender is never in it: it is the session's
 * device. Validated by {@link MessageSubmission}; docs/stomp.md has an example.
 *
 * @param clientMessageId unique per sending device (1-64 of {@code A-Z a-z 0-9 . _ : -}); a resend
 *     of the same message keeps it, which is how duplicates are recognised
 * @param clientTimestamp the sender's clock, epoch milliseconds
 * @param urgent wake the recipient now (a visible notification is likely)
 * @param ephemeral deliver only to connected devices, never store or push (typing indicators)
 * @param recipients one entry per recipient account
 */
public record SubmitMessage(
    String clientMessageId,
    Long clientTimestamp,
    Boolean urgent,
    Boolean ephemeral,
    List<Recipient> recipients) {

  /**
   * @param accountId the recipient account (for sync copies, the sender's own account)
   * @param devices one ciphertext per device of that account (for the own account: per other
   *     device)
   */
  public record Recipient(String accountId, List<DeviceMessage> devices) {}

  /**
   * @param deviceId the recipient device
   * @param registrationId the registration id of the device the session was built with
   * @param type {@code prekey} (a PreKeySignalMessage), {@code whisper} (a SignalMessage), {@code
   *     sender_key} or {@code plaintext} (libsignal's types)
   * @param content the ciphertext, base64
   */
  public record DeviceMessage(
      Integer deviceId, Integer registrationId, String type, String content) {}
}
