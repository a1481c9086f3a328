package io.parley.client;

/**
 * Where a message this account sent stands. The order is the order of progress: a status never goes
 * back ({@link #REJECTED} and {@link #FAILED} end it).
 */
public enum MessageStatus {
  /** Encrypted and handed to the session; no RECEIPT yet (sent again after a reconnect). */
  SENDING,
  /** The server has it durably (the "sent" tick). */
  SENT,
  /** At least one of the recipient's devices has it (the "delivered" tick). */
  DELIVERED,
  /** The recipient sent a read receipt. */
  READ,
  /** The server refused it after accepting it ({@code send_rejected}): see the reason. */
  REJECTED,
  /** It could not be sent (for example the recipient has no devices); see the reason. */
  FAILED;

  boolean isAfter(MessageStatus other) {
    return ordinal() > other.ordinal();
  }
}
