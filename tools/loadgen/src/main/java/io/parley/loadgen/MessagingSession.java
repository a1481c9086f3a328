package io.parley.loadgen;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One device's STOMP session in {@code messages}: CONNECTs with its token, subscribes to {@code
 * /user/queue/messages} ({@code ack:client-individual}) and {@code /user/queue/events}, ACKs every
 * MESSAGE as soon as it has read it, and hands what it heard to {@link MessagesRun}. A sender also
 * sends: in a burst it keeps at most {@code window} SENDs without their RECEIPT (the next one goes
 * out when a RECEIPT or a refusal frees a place), paced it sends when the schedule says.
 *
 * <p>Frames are read with a few {@code indexOf}s rather than {@link StompFrame#parse}: the load
 * generator shares the two cores with the platform it measures, so its own CPU per frame matters.
 *
 * <p>Public only because Jetty calls listeners through method handles, which need a public class.
 */
public final class MessagingSession implements Session.Listener.AutoDemanding {

  private final MessagesRun run;
  final int index;
  final BenchAccounts.Device device;
  private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AtomicInteger subscriptionReceipts = new AtomicInteger();
  private volatile Session session;

  /** SEND body around the clientMessageId, made once: to this sender's partner. */
  private String bodyHead;

  private String bodyTail;

  // The burst window, guarded by this.
  private MessagePhase burst;
  private int perSender;
  private int window;
  private int nextSeq;
  private int inFlight;

  MessagingSession(MessagesRun run, int index, BenchAccounts.Device device) {
    this.run = run;
    this.index = index;
    this.device = device;
  }

  /** Makes this session a sender to {@code to}, with a ciphertext of {@code content}. */
  void sendsTo(BenchAccounts.Device to, String base64Content) {
    bodyHead = "{\"clientMessageId\":\"";
    bodyTail =
        ",\"urgent\":true,\"ephemeral\":false,\"recipients\":[{\"accountId\":\""
            + to.accountId()
            + "\",\"devices\":[{\"deviceId\":"
            + to.deviceId()
            + ",\"registrationId\":"
            + to.registrationId()
            + ",\"type\":\"whisper\",\"content\":\""
            + base64Content
            + "\"}]}]}";
  }

  /**
   * Opens the session (again, after a failed attempt): completes once CONNECTED and both
   * subscriptions are receipted, exceptionally if the edge refused or closed it.
   */
  CompletableFuture<Void> open(WebSocketClient client, URI edge) throws IOException {
    CompletableFuture<Void> attempt = new CompletableFuture<>();
    ready = attempt;
    subscriptionReceipts.set(0);
    client
        .connect(this, edge)
        .whenComplete(
            (s, failure) -> {
              if (failure != null) {
                attempt.completeExceptionally(failure);
              }
            });
    return attempt;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    session.sendText(
        StompFrame.connect(run.host(), device.accessToken(), 10_000, 10_000).encode(),
        Callback.from(() -> {}, this::onWebSocketError));
  }

  @Override
  public void onWebSocketText(String message) {
    long now = System.nanoTime();
    int at = 0;
    int length = message.length();
    while (at < length) {
      while (at < length && (message.charAt(at) == '\n' || message.charAt(at) == '\r')) {
        at++; // heart-beats
      }
      if (at == length) {
        return;
      }
      int end = message.indexOf('\0', at);
      if (end < 0) {
        run.error("frame without its NUL");
        return;
      }
      frame(message, at, end, now);
      at = end + 1;
    }
  }

  private void frame(String m, int from, int to, long now) {
    int lineEnd = m.indexOf('\n', from);
    if (lineEnd < 0 || lineEnd > to) {
      run.error("frame without a command line");
      return;
    }
    String command = m.substring(from, lineEnd);
    int headersEnd = m.indexOf("\n\n", lineEnd);
    if (headersEnd < 0 || headersEnd > to) {
      headersEnd = to;
    }
    switch (command) {
      case "MESSAGE" -> {
        String destination = header(m, lineEnd, headersEnd, "destination");
        int bodyFrom = Math.min(headersEnd + 2, to);
        if ("/user/queue/messages".equals(destination)) {
          String ack = header(m, lineEnd, headersEnd, "ack");
          if (ack != null) {
            send("ACK\nid:" + ack + "\n\n\0");
          }
          run.envelope(
              field(m, bodyFrom, to, "\"kind\":\""),
              field(m, bodyFrom, to, "\"clientMessageId\":\""),
              now);
        } else {
          run.notice(
              this,
              field(m, bodyFrom, to, "\"code\":\""),
              field(m, bodyFrom, to, "\"receiptId\":\""));
        }
      }
      case "RECEIPT" -> {
        String id = header(m, lineEnd, headersEnd, "receipt-id");
        if (id != null && id.startsWith("sub-")) {
          if (subscriptionReceipts.incrementAndGet() == 2) {
            ready.complete(null);
          }
        } else {
          run.receipt(this, id, now);
        }
      }
      case "CONNECTED" -> {
        send(
            "SUBSCRIBE\nid:messages\ndestination:/user/queue/messages\nack:client-individual\n"
                + "receipt:sub-messages\n\n\0");
        send("SUBSCRIBE\nid:events\ndestination:/user/queue/events\nreceipt:sub-events\n\n\0");
      }
      case "ERROR" -> {
        String why = header(m, lineEnd, headersEnd, "message");
        if (ready.isDone()) {
          run.error("STOMP ERROR: " + why);
        }
        ready.completeExceptionally(new IllegalStateException("STOMP ERROR: " + why));
      }
      default -> run.error("unexpected frame " + command);
    }
  }

  /** The value of header {@code name} between a command line's end and the blank line. */
  static String header(String m, int from, int to, String name) {
    String key = "\n" + name + ":";
    int at = m.indexOf(key, from);
    if (at < 0 || at >= to) {
      return null;
    }
    int start = at + key.length();
    int end = m.indexOf('\n', start);
    return m.substring(start, end < 0 || end > to ? to : end);
  }

  /** A JSON string field's value, found by its {@code "name":"} prefix (no escapes in ours). */
  static String field(String m, int from, int to, String prefix) {
    int at = m.indexOf(prefix, from);
    if (at < 0 || at >= to) {
      return null;
    }
    int start = at + prefix.length();
    int end = m.indexOf('"', start);
    return end < 0 || end > to ? null : m.substring(start, end);
  }

  /** SEND of message {@code index} of the phase to this sender's partner. */
  void sendMessage(MessagePhase phase, int i, long sentNanos) {
    String id = phase.id(i);
    phase.sent(i, sentNanos);
    send(
        "SEND\ndestination:/app/messages\ncontent-type:application/json\nreceipt:"
            + id
            + "\n\n"
            + bodyHead
            + id
            + "\",\"clientTimestamp\":"
            + System.currentTimeMillis()
            + bodyTail
            + "\0");
  }

  private void send(String frame) {
    Session s = session;
    if (s != null) {
      s.sendText(frame, Callback.from(() -> {}, this::onWebSocketError));
    }
  }

  void heartbeat() {
    send("\n");
  }

  // ------------------------------------------------------------------------------ burst window

  /** Sends {@code perSender} messages of the phase, at most {@code window} unreceipted at once. */
  void startBurst(MessagePhase phase, int perSender, int window) {
    synchronized (this) {
      this.burst = phase;
      this.perSender = perSender;
      this.window = window;
      this.nextSeq = 0;
      this.inFlight = 0;
    }
    pump();
  }

  /** A RECEIPT or a refusal for one of this sender's burst messages: a place is free. */
  void settled(MessagePhase phase) {
    synchronized (this) {
      if (phase != burst) {
        return;
      }
      inFlight--;
    }
    pump();
  }

  private void pump() {
    while (true) {
      MessagePhase phase;
      int i;
      synchronized (this) {
        if (burst == null || inFlight >= window || nextSeq >= perSender) {
          return;
        }
        phase = burst;
        i = index * perSender + nextSeq++;
        inFlight++;
      }
      sendMessage(phase, i, System.nanoTime());
    }
  }

  /** Sends message {@code i} again (a refusal during warm-up), measured from now. */
  void resend(MessagePhase phase, int i) {
    phase.retried.incrementAndGet();
    sendMessage(phase, i, System.nanoTime());
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    callback.succeed();
    if (!run.closing() && ready.isDone()) {
      run.error("closed " + statusCode + (reason == null ? "" : " " + reason));
    }
    ready.completeExceptionally(new IllegalStateException("closed " + statusCode));
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    if (!run.closing() && ready.isDone()) {
      run.error(SessionsRun.reason(cause));
    }
    ready.completeExceptionally(cause);
  }

  void close() {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.close();
    }
  }
}
