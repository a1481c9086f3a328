package io.parley.presence.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A STOMP 1.2 client on the JDK's WebSocket, as a device would use the edge's {@code /ws}. */
final class StompClient implements AutoCloseable {

  /** A frame from the server. */
  record Frame(String command, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }

    boolean isPresence() {
      return "MESSAGE".equals(command) && "/user/queue/presence".equals(header("destination"));
    }

    boolean isNotice(String code) {
      return "MESSAGE".equals(command)
          && "/user/queue/events".equals(header("destination"))
          && body.contains("\"code\":\"" + code + "\"");
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private StompClient(URI uri) {
    this.socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, new Listener())
            .join();
  }

  /** Connected and subscribed to its events queue. */
  static StompClient connect(int port, String token) {
    StompClient client = new StompClient(URI.create("ws://localhost:" + port + "/ws"));
    client.sendRaw(
        "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer "
            + token
            + "\n\n\0");
    Frame reply = client.next(Duration.ofSeconds(15));
    if (!"CONNECTED".equals(reply.command())) {
      client.close();
      throw new AssertionError("expected CONNECTED, got " + reply);
    }
    client.subscribe("events", "/user/queue/events");
    return client;
  }

  void subscribe(String id, String destination) {
    sendRaw(
        "SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\nreceipt:sub-" + id + "\n\n\0");
    awaitReceipt("sub-" + id, Duration.ofSeconds(10));
  }

  void send(String destination, String receipt, String jsonBody) {
    sendRaw(
        "SEND\ndestination:"
            + destination
            + "\ncontent-type:application/json\nreceipt:"
            + receipt
            + "\n\n"
            + jsonBody
            + "\0");
  }

  /** A clean DISCONNECT, answered before the socket closes. */
  void disconnect() {
    sendRaw("DISCONNECT\nreceipt:bye\n\n\0");
    awaitReceipt("bye", Duration.ofSeconds(10));
    close();
  }

  void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  Frame next(Duration timeout) {
    Frame frame = poll(timeout);
    if (frame == null) {
      throw new AssertionError("no frame within " + timeout);
    }
    return frame;
  }

  Frame poll(Duration timeout) {
    try {
      return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The next frame that matches, skipping others; fails after the timeout. */
  Frame await(Predicate<Frame> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Frame> skipped = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching frame within " + timeout + "; skipped " + skipped);
      }
      Frame frame = poll(Duration.ofNanos(left));
      if (frame != null && match.test(frame)) {
        return frame;
      }
      if (frame != null) {
        skipped.add(frame);
      }
    }
  }

  /** Every frame matching within the time (none expected, usually). */
  List<Frame> collect(Predicate<Frame> match, Duration during) {
    List<Frame> matching = new ArrayList<>();
    long deadline = System.nanoTime() + during.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return matching;
      }
      Frame frame = poll(Duration.ofNanos(left));
      if (frame != null && match.test(frame)) {
        matching.add(frame);
      }
    }
  }

  Frame awaitReceipt(String receiptId, Duration timeout) {
    return await(
        f -> "RECEIPT".equals(f.command()) && receiptId.equals(f.header("receipt-id")), timeout);
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        parse(buffer.toString());
        buffer.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }

  private void parse(String text) {
    String remaining = text;
    while (!remaining.isEmpty()) {
      while (remaining.startsWith("\n") || remaining.startsWith("\r\n")) {
        remaining = remaining.substring(remaining.startsWith("\n") ? 1 : 2);
      }
      if (remaining.isEmpty()) {
        return;
      }
      int end = remaining.indexOf('\0');
      String frame = end < 0 ? remaining : remaining.substring(0, end);
      remaining = end < 0 ? "" : remaining.substring(end + 1);
      int headerEnd = frame.indexOf("\n\n");
      String head = headerEnd < 0 ? frame : frame.substring(0, headerEnd);
      String body = headerEnd < 0 ? "" : frame.substring(headerEnd + 2);
      String[] lines = head.split("\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
        }
      }
      frames.add(new Frame(lines[0].trim(), headers, body));
    }
  }
}
