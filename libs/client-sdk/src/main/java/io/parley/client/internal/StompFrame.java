package io.parley.client.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One STOMP 1.2 frame; header values escaped as the specification says. */
public record StompFrame(String command, Map<String, String> headers, String body) {

  public String header(String name) {
    return headers.get(name);
  }

  public String encode() {
    StringBuilder out = new StringBuilder(command).append('\n');
    headers.forEach((k, v) -> out.append(escape(k)).append(':').append(escape(v)).append('\n'));
    return out.append('\n').append(body == null ? "" : body).append('\0').toString();
  }

  /**
   * The frames in one WebSocket message; heart-beat newlines are skipped. A fragment without its
   * terminating NUL is returned in {@code rest}.
   */
  public static List<StompFrame> decode(StringBuilder buffer) {
    List<StompFrame> frames = new ArrayList<>();
    int position = 0;
    while (true) {
      while (position < buffer.length()
          && (buffer.charAt(position) == '\n' || buffer.charAt(position) == '\r')) {
        position++;
      }
      int end = buffer.indexOf("\0", position);
      if (end < 0) {
        break;
      }
      frames.add(parse(buffer.substring(position, end)));
      position = end + 1;
    }
    buffer.delete(0, position);
    return frames;
  }

  private static StompFrame parse(String text) {
    int headerEnd = text.indexOf("\n\n");
    String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
    String body = headerEnd < 0 ? "" : text.substring(headerEnd + 2);
    String[] lines = head.split("\r?\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(
            unescape(lines[i].substring(0, colon)), unescape(lines[i].substring(colon + 1)));
      }
    }
    return new StompFrame(lines[0].trim(), headers, body);
  }

  private static String escape(String value) {
    return value
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace(":", "\\c");
  }

  private static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char n = value.charAt(++i);
        out.append(
            switch (n) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 'c' -> ':';
              default -> n;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  public static Map<String, String> headers(String... pairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        headers.put(pairs[i], pairs[i + 1]);
      }
    }
    return headers;
  }
}
