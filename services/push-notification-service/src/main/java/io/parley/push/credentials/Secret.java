package io.parley.push.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A credential (service-account JSON, .p8 key, VAPID private key) that must never reach a log, an
 * exception message or actuator output: {@link #toString()} is redacted, and only {@link #reveal()}
 * gives the value to the code that signs with it. Bound from configuration through {@link
 * #of(String)}, so a setting of this type can come from an environment variable.
 */
public final class Secret {

  private static final String REDACTED = "******";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Used by Spring's conversion service to bind a setting. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself, for the code that uses it; never log the result. */
  public String reveal() {
    return value;
  }

  public boolean isBlank() {
    return value == null || value.isBlank();
  }

  /**
   * The secret given inline (typically through an environment variable) or in a file (a mounted
   * Kubernetes Secret), never both.
   *
   * @param property the inline setting's name, for messages; the file setting is {@code
   *     <property>-file}
   */
  public static Optional<Secret> resolve(String property, Secret inline, Path file) {
    boolean hasInline = inline != null && !inline.isBlank();
    if (hasInline && file != null) {
      throw new IllegalStateException(
          property + " and " + property + "-file are both set; set only one of them");
    }
    if (hasInline) {
      return Optional.of(inline);
    }
    if (file == null) {
      return Optional.empty();
    }
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      if (content.isBlank()) {
        throw new IllegalStateException(property + "-file " + file + " is empty");
      }
      return Optional.of(new Secret(content));
    } catch (IOException e) {
      // The exception names the path only; the message of an IOException holds no file content.
      throw new IllegalStateException(
          "cannot read " + property + "-file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public String toString() {
    return REDACTED;
  }
}
