package io.parley.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A Parley REST endpoint refused a request. {@link #status()} is the HTTP status; {@link
 * #problem()} the RFC 9457 problem type's last path segment when the server sent one (for example
 * {@code invalid-request}, {@code rate-limited}).
 */
public final class ParleyApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String problem;
  private final Duration retryAfter;

  public ParleyApiException(
      String method, String path, int status, String problem, String detail, Duration retryAfter) {
    super(
        method
            + " "
            + path
            + " answered "
            + status
            + (problem == null ? "" : " " + problem)
            + (detail == null ? "" : ": " + detail));
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public String problem() {
    return problem;
  }

  /** How long the server asked to wait ({@code 429 Retry-After}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
