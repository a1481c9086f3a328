package io.parley.mailbox;

import java.util.UUID;

/**
 * Where a device's connection record and an edge node's liveness lease live (edge-service writes
 * both; routing and presence read them). A device holds a live connection when its record names a
 * node and that node's lease exists.
 */
public final class ConnectionKeys {

  private ConnectionKeys() {}

  /** {@code edge:conn:{<account>:<device>}}: the same slot as the device's mailbox keys. */
  public static String connection(UUID accountId, int deviceId) {
    return "edge:conn:" + MailboxAddress.slot(accountId, deviceId);
  }

  /** {@code edge:node:{<nodeId>}}: exists while the node lives. */
  public static String nodeLease(String nodeId) {
    return "edge:node:{" + nodeId + "}";
  }
}
