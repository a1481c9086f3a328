package io.parley.edge.session;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ACK/NACK handler of an edge that delivers nothing yet: every id is unknown. */
@Configuration(proxyBeanMethods = false)
class NoDeliveriesAckHandler {

  @Bean
  @ConditionalOnMissingBean(AckHandler.class)
  AckHandler unknownDeliveries(ClientFrames frames) {
    return new AckHandler() {
      @Override
      public void ack(EdgeSession session, String id, String receiptId) {
        frames.notice(session, unknown(id, receiptId));
      }

      @Override
      public void nack(EdgeSession session, String id, String receiptId) {
        frames.notice(session, unknown(id, receiptId));
      }
    };
  }

  private static Notice unknown(String id, String receiptId) {
    return Notice.refusal(
        "unknown_ack",
        receiptId,
        "no message delivered to this session has that ack id",
        java.util.Map.of("id", id == null ? "" : id));
  }
}
