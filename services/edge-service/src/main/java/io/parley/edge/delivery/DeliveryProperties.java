package io.parley.edge.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the edge delivers mailboxes to sessions, under {@code parley.edge.delivery.*}.
 *
 * @param maxInFlight messages written to a session and not yet acknowledged, at most; the mailbox
 *     is read again as acknowledgements free room
 * @param pageSize entries read from a mailbox in one Redis call, at most
 * @param rereadInterval every session's mailbox is read again this often even without a signal, so
 *     a lost signal delays a message by at most this much
 * @param threads threads reading mailboxes and deleting acknowledged entries
 */
@ConfigurationProperties("parley.edge.delivery")
public record DeliveryProperties(
    @DefaultValue("64") int maxInFlight,
    @DefaultValue("64") int pageSize,
    @DefaultValue("30s") Duration rereadInterval,
    @DefaultValue("4") int threads) {

  public DeliveryProperties {
    if (maxInFlight < 1 || maxInFlight > 10_000) {
      throw new IllegalArgumentException("parley.edge.delivery.max-in-flight must be 1-10000");
    }
    if (pageSize < 1 || pageSize > 1_000) {
      throw new IllegalArgumentException("parley.edge.delivery.page-size must be 1-1000");
    }
    if (rereadInterval == null || rereadInterval.toMillis() < 100) {
      throw new IllegalArgumentException(
          "parley.edge.delivery.reread-interval must be at least 100ms");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("parley.edge.delivery.threads must be 1-256");
    }
  }
}
