package io.parley.cli;

import io.parley.client.Message;
import io.parley.client.MessageStatus;
import io.parley.client.Presence;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How the client writes what happens, one event per line, each starting with the local time: {@code
 * [14:02:07] +14155550101: Hi}. Status ticks ({@code ✓ sent}, {@code ✓✓ delivered}, {@code ✓✓
 * read}) always carry the word, so that output read by scripts is the same without Unicode; {@code
 * unicode} only adds the ticks and the ellipses.
 */
final class Format {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final int QUOTE_LENGTH = 40;

  private final Clock clock;
  private final ZoneId zone;
  private final boolean unicode;

  Format(Clock clock, ZoneId zone, boolean unicode) {
    this.clock = clock;
    this.zone = zone;
    this.unicode = unicode;
  }

  boolean unicode() {
    return unicode;
  }

  /** A message of a conversation: incoming, sent by this device, or a sync copy of another's. */
  String message(Message m, String peerLabel, int ownDevice) {
    String who;
    if (!m.outgoing()) {
      who = peerLabel;
    } else if (m.senderDevice() == ownDevice) {
      who = "me";
    } else {
      who = "me (device " + m.senderDevice() + ")";
    }
    String line = messageStamp(m.sentAt()) + who + ": " + text(m.text());
    if (m.outgoing() && m.senderDevice() == ownDevice && m.status() != null) {
      line += "  [" + status(m.status(), m.reason()) + "]";
    }
    return line;
  }

  /** An own message moved on: {@code [14:02:08] ✓✓ delivered: "Hi bob"}. */
  String statusChange(Message m) {
    return stamp(clock.instant()) + status(m.status(), m.reason()) + ": " + quote(m.text());
  }

  /** {@code ✓✓ read}, or {@code read} without Unicode; a reason in parentheses. */
  String status(MessageStatus status, String reason) {
    String word = status.name().toLowerCase(java.util.Locale.ROOT);
    String tick =
        switch (status) {
          case SENDING -> "…";
          case SENT -> "✓";
          case DELIVERED, READ -> "✓✓";
          case REJECTED, FAILED -> "✗";
        };
    String text = unicode ? tick + " " + word : word;
    return reason == null ? text : text + " (" + reason + ")";
  }

  String typing(String peerLabel) {
    return stamp(clock.instant()) + peerLabel + " is typing" + (unicode ? "…" : "...");
  }

  /**
   * What the peer lets this account see: online, last seen (the time, with the date if not today),
   * offline without a last seen, or nothing at all.
   */
  String presence(String peerLabel, Presence p) {
    String what;
    if (Boolean.TRUE.equals(p.online())) {
      what = " is online";
    } else if (p.lastSeen() != null) {
      LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
      boolean sameDay = LocalDate.ofInstant(p.lastSeen(), zone).equals(today);
      what = " was last seen " + (sameDay ? TIME : DATE_TIME).format(p.lastSeen().atZone(zone));
    } else if (Boolean.FALSE.equals(p.online())) {
      what = " is offline";
    } else {
      what = " does not share their presence with you";
    }
    return stamp(clock.instant()) + peerLabel + what;
  }

  /** A notice from the client itself: {@code [14:02:09] connection lost ...}. */
  String notice(String text) {
    return stamp(clock.instant()) + text;
  }

  /** Messages of another day carry their date. */
  private String messageStamp(Instant at) {
    if (LocalDate.ofInstant(at, zone).equals(LocalDate.ofInstant(clock.instant(), zone))) {
      return stamp(at);
    }
    return "[" + DATE_TIME.format(at.atZone(zone)) + "] ";
  }

  private String stamp(Instant at) {
    return "[" + TIME.format(at.atZone(zone)) + "] ";
  }

  /**
   * A peer's text made safe for a terminal: control characters (escape sequences could rewrite the
   * screen) become {@code �}; a line break continues on an indented line.
   */
  String text(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\n    ");
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        continue;
      } else if (Character.isISOControl(c) && c != '\t') {
        out.append(unicode ? '\uFFFD' : '?');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The text on one line, shortened, in quotes: for status lines. */
  String quote(String text) {
    String flat = text(text.replace("\r\n", " ").replace('\n', ' '));
    if (flat.length() > QUOTE_LENGTH) {
      int cut = QUOTE_LENGTH - 1;
      if (Character.isHighSurrogate(flat.charAt(cut - 1))) {
        cut--; // never half a character
      }
      flat = flat.substring(0, cut) + (unicode ? "…" : "...");
    }
    return "\"" + flat + "\"";
  }
}
