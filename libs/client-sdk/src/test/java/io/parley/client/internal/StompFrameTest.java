package io.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StompFrameTest {

  @Test
  void encodesWithEscapedHeadersAndATerminatingNul() {
    StompFrame frame =
        new StompFrame(
            "SEND", StompFrame.headers("destination", "/app/a:b", "x", "line\nbreak\\"), "{}");
    assertThat(frame.encode())
        .isEqualTo("SEND\ndestination:/app/a\\cb\nx:line\\nbreak\\\\\n\n{}\0");
  }

  @Test
  void decodesSeveralFramesAndHeartbeatsAndKeepsAnUnfinishedOne() {
    StringBuilder buffer =
        new StringBuilder("\n\nRECEIPT\nreceipt-id:1\n\n\0\nMESSAGE\nack:a\\cb\n\nhello\0MESS");
    List<StompFrame> frames = StompFrame.decode(buffer);
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).command()).isEqualTo("RECEIPT");
    assertThat(frames.get(0).header("receipt-id")).isEqualTo("1");
    assertThat(frames.get(1).header("ack")).isEqualTo("a:b");
    assertThat(frames.get(1).body()).isEqualTo("hello");
    assertThat(buffer).hasToString("MESS");
    buffer.append("AGE\n\nrest\0");
    assertThat(StompFrame.decode(buffer))
        .singleElement()
        .extracting(StompFrame::body)
        .isEqualTo("rest");
  }

  @Test
  void theFirstOfRepeatedHeadersWins() {
    List<StompFrame> frames = StompFrame.decode(new StringBuilder("ERROR\ncode:a\ncode:b\n\n\0"));
    assertThat(frames.get(0).header("code")).isEqualTo("a");
  }

  @Test
  void roundTrips() {
    StompFrame frame =
        new StompFrame("ACK", StompFrame.headers("id", "g:1\r\n\\", "receipt", null), "");
    StompFrame back = StompFrame.decode(new StringBuilder(frame.encode())).get(0);
    assertThat(back.headers()).containsExactly(java.util.Map.entry("id", "g:1\r\n\\"));
  }
}
