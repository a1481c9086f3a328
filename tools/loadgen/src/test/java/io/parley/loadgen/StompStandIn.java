package io.parley.loadgen;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A stand-in for the edge's STOMP endpoint, a few lines on Jetty's WebSocket server: accepts
 * CONNECTs whose token starts with "good" (answering that it wants a heart-beat every 300 ms),
 * answers ERROR and closes for the others, and records what it received. Public, as Jetty calls
 * listeners through method handles.
 */
public final class StompStandIn implements Session.Listener.AutoDemanding {

  /** What every stand-in session of a test saw. */
  static final class Events {
    final AtomicInteger heartBeats = new AtomicInteger();
    final AtomicInteger subscribes = new AtomicInteger();
    final Map<String, String> connectHeaders = new ConcurrentHashMap<>();
    final Set<String> remoteAddresses = ConcurrentHashMap.newKeySet();
  }

  /** Upgrades and then never answers. */
  public static final class Silent implements Session.Listener.AutoDemanding {}

  private final Events events;
  private Session session;

  StompStandIn(Events events) {
    this.events = events;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    events.remoteAddresses.add(
        ((InetSocketAddress) session.getRemoteSocketAddress()).getAddress().getHostAddress());
  }

  @Override
  public void onWebSocketText(String message) {
    StompFrame frame = StompFrame.parse(message);
    if (frame == null) {
      events.heartBeats.incrementAndGet();
      return;
    }
    switch (frame.command()) {
      case "CONNECT" -> {
        frame.headers().forEach(events.connectHeaders::putIfAbsent);
        String authorization = frame.header("Authorization");
        if (authorization.startsWith("Bearer good")) {
          session.sendText("CONNECTED\nversion:1.2\nheart-beat:0,300\n\n\0", Callback.NOOP);
          if (authorization.startsWith("Bearer good-but-ended")) {
            session.sendText(
                "ERROR\nmessage:Session closed.\n\n\0",
                Callback.from(session::close, t -> session.close()));
          }
        } else {
          session.sendText(
              "ERROR\nmessage:invalid access token\\c expired\n\n\0",
              Callback.from(session::close, t -> session.close()));
        }
      }
      case "SUBSCRIBE" -> events.subscribes.incrementAndGet();
      default -> {}
    }
  }
}
