package io.parley.signal.session;

import io.parley.signal.InvalidMessageException;
import io.parley.signal.internal.Binary;
import io.parley.signal.keys.ECPublicKey;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sessions with one peer device: the current one and up to 40 archived ones, which can still
 * decrypt late messages (for instance when both sides started a session at the same time). Its
 * {@link #serialize() serialized form} is this library's own, not libsignal's.
 */
public final class SessionRecord {

  /** Archived sessions kept, as libsignal. */
  static final int MAX_ARCHIVED_STATES = 40;

  private static final int FORMAT = 1;

  SessionState current;
  final List<SessionState> previous = new ArrayList<>();

  /** A record without sessions. */
  public SessionRecord() {}

  /** Whether there is a current session. */
  public boolean hasCurrentSession() {
    return current != null;
  }

  /** The current session's message version (3: X3DH, 4: PQXDH), or 0 without one. */
  public int sessionVersion() {
    return current == null ? 0 : current.version;
  }

  /** The peer's identity key in the current session, or {@code null}. */
  public ECPublicKey remoteIdentityKey() {
    return current == null ? null : current.remoteIdentity;
  }

  /**
   * The peer's registration id in the current session (from its bundle or its PreKey message), or 0
   * without one. Servers check it to spot a device that was re-registered since.
   */
  public int remoteRegistrationId() {
    return current == null ? 0 : current.remoteRegistrationId;
  }

  /** Whether the current session still waits for the peer's first reply (sends PreKey messages). */
  public boolean hasUnacknowledgedPreKeyMessage() {
    return current != null && current.pendingPreKey != null;
  }

  /** Makes {@code state} current, archiving the current one. */
  void promoteState(SessionState state) {
    if (current != null) {
      previous.add(0, current);
      while (previous.size() > MAX_ARCHIVED_STATES) {
        previous.remove(previous.size() - 1);
      }
    }
    current = state;
  }

  /** Archives the current session (the next message needs a new one). */
  public void archiveCurrentState() {
    if (current != null) {
      promoteState(null);
    }
  }

  /**
   * Makes the session started with {@code baseKey} current if there is one: a repeated
   * PreKeySignalMessage belongs to it, and its one-time prekey is already gone.
   */
  boolean promoteMatchingSession(int version, ECPublicKey baseKey) {
    if (current != null && current.version == version && current.aliceBaseKey.equals(baseKey)) {
      return true;
    }
    for (int i = 0; i < previous.size(); i++) {
      SessionState state = previous.get(i);
      if (state.version == version && state.aliceBaseKey.equals(baseKey)) {
        previous.remove(i);
        promoteState(state.copy()); // archived states may be shared between copies: never mutate
        return true;
      }
    }
    return false;
  }

  void promoteOld(int index, SessionState updated) {
    previous.remove(index);
    promoteState(updated);
  }

  /**
   * A copy that shares nothing mutable with this record: what an in-memory store hands out.
   * Archived sessions are shared, because nothing changes one in place (a late message decrypts on
   * a copy, which then replaces it).
   */
  public SessionRecord copy() {
    SessionRecord copy = new SessionRecord();
    copy.current = current == null ? null : current.copy();
    copy.previous.addAll(previous);
    return copy;
  }

  /** This library's storage encoding of the record (secret: it holds the session keys). */
  public byte[] serialize() {
    return Binary.write(
        out -> {
          out.writeByte(FORMAT);
          out.writeBoolean(current != null);
          if (current != null) {
            current.write(out);
          }
          out.writeInt(previous.size());
          for (SessionState state : previous) {
            state.write(out);
          }
        });
  }

  /**
   * Reads what {@link #serialize()} wrote.
   *
   * @throws InvalidMessageException if the bytes are not such a record
   */
  public static SessionRecord deserialize(byte[] bytes) throws InvalidMessageException {
    try {
      DataInputStream in = Binary.reader(bytes);
      if (in.readByte() != FORMAT) {
        throw new InvalidMessageException("unknown session record format");
      }
      SessionRecord record = new SessionRecord();
      if (in.readBoolean()) {
        record.current = SessionState.read(in);
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        record.previous.add(SessionState.read(in));
      }
      if (in.available() != 0) {
        throw new InvalidMessageException("session record has trailing bytes");
      }
      return record;
    } catch (IOException e) {
      throw new InvalidMessageException("session record is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SessionRecord[version "
        + sessionVersion()
        + ", "
        + previous.size()
        + " archived, redacted]";
  }
}
