package io.parley.mailbox;

/**
 * How message-routing tells an edge node that a device it holds has something new: Redis pub/sub,
 * one channel per edge node ({@code edge:deliver:<nodeId>}), never one per device. Routing learns
 * the node from the device's connection record in the same script that appends, and publishes only
 * to that node. A lost signal costs latency, not a message: the edge re-reads a session's mailbox
 * after every (re)subscribe and on a timer.
 *
 * <p>Payloads: {@code C <account>:<device>} (the mailbox changed) or {@code E <account>:<device>
 * <incarnation>\n<entry>} (an ephemeral envelope, {@link MailboxEntry#encode()}, never stored:
 * delivered if that node holds the device's session, else gone).
 */
public final class DeliverySignals {

  private DeliverySignals() {}

  public static String channel(String nodeId) {
    return "edge:deliver:" + nodeId;
  }

  public static String changed(MailboxAddress address) {
    return "C " + address.device();
  }

  public static String ephemeral(MailboxAddress address, MailboxEntry entry) {
    return "E " + address.device() + " " + address.incarnation() + "\n" + entry.encode();
  }
}
