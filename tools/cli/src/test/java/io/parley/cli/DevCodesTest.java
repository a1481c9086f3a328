package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DevCodesTest {

  @Test
  void encodesThePlusOfTheNumberSoThatItIsNotReadAsASpace() {
    assertThat(DevCodes.uri(URI.create("http://localhost:8080/"), "+14155550100"))
        .hasToString("http://localhost:8080/v1/dev/verification-codes/%2B14155550100");
  }

  @Test
  void keepsTheServersPathPrefix() {
    assertThat(DevCodes.uri(URI.create("https://chat.example.org/parley/"), "+14155550100"))
        .hasToString("https://chat.example.org/parley/v1/dev/verification-codes/%2B14155550100");
  }
}
