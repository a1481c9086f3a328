package io.parley.client;

/** The state of the client's STOMP session. */
public enum ConnectionState {
  /** Opening a socket or waiting for CONNECTED. */
  CONNECTING,
  /** Connected and subscribed; the mailbox backlog is being delivered, then live messages. */
  CONNECTED,
  /** The socket dropped; a reconnect is scheduled with backoff. */
  RECONNECT_WAIT,
  /** {@link ParleyClient#disconnect()} or {@link ParleyClient#close()} ended it. */
  DISCONNECTED,
  /**
   * The server ended it for good (device removed, account deleted, tokens revoked, or the device
   * connected elsewhere): the client does not reconnect by itself.
   */
  ENDED
}
