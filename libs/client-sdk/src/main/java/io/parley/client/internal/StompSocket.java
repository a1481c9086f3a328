package io.parley.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket carrying STOMP frames, on the JDK's client. Frames and the close are handed to the
 * callbacks in the order they arrived (the JDK calls the listener one message at a time); sends are
 * chained, since the JDK allows one outstanding send.
 */
public final class StompSocket {

  /** What the socket reports: a frame, or its end ({@code frame == null}, with a reason). */
  public interface Events {
    void frame(StompSocket socket, StompFrame frame);

    void heartbeat(StompSocket socket);

    void closed(StompSocket socket, int code, String reason);
  }

  /** More than any frame the server may send (its transport limit is 1 MiB). */
  private static final int MAX_BUFFERED_CHARS = 2 * 1024 * 1024;

  private final WebSocket socket;
  private final Object sendLock = new Object();
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

  private StompSocket(WebSocket socket) {
    this.socket = socket;
  }

  public static CompletableFuture<StompSocket> open(HttpClient http, URI uri, Events events) {
    CompletableFuture<StompSocket> opened = new CompletableFuture<>();
    Listener listener = new Listener(events, opened);
    http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, listener)
        .whenComplete(
            (ws, failure) -> {
              if (failure != null) {
                opened.completeExceptionally(failure);
              }
            });
    return opened;
  }

  public CompletableFuture<?> send(StompFrame frame) {
    return sendText(frame.encode());
  }

  public CompletableFuture<?> sendHeartbeat() {
    return sendText("\n");
  }

  private CompletableFuture<?> sendText(String text) {
    synchronized (sendLock) {
      CompletableFuture<?> next =
          sending.handle((x, e) -> null).thenCompose(x -> socket.sendText(text, true));
      sending = next;
      return next;
    }
  }

  public void abort() {
    socket.abort();
  }

  public void close() {
    synchronized (sendLock) {
      sending
          .handle((x, e) -> null)
          .thenCompose(x -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
          .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
          .whenComplete((x, e) -> socket.abort());
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final Events events;
    private final CompletableFuture<StompSocket> opened;
    private final StringBuilder buffer = new StringBuilder();
    private StompSocket self;

    Listener(Events events, CompletableFuture<StompSocket> opened) {
      this.events = events;
      this.opened = opened;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      self = new StompSocket(webSocket);
      opened.complete(self);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      deliver();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      buffer.append(StandardCharsets.UTF_8.decode(data));
      deliver();
      webSocket.request(1);
      return null;
    }

    private void deliver() {
      events.heartbeat(self);
      if (buffer.length() > MAX_BUFFERED_CHARS) {
        // no frame end in sight: a broken or hostile server; drop the connection
        buffer.setLength(0);
        self.abort();
        events.closed(self, 1009, "frame too large");
        return;
      }
      for (StompFrame frame : StompFrame.decode(buffer)) {
        events.frame(self, frame);
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      events.closed(self, statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (!opened.isDone()) {
        opened.completeExceptionally(error);
        return;
      }
      events.closed(self, -1, String.valueOf(error));
    }
  }
}
