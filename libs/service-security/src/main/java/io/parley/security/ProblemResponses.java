package io.parley.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 9457 problem details for everything the security layer refuses, with the RFC 6750 {@code
 * WWW-Authenticate} challenge on 401s. Written by hand because this library does not assume a JSON
 * library on the service's classpath.
 *
 * <p>Bodies carry {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}
 * and, for refused tokens, {@code reason} (an {@link InvalidAccessTokenException.Reason#code()}).
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String PROBLEM_JSON = "application/problem+json";
  static final int RETRY_AFTER_SECONDS = 5;

  /**
   * No credentials on a protected path: RFC 6750 §3.1 says the challenge then has no error code.
   */
  @Override
  public void commence(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticationException authException)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer");
    write(
        request,
        response,
        HttpServletResponse.SC_UNAUTHORIZED,
        "Unauthorized",
        "this endpoint needs an access token (Authorization: Bearer <token>)",
        InvalidAccessTokenException.Reason.MISSING.code());
  }

  /** A token was presented and refused. */
  void invalidToken(
      HttpServletRequest request, HttpServletResponse response, InvalidAccessTokenException e)
      throws IOException {
    response.setHeader(
        "WWW-Authenticate",
        "Bearer error=\"invalid_token\", error_description=\"" + headerSafe(e.getMessage()) + "\"");
    write(
        request,
        response,
        HttpServletResponse.SC_UNAUTHORIZED,
        "Unauthorized",
        e.getMessage(),
        e.reason().code());
  }

  /** The token could not be checked now: the client should retry, not sign in again. */
  void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    write(
        request,
        response,
        HttpServletResponse.SC_SERVICE_UNAVAILABLE,
        "Service Unavailable",
        "access tokens cannot be verified at the moment; retry shortly",
        null);
  }

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      AccessDeniedException accessDeniedException)
      throws IOException {
    write(
        request,
        response,
        HttpServletResponse.SC_FORBIDDEN,
        "Forbidden",
        "this device may not do that",
        null);
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String detail,
      String reason)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", request.getRequestURI());
    if (reason != null) {
      body.put("reason", reason);
    }
    byte[] bytes = json(body).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(PROBLEM_JSON);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    response.flushBuffer();
  }

  static String json(Map<String, Object> fields) {
    StringBuilder out = new StringBuilder("{");
    fields.forEach(
        (name, value) -> {
          if (out.length() > 1) {
            out.append(',');
          }
          quote(out, name).append(':');
          if (value instanceof Number) {
            out.append(value);
          } else {
            quote(out, String.valueOf(value));
          }
        });
    return out.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** RFC 6750 allows only %x20-21 / %x23-5B / %x5D-7E in error_description. */
  static String headerSafe(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : ' ');
    }
    return out.toString();
  }
}
