package io.parley.edge.session;

import io.parley.security.AuthenticatedDevice;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The authenticated sessions this node holds, by session id and by device (one per device). */
@Component
public class SessionRegistry {

  private final ConcurrentHashMap<String, EdgeSession> bySession = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<AuthenticatedDevice, EdgeSession> byDevice =
      new ConcurrentHashMap<>();

  /** Adds a session; answers the device's session it replaces on this node, if any. */
  Optional<EdgeSession> register(EdgeSession session) {
    bySession.put(session.id(), session);
    EdgeSession previous = byDevice.put(session.device(), session);
    return previous == null || previous == session ? Optional.empty() : Optional.of(previous);
  }

  /** Removes a session; answers it if it was registered. */
  Optional<EdgeSession> remove(String sessionId) {
    EdgeSession session = bySession.remove(sessionId);
    if (session != null) {
      byDevice.remove(session.device(), session);
    }
    return Optional.ofNullable(session);
  }

  public Optional<EdgeSession> bySession(String sessionId) {
    return Optional.ofNullable(bySession.get(sessionId));
  }

  public Optional<EdgeSession> byDevice(AuthenticatedDevice device) {
    return Optional.ofNullable(byDevice.get(device));
  }

  public Collection<EdgeSession> all() {
    return bySession.values();
  }

  public int size() {
    return bySession.size();
  }
}
