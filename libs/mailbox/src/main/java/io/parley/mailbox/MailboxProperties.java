package io.parley.mailbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of every device's mailbox, under {@code parley.mailbox.*}. message-routing-service and
 * edge-service must be given the same values.
 *
 * @param ttl how long an undelivered entry is kept: an entry older than this is dropped unread, and
 *     a mailbox nobody wrote to for this long expires whole
 * @param maxMessages entries a device's mailbox holds; a message to a full mailbox is refused and
 *     its sender gets a {@code send_rejected} envelope with reason {@code mailbox_full}
 * @param systemReserve receipts and rejections may go this far beyond {@code maxMessages}, so a
 *     sender always learns what happened to its messages; beyond that they are dropped and counted
 * @param dedupeWindow how long a GUID stays known after its entry was acknowledged, so that a
 *     replayed or re-sent message is not delivered twice
 * @param dedupeMax at most this many acknowledged GUIDs are kept per device (the oldest go first)
 */
@ConfigurationProperties("parley.mailbox")
public record MailboxProperties(
    @DefaultValue("30d") Duration ttl,
    @DefaultValue("10000") int maxMessages,
    @DefaultValue("1000") int systemReserve,
    @DefaultValue("24h") Duration dedupeWindow,
    @DefaultValue("10000") int dedupeMax) {

  public MailboxProperties {
    if (ttl == null || ttl.toSeconds() < 60) {
      throw new IllegalArgumentException("parley.mailbox.ttl must be at least 1m, not " + ttl);
    }
    if (maxMessages < 1) {
      throw new IllegalArgumentException("parley.mailbox.max-messages must be at least 1");
    }
    if (systemReserve < 0) {
      throw new IllegalArgumentException("parley.mailbox.system-reserve must not be negative");
    }
    if (dedupeWindow == null || dedupeWindow.isNegative()) {
      throw new IllegalArgumentException("parley.mailbox.dedupe-window must not be negative");
    }
    if (dedupeMax < 0) {
      throw new IllegalArgumentException("parley.mailbox.dedupe-max must not be negative");
    }
  }
}
