package io.parley.mailbox;

import java.util.UUID;

/**
 * Whose mailbox: a device, in one incarnation. A device id re-used after an unlink (or a reinstall
 * of the primary) is a new incarnation and never sees what was queued for the old one.
 */
public record MailboxAddress(UUID accountId, int deviceId, String incarnation) {

  public MailboxAddress {
    if (accountId == null || deviceId < 1 || incarnation == null) {
      throw new IllegalArgumentException("a mailbox needs an account, a device id and incarnation");
    }
  }

  /** The Redis Cluster hash tag every key of this device shares: {@code {<account>:<device>}}. */
  public String slot() {
    return slot(accountId, deviceId);
  }

  static String slot(UUID accountId, int deviceId) {
    return "{" + accountId + ":" + deviceId + "}";
  }

  /** {@code <account>:<device>}, as delivery signals name a device. */
  public String device() {
    return accountId + ":" + deviceId;
  }
}
