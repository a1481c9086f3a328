package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagingSessionTest {

  private static final String MESSAGE =
      "MESSAGE\n"
          + "destination:/user/queue/messages\n"
          + "subscription:messages\n"
          + "message-id:g-1\n"
          + "ack:g-1\n"
          + "content-type:application/json\n\n"
          + "{\"kind\":\"message\",\"guid\":\"g-1\",\"sender\":{\"accountId\":\"a\",\"deviceId\":1},"
          + "\"clientMessageId\":\"b.123\",\"content\":\"x\"}\0";

  @Test
  void readsHeadersOnlyBetweenTheCommandAndTheBlankLine() {
    int headersEnd = MESSAGE.indexOf("\n\n");
    int commandEnd = MESSAGE.indexOf('\n');
    assertThat(MessagingSession.header(MESSAGE, commandEnd, headersEnd, "ack")).isEqualTo("g-1");
    assertThat(MessagingSession.header(MESSAGE, commandEnd, headersEnd, "destination"))
        .isEqualTo("/user/queue/messages");
    assertThat(MessagingSession.header(MESSAGE, commandEnd, headersEnd, "receipt-id")).isNull();
  }

  @Test
  void readsJsonStringFieldsOfTheBody() {
    int body = MESSAGE.indexOf("\n\n") + 2;
    int end = MESSAGE.indexOf('\0');
    assertThat(MessagingSession.field(MESSAGE, body, end, "\"kind\":\"")).isEqualTo("message");
    assertThat(MessagingSession.field(MESSAGE, body, end, "\"clientMessageId\":\""))
        .isEqualTo("b.123");
    assertThat(MessagingSession.field(MESSAGE, body, end, "\"code\":\"")).isNull();
  }

  @Test
  void phaseIdsMapBackToTheirSlotOnlyForTheirOwnPhase() {
    MessagePhase burst = new MessagePhase("burst", 'b', 200, false);
    assertThat(burst.index(burst.id(123))).isEqualTo(123);
    assertThat(burst.index("p.123")).isEqualTo(-1);
    assertThat(burst.index("b.200")).isEqualTo(-1);
    assertThat(burst.index("b.x")).isEqualTo(-1);
    assertThat(burst.index(null)).isEqualTo(-1);
  }

  @Test
  void aPhaseIsCompleteWhenEveryMessageAndItsDeliveredReceiptCameOrWasRefused() {
    MessagePhase p = new MessagePhase("burst", 'b', 2, false);
    p.sent(0, 100);
    p.sent(1, 100);
    p.delivered(0, 1_100);
    p.deliveredReceipt(0, 2_100);
    assertThat(p.complete()).isFalse();
    p.refused.incrementAndGet();
    assertThat(p.complete()).isTrue();
    p.delivered(0, 5_000);
    assertThat(p.duplicates.get()).isEqualTo(1);
    assertThat(p.deliveryLatencies().percentile(50)).isEqualTo(1_000);
  }
}
