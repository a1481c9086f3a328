package io.parley.runtime.web;

import org.springframework.http.HttpStatus;

/** A refusal with its HTTP status and a stable problem type (RFC 9457). */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String type;

  public ApiException(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  public HttpStatus status() {
    return status;
  }

  /** Short name, published as {@code https://parley.io/problems/<type>}. */
  public String type() {
    return type;
  }
}
