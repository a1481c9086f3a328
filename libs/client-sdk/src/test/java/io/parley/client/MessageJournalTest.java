package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageJournalTest {

  @TempDir Path dir;

  private final UUID bob = UUID.randomUUID();

  private Message outgoing(String id) {
    return new Message(
        id,
        bob,
        true,
        1,
        "Hi",
        Instant.ofEpochMilli(1000),
        null,
        null,
        MessageStatus.SENDING,
        null);
  }

  @Test
  void survivesAReopenAndIgnoresATornLastLine() throws Exception {
    Path file = dir.resolve("messages.jsonl");
    try (MessageJournal journal = new MessageJournal(file)) {
      journal.add(outgoing("m1"));
      journal.advance("m1", MessageStatus.SENT, null);
      journal.add(
          new Message(
              "m2",
              bob,
              false,
              2,
              "Yo",
              Instant.ofEpochMilli(2000),
              Instant.ofEpochMilli(2001),
              "guid-2",
              null,
              null));
      journal.handled("guid-receipt");
    }
    Files.writeString(file, "{\"e\":\"msg\",\"id\":\"m3", StandardOpenOption.APPEND);

    try (MessageJournal journal = new MessageJournal(file)) {
      assertThat(journal.conversation(bob))
          .extracting(Message::id, Message::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("m1", MessageStatus.SENT),
              org.assertj.core.groups.Tuple.tuple("m2", null));
      assertThat(journal.seen("guid-2")).isTrue();
      assertThat(journal.seen("guid-receipt")).isTrue();
      assertThat(journal.seen("guid-other")).isFalse();
      journal.add(outgoing("m4"));
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("\"m4\"");
  }

  @Test
  void statusesOnlyMoveForward() {
    try (MessageJournal journal = new MessageJournal(dir.resolve("j"))) {
      journal.add(outgoing("m1"));
      assertThat(journal.advance("m1", MessageStatus.DELIVERED, null)).isNotNull();
      assertThat(journal.advance("m1", MessageStatus.SENT, null)).isNull();
      assertThat(journal.advance("m1", MessageStatus.READ, null).status())
          .isEqualTo(MessageStatus.READ);
      assertThat(journal.advance("m1", MessageStatus.DELIVERED, null)).isNull();
      assertThat(journal.advance("unknown", MessageStatus.SENT, null)).isNull();
    }
  }

  @Test
  void aRejectedMessageStaysRejected() {
    try (MessageJournal journal = new MessageJournal(dir.resolve("j"))) {
      journal.add(outgoing("m1"));
      journal.advance("m1", MessageStatus.REJECTED, "mailbox_full");
      assertThat(journal.advance("m1", MessageStatus.FAILED, null)).isNull();
      assertThat(journal.message("m1").reason()).isEqualTo("mailbox_full");
    }
  }

  @Test
  void aRecordAppendedAfterATornMultiByteLineIsReadBack() throws Exception {
    Path file = dir.resolve("messages.jsonl");
    try (MessageJournal journal = new MessageJournal(file)) {
      journal.add(outgoing("m1"));
    }
    byte[] torn =
        "{\"e\":\"msg\",\"id\":\"m2\",\"text\":\"gr\u00fc".getBytes(StandardCharsets.UTF_8);
    Files.write(file, java.util.Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);

    try (MessageJournal journal = new MessageJournal(file)) {
      assertThat(journal.message("m1")).isNotNull();
      journal.add(outgoing("m3"));
    }
    try (MessageJournal journal = new MessageJournal(file)) {
      assertThat(journal.all()).extracting(Message::id).containsExactly("m1", "m3");
    }
  }

  @Test
  void theJournalIsReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("private.jsonl");
    new MessageJournal(file).close();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
