/**
 * Clients' STOMP 1.2 sessions over WebSocket at {@code /ws}: authentication on CONNECT, one session
 * per device, re-authentication, the events that announce sessions, the node's liveness lease, and
 * the frames the edge answers itself (RECEIPT, ACK/NACK, notices). Destinations: docs/stomp.md.
 */
package io.parley.edge.session;
