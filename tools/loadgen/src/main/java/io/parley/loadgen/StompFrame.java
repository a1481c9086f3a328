package io.parley.loadgen;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One STOMP 1.2 frame, and the little of the protocol the load generator needs: encoding with
 * header escaping, and parsing what the edge sends (CONNECTED, ERROR, MESSAGE, RECEIPT, and
 * heart-beats, which are bare end-of-lines and parse to nothing).
 *
 * <p>Escaping follows STOMP 1.2: every frame but CONNECT and CONNECTED escapes {@code \\}, {@code
 * \r}, {@code \n} and {@code :} in header names and values; a repeated header's first value wins.
 */
record StompFrame(String command, Map<String, String> headers, String body) {

  StompFrame {
    Objects.requireNonNull(command, "command");
    if (command.isEmpty() || command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("bad STOMP command: " + command);
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body == null ? "" : body;
  }

  /** {@code CONNECT} with a bearer token, as the edge expects it. */
  static StompFrame connect(String host, String accessToken, int sendMillis, int receiveMillis) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept-version", "1.2");
    headers.put("host", host);
    headers.put("heart-beat", sendMillis + "," + receiveMillis);
    headers.put("Authorization", "Bearer " + accessToken);
    return new StompFrame("CONNECT", headers, "");
  }

  static StompFrame subscribe(String id, String destination, String ack) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("id", id);
    headers.put("destination", destination);
    if (ack != null) {
      headers.put("ack", ack);
    }
    return new StompFrame("SUBSCRIBE", headers, "");
  }

  String header(String name) {
    return headers.get(name);
  }

  private boolean escapes() {
    return !command.equals("CONNECT") && !command.equals("CONNECTED");
  }

  /** The frame as a WebSocket text message: command, headers, blank line, body, NUL. */
  String encode() {
    StringBuilder out = new StringBuilder(64 + body.length());
    out.append(command).append('\n');
    boolean escape = escapes();
    headers.forEach(
        (name, value) ->
            out.append(escape ? escape(name) : name)
                .append(':')
                .append(escape ? escape(value) : value)
                .append('\n'));
    return out.append('\n').append(body).append('\0').toString();
  }

  /**
   * The first frame of a text message; null when the message is only heart-beats (end-of-lines).
   *
   * @throws IllegalArgumentException a malformed frame
   */
  static StompFrame parse(String message) {
    int at = 0;
    int length = message.length();
    while (at < length && (message.charAt(at) == '\n' || message.charAt(at) == '\r')) {
      at++;
    }
    if (at == length) {
      return null;
    }
    int end = lineEnd(message, at);
    String command = message.substring(at, end);
    at = next(message, end);
    boolean escaped = !command.equals("CONNECT") && !command.equals("CONNECTED");
    Map<String, String> headers = new LinkedHashMap<>();
    while (true) {
      if (at >= length) {
        throw new IllegalArgumentException("STOMP frame ends inside its headers");
      }
      end = lineEnd(message, at);
      if (end == at) {
        at = next(message, end);
        break;
      }
      String line = message.substring(at, end);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("STOMP header without a name or colon: " + line);
      }
      String name = line.substring(0, colon);
      String value = line.substring(colon + 1);
      headers.putIfAbsent(escaped ? unescape(name) : name, escaped ? unescape(value) : value);
      at = next(message, end);
    }
    int nul = message.indexOf('\0', at);
    if (nul < 0) {
      throw new IllegalArgumentException("STOMP frame without its terminating NUL");
    }
    return new StompFrame(command, headers, message.substring(at, nul));
  }

  private static int lineEnd(String message, int from) {
    int newline = message.indexOf('\n', from);
    if (newline < 0) {
      throw new IllegalArgumentException("STOMP frame line without an end-of-line");
    }
    return newline > from && message.charAt(newline - 1) == '\r' ? newline - 1 : newline;
  }

  private static int next(String message, int lineEnd) {
    return message.charAt(lineEnd) == '\r' ? lineEnd + 2 : lineEnd + 1;
  }

  static String escape(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '\\' -> "\\\\";
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case ':' -> "\\c";
            default -> null;
          };
      if (replacement != null && out == null) {
        out = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out.toString();
  }

  static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == value.length()) {
        throw new IllegalArgumentException("STOMP header ends in a lone backslash");
      }
      out.append(
          switch (value.charAt(i)) {
            case '\\' -> '\\';
            case 'r' -> '\r';
            case 'n' -> '\n';
            case 'c' -> ':';
            default ->
                throw new IllegalArgumentException(
                    "undefined STOMP escape \\" + value.charAt(i) + " in a header");
          });
    }
    return out.toString();
  }

  /**
   * The heart-beat interval in ms a client sends at, per STOMP 1.2: the larger of what it offers
   * ({@code clientSend}) and what the server wants ({@code sy} of the server's {@code heart-beat:
   * sx,sy}); 0 (none) when either is 0 or the server sent no header.
   */
  static int sendInterval(int clientSend, String serverHeartBeat) {
    int[] server = heartBeat(serverHeartBeat);
    return clientSend == 0 || server[1] == 0 ? 0 : Math.max(clientSend, server[1]);
  }

  /**
   * How often the server promises to send, per STOMP 1.2 ({@code sx} against what the client
   * wants), 0 for never.
   */
  static int receiveInterval(int clientReceive, String serverHeartBeat) {
    int[] server = heartBeat(serverHeartBeat);
    return clientReceive == 0 || server[0] == 0 ? 0 : Math.max(clientReceive, server[0]);
  }

  private static int[] heartBeat(String header) {
    if (header == null || header.isBlank()) {
      return new int[] {0, 0};
    }
    String[] parts = header.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("heart-beat header is not 'sx,sy': " + header);
    }
    try {
      int sx = Integer.parseInt(parts[0].trim());
      int sy = Integer.parseInt(parts[1].trim());
      if (sx < 0 || sy < 0) {
        throw new NumberFormatException();
      }
      return new int[] {sx, sy};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("heart-beat header is not 'sx,sy': " + header);
    }
  }
}
