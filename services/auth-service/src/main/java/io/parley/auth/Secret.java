package io.parley.auth;

import java.nio.charset.StandardCharsets;

/** A secret setting: its {@code toString()} never shows the value, so it cannot leak into logs. */
public record Secret(String value) {

  public Secret {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
  }

  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
