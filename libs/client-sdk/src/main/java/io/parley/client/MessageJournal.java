package io.parley.client;

import io.parley.client.internal.Rest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The device's messages and the server GUIDs it has handled, as an append-only file of JSON lines,
 * each forced to disk before the call returns: a message is durable before it is acknowledged. A
 * line cut short by a crash is ignored when the file is read again. Used on the client's worker
 * thread only.
 */
final class MessageJournal implements AutoCloseable {

  private final FileChannel channel;
  private final Map<String, Message> messages = new LinkedHashMap<>();
  private final Set<String> guids = new HashSet<>();

  MessageJournal(Path file) {
    try {
      if (!Files.exists(file)) {
        DeviceState.createOwnerOnly(file);
      }
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      byte[] bytes = Files.readAllBytes(file);
      int end = 0;
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          // each line alone, so a torn multi-byte character spoils one line, not the file
          replay(new String(bytes, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
          end = i + 1;
        }
      }
      if (end < bytes.length) {
        // a line cut short by a crash: cut it off, so that the next one starts on its own line
        channel.truncate(end);
        channel.force(true);
      }
      channel.position(end);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  private void replay(String line) {
    JsonNode node;
    try {
      node = Rest.JSON.readTree(line);
    } catch (RuntimeException e) {
      return; // the torn last line of a crash
    }
    switch (node.path("e").asString("")) {
      case "msg" -> {
        Message m = read(node);
        messages.put(m.id(), m);
        if (m.guid() != null) {
          guids.add(m.guid());
        }
      }
      case "status" -> {
        Message m = messages.get(node.path("id").asString(""));
        if (m != null) {
          messages.put(
              m.id(),
              m.withStatus(
                  MessageStatus.valueOf(node.path("status").asString()),
                  node.path("reason").asString(null)));
        }
      }
      case "guid" -> guids.add(node.path("guid").asString());
      default -> {}
    }
  }

  boolean seen(String guid) {
    return guids.contains(guid);
  }

  Message message(String id) {
    return messages.get(id);
  }

  List<Message> conversation(UUID account) {
    return messages.values().stream().filter(m -> m.conversation().equals(account)).toList();
  }

  List<Message> all() {
    return List.copyOf(messages.values());
  }

  void add(Message m) {
    ObjectNode line = Rest.JSON.createObjectNode().put("e", "msg");
    line.put("id", m.id())
        .put("conversation", m.conversation().toString())
        .put("outgoing", m.outgoing())
        .put("senderDevice", m.senderDevice())
        .put("text", m.text())
        .put("sentAt", m.sentAt().toEpochMilli());
    if (m.serverTimestamp() != null) {
      line.put("serverTimestamp", m.serverTimestamp().toEpochMilli());
    }
    if (m.guid() != null) {
      line.put("guid", m.guid());
    }
    if (m.status() != null) {
      line.put("status", m.status().name());
    }
    append(line);
    messages.put(m.id(), m);
    if (m.guid() != null) {
      guids.add(m.guid());
    }
  }

  /** Moves an outgoing message forward; returns the updated one, or null if nothing changed. */
  Message advance(String id, MessageStatus status, String reason) {
    Message m = messages.get(id);
    if (m == null || !m.outgoing() || m.status() == null || !status.isAfter(m.status())) {
      return null;
    }
    if (m.status() == MessageStatus.REJECTED || m.status() == MessageStatus.FAILED) {
      return null;
    }
    if ((status == MessageStatus.REJECTED || status == MessageStatus.FAILED)
        && m.status().isAfter(MessageStatus.SENT)) {
      return null; // delivered or read already: a late refusal does not undo that
    }
    ObjectNode line =
        Rest.JSON.createObjectNode().put("e", "status").put("id", id).put("status", status.name());
    if (reason != null) {
      line.put("reason", reason);
    }
    append(line);
    Message updated = m.withStatus(status, reason);
    messages.put(id, updated);
    return updated;
  }

  /**
   * Records a GUID handled without a message (a receipt, a typing signal, an undecryptable one).
   */
  void handled(String guid) {
    if (guids.add(guid)) {
      append(Rest.JSON.createObjectNode().put("e", "guid").put("guid", guid));
    }
  }

  private static Message read(JsonNode n) {
    return new Message(
        n.path("id").asString(),
        UUID.fromString(n.path("conversation").asString()),
        n.path("outgoing").asBoolean(),
        n.path("senderDevice").asInt(),
        n.path("text").asString(""),
        Instant.ofEpochMilli(n.path("sentAt").asLong()),
        n.has("serverTimestamp") ? Instant.ofEpochMilli(n.path("serverTimestamp").asLong()) : null,
        n.path("guid").asString(null),
        n.has("status") ? MessageStatus.valueOf(n.path("status").asString()) : null,
        null);
  }

  private void append(ObjectNode line) {
    byte[] bytes = (Rest.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the message journal", e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing; nothing is lost: every line was forced
    }
  }
}
