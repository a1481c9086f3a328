package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.Message;
import io.parley.client.MessageStatus;
import io.parley.client.Presence;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FormatTest {

  private static final UUID BOB = UUID.fromString("6f1c1a2e-8d0b-4c47-9a57-0c3f4e2b9d11");
  private static final ZoneId ZONE = ZoneOffset.ofHours(2);
  private static final Instant NOW = Instant.parse("2026-11-27T12:30:00Z"); // 14:30 local
  private static final Clock CLOCK = Clock.fixed(NOW, ZONE);

  private final Format unicode = new Format(CLOCK, ZONE, true);
  private final Format ascii = new Format(CLOCK, ZONE, false);

  private static Message incoming(String text, Instant sentAt) {
    return new Message("m1", BOB, false, 1, text, sentAt, sentAt, "g1", null, null);
  }

  private static Message outgoing(int device, MessageStatus status, String reason) {
    return new Message(
        "m2",
        BOB,
        true,
        device,
        "Hi bob",
        Instant.parse("2026-11-27T12:29:05Z"),
        null,
        null,
        status,
        reason);
  }

  @Test
  void anIncomingMessageShowsTheLocalTimeThePeerAndTheText() {
    assertThat(unicode.message(incoming("Hi alice", NOW.minusSeconds(3)), "+14155550101", 1))
        .isEqualTo("[14:29:57] +14155550101: Hi alice");
  }

  @Test
  void anOwnMessageShowsItsStatusAndASyncCopyTheDeviceThatSentIt() {
    assertThat(unicode.message(outgoing(1, MessageStatus.READ, null), "+14155550101", 1))
        .isEqualTo("[14:29:05] me: Hi bob  [✓✓ read]");
    assertThat(ascii.message(outgoing(1, MessageStatus.DELIVERED, null), "+14155550101", 1))
        .isEqualTo("[14:29:05] me: Hi bob  [delivered]");
    assertThat(unicode.message(outgoing(2, MessageStatus.SENT, null), "+14155550101", 1))
        .isEqualTo("[14:29:05] me (device 2): Hi bob");
  }

  @Test
  void aMessageOfAnotherDayCarriesItsDate() {
    assertThat(
            ascii.message(
                incoming("old news", Instant.parse("2026-11-25T08:00:00Z")), "+14155550101", 1))
        .isEqualTo("[2026-11-25 10:00:00] +14155550101: old news");
  }

  @Test
  void statusTicksAlwaysCarryTheWord() {
    assertThat(unicode.status(MessageStatus.SENT, null)).isEqualTo("✓ sent");
    assertThat(unicode.status(MessageStatus.DELIVERED, null)).isEqualTo("✓✓ delivered");
    assertThat(unicode.status(MessageStatus.READ, null)).isEqualTo("✓✓ read");
    assertThat(unicode.status(MessageStatus.FAILED, "unknown_recipient"))
        .isEqualTo("✗ failed (unknown_recipient)");
    assertThat(ascii.status(MessageStatus.SENT, null)).isEqualTo("sent");
    assertThat(ascii.status(MessageStatus.REJECTED, "devices_changed"))
        .isEqualTo("rejected (devices_changed)");
  }

  @Test
  void aStatusChangeIsStampedNowAndQuotesTheMessage() {
    assertThat(unicode.statusChange(outgoing(1, MessageStatus.DELIVERED, null)))
        .isEqualTo("[14:30:00] ✓✓ delivered: \"Hi bob\"");
  }

  @Test
  void aLongMessageIsShortenedInAStatusLine() {
    String text = "x".repeat(100);
    Message m = new Message("m3", BOB, true, 1, text, NOW, null, null, MessageStatus.SENT, null);
    assertThat(ascii.statusChange(m)).isEqualTo("[14:30:00] sent: \"" + "x".repeat(39) + "...\"");
    assertThat(unicode.quote("a\nb")).isEqualTo("\"a b\"");
  }

  @Test
  void typingUsesAnEllipsisOnlyWithUnicode() {
    assertThat(unicode.typing("+14155550101")).isEqualTo("[14:30:00] +14155550101 is typing…");
    assertThat(ascii.typing("+14155550101")).isEqualTo("[14:30:00] +14155550101 is typing...");
  }

  @Test
  void presenceSaysOnlineLastSeenOfflineOrHidden() {
    assertThat(unicode.presence("bob", new Presence(BOB, true, null)))
        .isEqualTo("[14:30:00] bob is online");
    assertThat(
            unicode.presence(
                "bob", new Presence(BOB, false, Instant.parse("2026-11-27T12:10:09Z"))))
        .isEqualTo("[14:30:00] bob was last seen 14:10:09");
    assertThat(
            unicode.presence("bob", new Presence(BOB, null, Instant.parse("2026-11-20T07:00:00Z"))))
        .isEqualTo("[14:30:00] bob was last seen 2026-11-20 09:00:00");
    assertThat(unicode.presence("bob", new Presence(BOB, false, null)))
        .isEqualTo("[14:30:00] bob is offline");
    assertThat(unicode.presence("bob", new Presence(BOB, null, null)))
        .isEqualTo("[14:30:00] bob does not share their presence with you");
  }

  @Test
  void aPeersControlCharactersCannotReachTheTerminal() {
    assertThat(ascii.text("red\u001b[31malert\u0007")).isEqualTo("red?[31malert?");
    assertThat(unicode.text("bell\u0007")).isEqualTo("bell\uFFFD");
    assertThat(unicode.text("tab\tkept")).isEqualTo("tab\tkept");
  }

  @Test
  void aLineBreakContinuesOnAnIndentedLine() {
    assertThat(ascii.text("one\r\ntwo\nthree")).isEqualTo("one\n    two\n    three");
  }
}
