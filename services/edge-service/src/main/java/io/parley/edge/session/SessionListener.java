package io.parley.edge.session;

/**
 * What other parts of the edge (mailbox delivery, presence watches) hear of a session's life. Every
 * bean of this type is called, on the thread that handled the frame or the close; implementations
 * return quickly and never throw.
 */
public interface SessionListener {

  /** CONNECT was accepted and the session registered (before CONNECTED reaches the client). */
  default void opened(EdgeSession session) {}

  /** The session subscribed to one of {@link Destinations#SUBSCRIBABLE}. */
  default void subscribed(EdgeSession session, String destination) {}

  /** The session dropped its subscription to a destination. */
  default void unsubscribed(EdgeSession session, String destination) {}

  /** The socket closed, for any reason; the session is no longer registered. */
  default void closed(EdgeSession session) {}
}
