package io.parley.edge.session;

import io.parley.edge.EdgeProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * A graceful stop, before the web server and the broker stop: readiness goes to refusing traffic
 * (load balancers stop sending new clients), new CONNECTs are refused, every client gets a STOMP
 * ERROR {@code server_shutdown} asking it to connect again (to another node), the node waits up to
 * {@code parley.edge.shutdown-drain} for them to leave, closes what is left, and drops its lease.
 */
@Component
class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

  private final SessionLifecycle lifecycle;
  private final SessionRegistry sessions;
  private final SocketRegistry sockets;
  private final NodeLease lease;
  private final Duration drain;

  Shutdown(
      SessionLifecycle lifecycle,
      SessionRegistry sessions,
      SocketRegistry sockets,
      NodeLease lease,
      EdgeProperties properties) {
    this.lifecycle = lifecycle;
    this.sessions = sessions;
    this.sockets = sockets;
    this.lease = lease;
    this.drain = properties.shutdownDrain();
  }

  @EventListener
  void onClose(ContextClosedEvent closed) {
    ApplicationContext context = closed.getApplicationContext();
    if (context.getParent() != null || lifecycle.isDraining()) {
      return;
    }
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    int held = sessions.size();
    lifecycle.drain();
    long deadline = System.nanoTime() + drain.toNanos();
    while (sessions.size() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int left = sessions.size();
    sockets.closeAll(CloseStatus.GOING_AWAY);
    lease.release();
    log.info(
        "shutdown: asked {} sessions to reconnect elsewhere; {} closed at the deadline",
        held,
        left);
  }
}
