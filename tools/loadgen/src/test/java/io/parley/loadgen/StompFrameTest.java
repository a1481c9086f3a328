package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StompFrameTest {

  @Test
  void encodesConnectWithTheBearerTokenUnescaped() {
    String frame = StompFrame.connect("localhost", "a.b:c", 10_000, 10_000).encode();

    assertThat(frame)
        .isEqualTo(
            "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:10000,10000\n"
                + "Authorization:Bearer a.b:c\n\n\0");
  }

  @Test
  void encodesSubscribeWithAndWithoutAck() {
    assertThat(StompFrame.subscribe("0", "/user/queue/messages", "client-individual").encode())
        .isEqualTo(
            "SUBSCRIBE\nid:0\ndestination:/user/queue/messages\nack:client-individual\n\n\0");
    assertThat(StompFrame.subscribe("1", "/user/queue/events", null).encode())
        .isEqualTo("SUBSCRIBE\nid:1\ndestination:/user/queue/events\n\n\0");
  }

  @Test
  void escapesHeadersOfFramesOtherThanConnectAndConnected() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("a:b", "line1\nline2\r\\end");
    String encoded = new StompFrame("SEND", headers, "x").encode();

    assertThat(encoded).isEqualTo("SEND\na\\cb:line1\\nline2\\r\\\\end\n\nx\0");
    assertThat(StompFrame.parse(encoded).headers()).isEqualTo(headers);
  }

  @Test
  void parsesConnectedWithItsHeartBeat() {
    StompFrame frame =
        StompFrame.parse("CONNECTED\nversion:1.2\nheart-beat:10000,10000\nuser-name:x\n\n\0");

    assertThat(frame.command()).isEqualTo("CONNECTED");
    assertThat(frame.header("version")).isEqualTo("1.2");
    assertThat(frame.header("heart-beat")).isEqualTo("10000,10000");
    assertThat(frame.body()).isEmpty();
  }

  @Test
  void connectedHeaderValuesAreNotUnescaped() {
    assertThat(StompFrame.parse("CONNECTED\nserver:a\\cb\n\n\0").header("server"))
        .isEqualTo("a\\cb");
  }

  @Test
  void parsesErrorUnescapingItsMessageAndKeepingTheBody() {
    StompFrame frame =
        StompFrame.parse(
            "ERROR\nmessage:invalid access token\\c expired\ncontent-type:text/plain\n\n"
                + "token expired at 12:00\0");

    assertThat(frame.command()).isEqualTo("ERROR");
    assertThat(frame.header("message")).isEqualTo("invalid access token: expired");
    assertThat(frame.body()).isEqualTo("token expired at 12:00");
  }

  @Test
  void acceptsCarriageReturnLineEndsLeadingHeartBeatsAndTrailingEndOfLines() {
    StompFrame frame = StompFrame.parse("\n\r\nRECEIPT\r\nreceipt-id:7\r\n\r\n\0\n\n");

    assertThat(frame.command()).isEqualTo("RECEIPT");
    assertThat(frame.header("receipt-id")).isEqualTo("7");
  }

  @Test
  void theFirstOfARepeatedHeaderWins() {
    assertThat(StompFrame.parse("MESSAGE\nfoo:1\nfoo:2\n\n\0").header("foo")).isEqualTo("1");
  }

  @Test
  void heartBeatsParseToNothing() {
    assertThat(StompFrame.parse("\n")).isNull();
    assertThat(StompFrame.parse("\r\n\n")).isNull();
    assertThat(StompFrame.parse("")).isNull();
  }

  @Test
  void refusesMalformedFrames() {
    assertThatThrownBy(() -> StompFrame.parse("CONNECTED\nversion:1.2\n\n"))
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> StompFrame.parse("CONNECTED\nversion:1.2\n"))
        .hasMessageContaining("inside its headers");
    assertThatThrownBy(() -> StompFrame.parse("ERROR\nnocolon\n\n\0"))
        .hasMessageContaining("colon");
    assertThatThrownBy(() -> StompFrame.parse("ERROR\nmessage:bad\\t\n\n\0"))
        .hasMessageContaining("undefined STOMP escape");
    assertThatThrownBy(() -> StompFrame.parse("CONNECTED")).hasMessageContaining("end-of-line");
  }

  @Test
  void negotiatesHeartBeatsAsStompOneTwoSays() {
    // The client offers to send every 10 s; the server wants one every 20 s at most: send at 20 s.
    assertThat(StompFrame.sendInterval(10_000, "0,20000")).isEqualTo(20_000);
    assertThat(StompFrame.sendInterval(10_000, "10000,5000")).isEqualTo(10_000);
    assertThat(StompFrame.sendInterval(10_000, "10000,0")).isZero();
    assertThat(StompFrame.sendInterval(0, "10000,10000")).isZero();
    assertThat(StompFrame.sendInterval(10_000, null)).isZero();
    assertThat(StompFrame.receiveInterval(10_000, "25000,0")).isEqualTo(25_000);
    assertThat(StompFrame.receiveInterval(10_000, "0,10000")).isZero();
    assertThatThrownBy(() -> StompFrame.sendInterval(10_000, "ten")).hasMessageContaining("sx,sy");
    assertThatThrownBy(() -> StompFrame.sendInterval(10_000, "-1,5")).hasMessageContaining("sx,sy");
  }
}
