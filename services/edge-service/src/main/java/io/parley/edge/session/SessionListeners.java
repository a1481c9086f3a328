package io.parley.edge.session;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Calls every {@link SessionListener}; one that throws is logged and the others still run. */
@Component
class SessionListeners {

  private static final Logger log = LoggerFactory.getLogger(SessionListeners.class);

  private final List<SessionListener> listeners;

  SessionListeners(ObjectProvider<SessionListener> listeners) {
    this.listeners = listeners.orderedStream().toList();
  }

  void opened(EdgeSession session) {
    each(session, "opened", l -> l.opened(session));
  }

  void subscribed(EdgeSession session, String destination) {
    each(session, "subscribed", l -> l.subscribed(session, destination));
  }

  void unsubscribed(EdgeSession session, String destination) {
    each(session, "unsubscribed", l -> l.unsubscribed(session, destination));
  }

  void closed(EdgeSession session) {
    each(session, "closed", l -> l.closed(session));
  }

  private void each(EdgeSession session, String what, Consumer<SessionListener> call) {
    for (SessionListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.error("{}: listener {} failed on {}", session, listener, what, e);
      }
    }
  }
}
