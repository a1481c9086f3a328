/**
 * Mailbox delivery to STOMP sessions: a session that subscribes to {@code /user/queue/messages}
 * gets its device's mailbox in order, a bounded number of messages in flight, a {@code queue_empty}
 * event when the backlog is drained, and new entries as routing signals them (or, if a signal is
 * lost, on the re-read timer). ACK deletes an entry and announces {@code MessageAcknowledged}; NACK
 * and disconnect leave it for the next session. docs/adr/0012-mailbox-and-delivery.md.
 */
package io.parley.edge.delivery;
