package io.parley.client;

import java.util.UUID;

/**
 * What a {@link ParleyClient} reports. Every method has an empty default; override the ones you
 * need. Calls come one at a time, in order, on the client's event thread (never the thread that
 * reads the network): a listener may block briefly or call the client, but should not wait on the
 * client's futures for long.
 */
public interface ParleyListener {

  /**
   * A message arrived (or, with {@link Message#outgoing()}, a sync copy of what another device of
   * this account sent). It is already in the local store, durably, and acknowledged to the server.
   */
  default void onMessage(Message message) {}

  /** A message this account sent changed status (sent, delivered, read, rejected, failed). */
  default void onStatus(Message message) {}

  /** {@code account}'s device {@code device} started or stopped typing to this account. */
  default void onTyping(UUID account, int device, boolean typing) {}

  /** A watched account's presence (snapshot or change). */
  default void onPresence(Presence presence) {}

  /** The session's state changed; {@code detail} is the server's code or the failure, or null. */
  default void onConnection(ConnectionState state, String detail) {}

  /** The mailbox backlog of this session has been delivered; what follows is live. */
  default void onQueueEmpty() {}

  /**
   * Something went wrong that the client handled without losing anything it could keep: a message
   * that could not be decrypted (acknowledged, so it is not redelivered forever), a failed prekey
   * refill (retried later).
   */
  default void onError(String what, Throwable cause) {}
}
