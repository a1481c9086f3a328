package io.parley.edge.session;

import io.parley.edge.EdgeProperties;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * The open sockets of {@code /ws}, to enforce what STOMP alone does not: a socket that has not
 * authenticated within {@code parley.edge.connect-timeout} is closed, and a session the edge ended
 * whose client does not read its ERROR frame is closed anyway after a grace period.
 */
@Component
public class SocketRegistry implements WebSocketHandlerDecoratorFactory {

  /** Close code for a socket that sent no valid CONNECT in time (application range 4000-4999). */
  public static final CloseStatus CONNECT_TIMEOUT =
      new CloseStatus(4008, "no valid CONNECT in time");

  private static final Logger log = LoggerFactory.getLogger(SocketRegistry.class);
  private static final Duration END_GRACE = Duration.ofSeconds(5);

  private final ConcurrentHashMap<String, Socket> sockets = new ConcurrentHashMap<>();
  private final SessionRegistry sessions;
  private final Duration connectTimeout;
  private final Clock clock;

  SocketRegistry(SessionRegistry sessions, EdgeProperties properties, Clock clock) {
    this.sessions = sessions;
    this.connectTimeout = properties.connectTimeout();
    this.clock = clock;
  }

  private record Socket(WebSocketSession session, Instant openedAt) {}

  @Override
  public WebSocketHandler decorate(WebSocketHandler handler) {
    return new WebSocketHandlerDecorator(handler) {
      @Override
      public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        sockets.put(session.getId(), new Socket(session, clock.instant()));
        super.afterConnectionEstablished(session);
      }

      @Override
      public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus)
          throws Exception {
        sockets.remove(session.getId());
        super.afterConnectionClosed(session, closeStatus);
      }
    };
  }

  /** Open sockets, authenticated or not. */
  public int size() {
    return sockets.size();
  }

  @Scheduled(fixedDelayString = "500ms")
  void closeOverdueSockets() {
    Instant now = clock.instant();
    for (Socket socket : sockets.values()) {
      WebSocketSession session = socket.session();
      boolean authenticated =
          session.getAttributes().containsKey(SessionLifecycle.AUTHENTICATED_ATTRIBUTE);
      if (!authenticated && now.isAfter(socket.openedAt().plus(connectTimeout))) {
        close(session, CONNECT_TIMEOUT);
        continue;
      }
      sessions
          .bySession(session.getId())
          .filter(
              s -> s.endRequestedAt() != null && now.isAfter(s.endRequestedAt().plus(END_GRACE)))
          .ifPresent(s -> close(session, CloseStatus.POLICY_VIOLATION));
    }
  }

  /** Closes every socket at once (the last step of a shutdown). */
  void closeAll(CloseStatus status) {
    sockets.values().forEach(socket -> close(socket.session(), status));
  }

  private void close(WebSocketSession session, CloseStatus status) {
    sockets.remove(session.getId());
    try {
      session.close(status);
    } catch (IOException | RuntimeException e) {
      log.debug("closing socket {}: {}", session.getId(), e.toString());
    }
  }
}
