/**
 * {@code SEND /app/messages}: validation of the envelope, the recipient device-list check against
 * the edge's read model of devices, and the hand-off to Kafka that the RECEIPT waits for.
 */
package io.parley.edge.message;
