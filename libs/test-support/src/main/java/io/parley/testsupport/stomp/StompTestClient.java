package io.parley.testsupport.stomp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A STOMP 1.2 client on the JDK's WebSocket that writes frames byte for byte as told, so tests can
 * send what a well-behaved client never would (frames before CONNECT, garbage, oversized bodies),
 * and reads every frame the server writes.
 */
public final class StompTestClient implements AutoCloseable {

  /** A frame from the server. */
  public record Frame(String command, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name);
    }

    /** A MESSAGE on that destination. */
    public boolean isMessageOn(String destination) {
      return "MESSAGE".equals(command) && destination.equals(header("destination"));
    }

    /** A notice with that code on {@code /user/queue/events}. */
    public boolean isNotice(String code) {
      return isMessageOn("/user/queue/events") && body.contains("\"code\":\"" + code + "\"");
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private StompTestClient(URI uri) {
    this.socket =
        HTTP.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, new Listener())
            .join();
  }

  public static StompTestClient open(int port) {
    return new StompTestClient(URI.create("ws://localhost:" + port + "/ws"));
  }

  /** CONNECT with a bearer token (null: no Authorization header); answers the first reply. */
  public Frame connect(String token) {
    StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.2\nhost:localhost\n");
    frame.append("heart-beat:0,0\n");
    if (token != null) {
      frame.append("Authorization:Bearer ").append(token).append('\n');
    }
    sendRaw(frame.append('\n').append('\0').toString());
    return next(Duration.ofSeconds(10));
  }

  public void subscribe(String id, String destination, String ack) {
    sendRaw(
        "SUBSCRIBE\nid:"
            + id
            + "\ndestination:"
            + destination
            + (ack == null ? "" : "\nack:" + ack)
            + "\nreceipt:sub-"
            + id
            + "\n\n\0");
    Frame receipt = await(f -> "RECEIPT".equals(f.command()), Duration.ofSeconds(10));
    if (!("sub-" + id).equals(receipt.header("receipt-id"))) {
      throw new AssertionError("unexpected receipt " + receipt);
    }
  }

  /** Subscribes to the events and messages queues, as every client does after CONNECT. */
  public void subscribeQueues() {
    subscribe("events", "/user/queue/events", null);
    subscribe("messages", "/user/queue/messages", "client-individual");
  }

  public void send(String destination, String receipt, String jsonBody) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("destination", destination);
    headers.put("content-type", "application/json");
    if (receipt != null) {
      headers.put("receipt", receipt);
    }
    sendFrame("SEND", headers, jsonBody);
  }

  public void sendFrame(String command, Map<String, String> headers, String body) {
    StringBuilder frame = new StringBuilder(command).append('\n');
    headers.forEach((k, v) -> frame.append(k).append(':').append(v).append('\n'));
    frame.append('\n').append(body).append('\0');
    sendRaw(frame.toString());
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** The next frame, or fails. */
  public Frame next(Duration timeout) {
    try {
      Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + timeout);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame that matches, skipping others; fails after the timeout. */
  public Frame await(Predicate<Frame> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    java.util.List<Frame> skipped = new java.util.ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no matching frame within "
                + timeout
                + "; skipped "
                + skipped
                + (isClosed() ? "; closed " + closed.join() : ""));
      }
      Frame frame;
      try {
        frame = frames.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (frame != null && match.test(frame)) {
        return frame;
      }
      if (frame != null) {
        skipped.add(frame);
      }
    }
  }

  /** The next frame within the time, or null. */
  public Frame poll(Duration timeout) {
    try {
      return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Every frame matching within the time (none expected, usually). */
  public java.util.List<Frame> collect(Predicate<Frame> match, Duration during) {
    java.util.List<Frame> matching = new java.util.ArrayList<>();
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

  /** A clean DISCONNECT, answered before the socket closes. */
  public void disconnect() {
    sendRaw("DISCONNECT\nreceipt:bye\n\n\0");
    awaitReceipt("bye", Duration.ofSeconds(10));
    close();
  }

  /** A RECEIPT for that id, skipping other frames. */
  public Frame awaitReceipt(String receiptId, Duration timeout) {
    return await(
        f -> "RECEIPT".equals(f.command()) && receiptId.equals(f.header("receipt-id")), timeout);
  }

  /** The next notice on /user/queue/events with that code. */
  public Frame awaitNotice(String code, Duration timeout) {
    return await(
        f ->
            "MESSAGE".equals(f.command())
                && "/user/queue/events".equals(f.header("destination"))
                && f.body().contains("\"code\":\"" + code + "\""),
        timeout);
  }

  /** The WebSocket close code once the server closed the socket. */
  public int awaitClose(Duration timeout) {
    return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  public boolean isClosed() {
    return closed.isDone();
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
