package io.parley.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentTest {

  @Test
  void padsToMultiplesOf160AndBack() {
    byte[] small = Content.encode(Content.text("id-1", "Hi", 1L));
    byte[] large = Content.encode(Content.text("id-2", "x".repeat(200), 1L));
    assertThat(small).hasSize(160);
    assertThat(large.length % 160).isZero();
    assertThat(Content.decode(small).path("body").asString()).isEqualTo("Hi");
    assertThat(Content.decode(large).path("body").asString()).hasSize(200);
  }

  @Test
  void refusesUnpaddedOrUntypedContent() {
    assertThatThrownBy(() -> Content.decode("{\"type\":\"text\"}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] untyped = Content.encode(Rest.JSON.createObjectNode().put("body", "x"));
    assertThatThrownBy(() -> Content.decode(untyped)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Content.decode(new byte[160]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
