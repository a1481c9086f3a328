package io.parley.edge.session;

/**
 * What ACK and NACK frames do: Spring's simple broker ignores them, so the edge handles them. The
 * mailbox delivery path implements this; until a delivery exists, {@link NoDeliveriesAckHandler}
 * answers that the id names no delivered message.
 */
public interface AckHandler {

  /** ACK: the client has the message for good. */
  void ack(EdgeSession session, String id, String receiptId);

  /** NACK: the client could not take the message now; it stays for redelivery. */
  void nack(EdgeSession session, String id, String receiptId);
}
