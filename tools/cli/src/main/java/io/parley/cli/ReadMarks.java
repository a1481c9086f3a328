package io.parley.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * Per conversation, the newest incoming message this device has marked read, in {@code
 * read-marks.properties}: a chat sends read receipts only for what is newer, so reopening a chat
 * does not send receipts for its whole history again. Messages compare by the server's timestamp.
 */
final class ReadMarks {

  private final Path file;
  private final Properties marks = new Properties();

  ReadMarks(Path file) {
    this.file = file;
    try {
      marks.load(new StringReader(StateFiles.read(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The newest message marked read in the conversation with {@code account}, or EPOCH. */
  synchronized Instant get(UUID account) {
    String value = marks.getProperty(account.toString());
    try {
      return value == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Instant.EPOCH;
    }
  }

  /** Whether a message of that time is newer than the mark. */
  synchronized boolean isUnread(UUID account, Instant at) {
    return at.isAfter(get(account));
  }

  /** Moves the mark forward to {@code at} (never back) and saves it. */
  synchronized void advance(UUID account, Instant at) {
    if (!at.isAfter(get(account))) {
      return;
    }
    marks.setProperty(account.toString(), Long.toString(at.toEpochMilli()));
    StringWriter text = new StringWriter();
    try {
      marks.store(text, "parley-cli: newest message marked read, per conversation (epoch ms)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StateFiles.replace(file, text.toString());
  }
}
