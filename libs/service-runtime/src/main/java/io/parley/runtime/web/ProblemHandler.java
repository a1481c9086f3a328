package io.parley.runtime.web;

import io.parley.runtime.ratelimit.RateLimitExceededException;
import java.net.URI;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Every refusal as an RFC 9457 problem detail with a stable type URI ({@code
 * https://parley.io/problems/<name>}); registered for every servlet web service by {@link
 * io.parley.runtime.ParleyRuntimeAutoConfiguration}.
 */
@RestControllerAdvice
public class ProblemHandler {

  static final String TYPE_BASE = "https://parley.io/problems/";

  private static ProblemDetail problem(HttpStatus status, String type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    return problem;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return ResponseEntity.status(e.status()).body(problem(e.status(), e.type(), e.getMessage()));
  }

  @ExceptionHandler(BadRequestException.class)
  ResponseEntity<ProblemDetail> badRequest(BadRequestException e) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
    problem.setProperty("field", e.field());
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
    String detail =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> f.getField() + " " + f.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
    e.getBindingResult().getFieldErrors().stream()
        .findFirst()
        .ifPresent(f -> problem.setProperty("field", f.getField()));
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e) {
    return ResponseEntity.badRequest()
        .body(problem(HttpStatus.BAD_REQUEST, "invalid-request", "invalid parameter"));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.badRequest()
        .body(
            problem(
                HttpStatus.BAD_REQUEST,
                "malformed-body",
                "the request body is not the JSON this endpoint takes"));
  }

  @ExceptionHandler(RateLimitExceededException.class)
  ResponseEntity<ProblemDetail> tooMany(RateLimitExceededException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
        .body(
            problem(
                HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "too many requests; retry later"));
  }
}
