package io.parley.loadgen;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client's STOMP session over a WebSocket: sends CONNECT when the socket opens, SUBSCRIBEs once
 * CONNECTED, and then only heart-beats (sent by {@link SessionsRun}'s one shared ticker). Kept
 * small on purpose: a few fields, no thread, no buffer of its own.
 *
 * <p>Public only because Jetty calls listeners through method handles, which need a public class.
 */
public final class StompSession implements Session.Listener.AutoDemanding {

  static final int OPENING = 0;
  static final int CONNECTING = 1;
  static final int CONNECTED = 2;
  static final int FAILED = 3;
  static final int CLOSED = 4;

  private static final AtomicIntegerFieldUpdater<StompSession> STATE =
      AtomicIntegerFieldUpdater.newUpdater(StompSession.class, "state");

  private final SessionsRun run;
  final int index;
  private volatile int state = OPENING;
  private String accessToken;
  private volatile Session session;
  final long startedNanos;
  private volatile long connectSentNanos;
  volatile long lastReceivedNanos;
  volatile long nextBeatNanos;
  volatile int beatMillis;

  /** How often the edge promised to send (0: never), so silence can be told from a dead link. */
  volatile int expectMillis;

  StompSession(SessionsRun run, int index, String accessToken, long startedNanos) {
    this.run = run;
    this.index = index;
    this.accessToken = accessToken;
    this.startedNanos = startedNanos;
  }

  int state() {
    return state;
  }

  Session session() {
    return session;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    if (!STATE.compareAndSet(this, OPENING, CONNECTING)) {
      session.disconnect(); // timed out while the upgrade was under way
      return;
    }
    String token = accessToken;
    accessToken = null; // no need to keep ~600 bytes per session once sent
    connectSentNanos = System.nanoTime();
    session.sendText(
        StompFrame.connect(run.host(), token, run.heartbeatMillis(), run.heartbeatMillis())
            .encode(),
        Callback.from(() -> {}, this::onWebSocketError));
  }

  @Override
  public void onWebSocketText(String message) {
    long now = System.nanoTime();
    lastReceivedNanos = now;
    StompFrame frame;
    try {
      frame = StompFrame.parse(message);
    } catch (IllegalArgumentException e) {
      fail("malformed frame from the edge: " + e.getMessage());
      return;
    }
    if (frame == null) {
      return; // a heart-beat
    }
    switch (frame.command()) {
      case "CONNECTED" -> connected(frame, now);
      case "ERROR" -> {
        String why = frame.header("message");
        String reason = "STOMP ERROR: " + (why == null ? frame.body() : why);
        // Before CONNECTED a refusal; after it, the edge ending a held session (it closes next).
        if (!fail(reason) && STATE.compareAndSet(this, CONNECTED, CLOSED)) {
          run.lost(this, reason);
        }
      }
      default -> run.received(frame.command());
    }
  }

  private void connected(StompFrame frame, long now) {
    int beat;
    int expect;
    try {
      beat = StompFrame.sendInterval(run.heartbeatMillis(), frame.header("heart-beat"));
      expect = StompFrame.receiveInterval(run.heartbeatMillis(), frame.header("heart-beat"));
    } catch (IllegalArgumentException e) {
      fail("CONNECTED with a bad heart-beat header: " + frame.header("heart-beat"));
      return;
    }
    if (!STATE.compareAndSet(this, CONNECTING, CONNECTED)) {
      return;
    }
    beatMillis = beat;
    expectMillis = expect;
    nextBeatNanos = now + beat * 1_000_000L;
    Session s = session;
    s.sendText(
        StompFrame.subscribe("0", "/user/queue/messages", "client-individual").encode(),
        Callback.NOOP);
    s.sendText(StompFrame.subscribe("1", "/user/queue/events", null).encode(), Callback.NOOP);
    run.connected(this, now - startedNanos, now - connectSentNanos);
  }

  /** The upgrade itself failed (refused, no port left, ...), so no socket ever opened. */
  void upgradeFailed(Throwable cause) {
    fail(SessionsRun.reason(cause));
  }

  /** Ends a session that did not reach CONNECTED in time. */
  void timeOut(String reason) {
    if (fail(reason)) {
      Session s = session;
      if (s != null) {
        s.disconnect();
      }
    }
  }

  /** Marks the session failed once, before CONNECTED; false if it was past that already. */
  private boolean fail(String reason) {
    int now = state;
    while (now == OPENING || now == CONNECTING) {
      if (STATE.compareAndSet(this, now, FAILED)) {
        run.failed(this, reason);
        Session s = session;
        if (s != null && s.isOpen()) {
          s.close();
        }
        return true;
      }
      now = state;
    }
    return false;
  }

  /** Sends a heart-beat if one is due; called by the shared ticker only. */
  void beatIfDue(long now) {
    int beat = beatMillis;
    if (state != CONNECTED || beat == 0 || now - nextBeatNanos < 0) {
      return;
    }
    nextBeatNanos = now + beat * 1_000_000L;
    Session s = session;
    if (s != null) {
      s.sendText("\n", Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    callback.succeed();
    if (STATE.compareAndSet(this, CONNECTED, CLOSED)) {
      run.lost(this, "closed " + statusCode + (reason == null ? "" : " " + reason));
    } else {
      fail("closed before CONNECTED: " + statusCode + (reason == null ? "" : " " + reason));
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    if (!fail(SessionsRun.reason(cause)) && state == CONNECTED) {
      run.error(SessionsRun.reason(cause));
    }
  }

  /** Closes a held session at the end of the run. */
  void close() {
    Session s = session;
    if (s != null && s.isOpen()) {
      STATE.set(this, CLOSED);
      s.close();
    }
  }
}
