package io.parley.signal.store;

import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.session.SessionRecord;
import java.util.List;

/**
 * Sessions by peer device. {@link #loadSession} returns a record the caller may change freely:
 * nothing reaches the store until {@link #storeSession}.
 */
public interface SessionStore {

  /** A copy of the session record with {@code address}, or {@code null}. */
  SessionRecord loadSession(SignalProtocolAddress address);

  void storeSession(SignalProtocolAddress address, SessionRecord record);

  boolean containsSession(SignalProtocolAddress address);

  void deleteSession(SignalProtocolAddress address);

  /** The device ids with a session for account {@code name}. */
  List<Integer> subDeviceSessions(String name);
}
