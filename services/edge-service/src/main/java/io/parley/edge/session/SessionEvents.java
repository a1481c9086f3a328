package io.parley.edge.session;

import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.DeviceConnected;
import io.parley.contracts.events.v1.DeviceDisconnected;
import io.parley.contracts.events.v1.DisconnectReason;
import io.parley.contracts.events.v1.SessionEvent;
import io.parley.runtime.events.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Announces sessions on {@code parley.sessions.v1}. Written without holding the client: a broker
 * that is down delays presence, while the connection records and node leases in Redis stay the
 * truth about who is connected.
 */
@Component
class SessionEvents {

  private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);

  private final EventPublisher events;
  private final String nodeId;

  SessionEvents(EventPublisher events, NodeLease lease) {
    this.events = events;
    this.nodeId = lease.nodeId();
  }

  void connected(EdgeSession session) {
    var device = session.device();
    publish(
        session,
        SessionEvent.newBuilder()
            .setMetadata(events.metadata())
            .setDeviceConnected(
                DeviceConnected.newBuilder()
                    .setDevice(Events.device(device.accountId(), device.deviceId()))
                    .setNodeId(nodeId)
                    .setSessionId(session.id())
                    .setConnectionEpoch(session.epoch()))
            .build());
  }

  void disconnected(EdgeSession session, DisconnectReason reason) {
    var device = session.device();
    publish(
        session,
        SessionEvent.newBuilder()
            .setMetadata(events.metadata())
            .setDeviceDisconnected(
                DeviceDisconnected.newBuilder()
                    .setDevice(Events.device(device.accountId(), device.deviceId()))
                    .setNodeId(nodeId)
                    .setSessionId(session.id())
                    .setReason(reason)
                    .setConnectionEpoch(session.epoch()))
            .build());
  }

  private void publish(EdgeSession session, SessionEvent event) {
    events
        .publishAsync(Topics.SESSIONS, session.device().accountId().toString(), event)
        .exceptionally(
            failure -> {
              log.warn(
                  "{}: {} not published: {}", session, event.getEventCase(), failure.toString());
              return null;
            });
  }
}
