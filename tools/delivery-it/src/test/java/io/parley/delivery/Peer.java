package io.parley.delivery;

import io.parley.security.test.TestDevices;
import io.parley.testsupport.stomp.StompTestClient;
import io.parley.testsupport.stomp.StompTestClient.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device's client for these tests: a real STOMP session (raw frames over the JDK WebSocket) with
 * a reader thread that records every MESSAGE, notice and RECEIPT and, when asked, ACKs each message
 * once it has recorded it, as a real client does after storing it.
 */
final class Peer implements AutoCloseable {

  /** A MESSAGE from {@code /user/queue/messages}. */
  record Received(
      String ack, String kind, String guid, String clientMessageId, String sender, String body) {}

  private static final Pattern FIELD =
      Pattern.compile("\"(kind|guid|clientMessageId)\":\"([^\"]*)\"");
  private static final Pattern SENDER =
      Pattern.compile("\"sender\":\\{\"accountId\":\"([^\"]+)\",\"deviceId\":(\\d+)}");

  final TestDevices.Device device;
  final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  final List<String> notices = Collections.synchronizedList(new ArrayList<>());
  final Set<String> receipts = ConcurrentHashMap.newKeySet();
  private volatile boolean autoAck;
  private volatile StompTestClient stomp;
  private volatile Thread reader;

  Peer(TestDevices.Device device) {
    this.device = device;
  }

  /** CONNECT to an edge node and subscribe to the device's queues. */
  Peer connect(int port, boolean autoAck) {
    this.autoAck = autoAck;
    StompTestClient client = StompTestClient.open(port);
    Frame connected = client.connect(device.token(Duration.ofMinutes(30)));
    if (!"CONNECTED".equals(connected.command())) {
      client.close();
      throw new AssertionError("CONNECT refused: " + connected);
    }
    client.subscribe("events", "/user/queue/events", null);
    client.subscribe("messages", "/user/queue/messages", "client-individual");
    stomp = client;
    Thread thread =
        new Thread(() -> read(client), "peer-" + device.accountId() + ":" + device.deviceId());
    thread.setDaemon(true);
    thread.start();
    reader = thread;
    return this;
  }

  private void read(StompTestClient client) {
    while (true) {
      Frame frame = client.poll(Duration.ofMillis(200));
      if (frame == null) {
        if (client.isClosed()) {
          return;
        }
        continue;
      }
      switch (frame.command()) {
        case "MESSAGE" -> {
          if ("/user/queue/messages".equals(frame.header("destination"))) {
            Received message = parse(frame);
            received.add(message);
            if (autoAck) {
              ack(message.ack());
            }
          } else {
            notices.add(frame.body());
          }
        }
        case "RECEIPT" -> receipts.add(frame.header("receipt-id"));
        default -> notices.add(frame.command() + " " + frame.headers() + " " + frame.body());
      }
    }
  }

  private static Received parse(Frame frame) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(frame.body());
    while (m.find()) {
      fields.putIfAbsent(m.group(1), m.group(2));
    }
    Matcher s = SENDER.matcher(frame.body());
    String sender = s.find() ? s.group(1) + ":" + s.group(2) : "";
    return new Received(
        frame.header("ack"),
        fields.get("kind"),
        fields.get("guid"),
        fields.getOrDefault("clientMessageId", ""),
        sender,
        frame.body());
  }

  void ack(String id) {
    frame("ACK", Map.of("id", id), "");
  }

  void ack(String id, String receipt) {
    frame("ACK", Map.of("id", id, "receipt", receipt), "");
  }

  void nack(String id, String receipt) {
    frame("NACK", Map.of("id", id, "receipt", receipt), "");
  }

  /** One frame at a time: the JDK WebSocket refuses a send while another is pending. */
  private synchronized void frame(String command, Map<String, String> headers, String body) {
    try {
      stomp.sendFrame(command, headers, body);
    } catch (RuntimeException e) {
      // the socket is gone (a crash test killed its node); the caller reconnects
    }
  }

  /** SEND /app/messages of one message to every listed device; the receipt id is the message id. */
  void send(String clientMessageId, boolean ephemeral, TestDevices.Device... to) {
    Map<java.util.UUID, List<TestDevices.Device>> byAccount = new LinkedHashMap<>();
    for (TestDevices.Device d : to) {
      byAccount.computeIfAbsent(d.accountId(), a -> new ArrayList<>()).add(d);
    }
    StringBuilder json =
        new StringBuilder("{\"clientMessageId\":\"")
            .append(clientMessageId)
            .append("\",\"clientTimestamp\":")
            .append(System.currentTimeMillis())
            .append(",\"ephemeral\":")
            .append(ephemeral)
            .append(",\"recipients\":[");
    String content =
        Base64.getEncoder().encodeToString(("ciphertext of " + clientMessageId).getBytes());
    int a = 0;
    for (var entry : byAccount.entrySet()) {
      json.append(a++ > 0 ? "," : "")
          .append("{\"accountId\":\"")
          .append(entry.getKey())
          .append("\",\"devices\":[");
      int d = 0;
      for (TestDevices.Device device : entry.getValue()) {
        json.append(d++ > 0 ? "," : "")
            .append("{\"deviceId\":")
            .append(device.deviceId())
            .append(",\"registrationId\":")
            .append(device.registrationId())
            .append(",\"type\":\"whisper\",\"content\":\"")
            .append(content)
            .append("\"}");
      }
      json.append("]}");
    }
    json.append("]}");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("destination", "/app/messages");
    headers.put("content-type", "application/json");
    headers.put("receipt", clientMessageId);
    frame("SEND", headers, json.toString());
  }

  boolean hasReceipt(String id) {
    return receipts.contains(id);
  }

  /** Messages of a kind, in the order they arrived. */
  List<Received> received(String kind) {
    synchronized (received) {
      return received.stream().filter(r -> kind.equals(r.kind())).toList();
    }
  }

  boolean noticed(String code) {
    synchronized (notices) {
      return notices.stream().anyMatch(n -> n.contains("\"code\":\"" + code + "\""));
    }
  }

  int countNotices(String code) {
    synchronized (notices) {
      return (int) notices.stream().filter(n -> n.contains("\"code\":\"" + code + "\"")).count();
    }
  }

  boolean isOpen() {
    StompTestClient client = stomp;
    return client != null && !client.isClosed();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      ServiceProcess.sleep(20);
    }
  }

  /** Closes the socket without DISCONNECT, as a phone losing its network does. */
  @Override
  public void close() {
    StompTestClient client = stomp;
    if (client != null) {
      client.close();
    }
    Thread thread = reader;
    if (thread != null) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
