package io.parley.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its {@code Authorization: Bearer} token through the {@link
 * AccessTokenVerifier}, and answers a refused token at once with a 401 problem. A request without a
 * bearer token passes on unauthenticated: public paths serve it, the others answer 401 through the
 * entry point. Public paths are not inspected at all, so a stale token sent to them (a client
 * refreshing its session) does no harm.
 *
 * <p>Not a bean: Spring Boot would register a {@code Filter} bean with the servlet container a
 * second time, outside the security chain.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

  /** RFC 6750 §2.1: {@code Bearer} then a b64token. */
  private static final Pattern BEARER =
      Pattern.compile("^Bearer +([A-Za-z0-9\\-._~+/]+=*) *$", Pattern.CASE_INSENSITIVE);

  private final AccessTokenVerifier verifier;
  private final RequestMatcher publicPaths;
  private final ProblemResponses problems;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  BearerTokenFilter(
      AccessTokenVerifier verifier, RequestMatcher publicPaths, ProblemResponses problems) {
    this.verifier = verifier;
    this.publicPaths = publicPaths;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return publicPaths.matches(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
      chain.doFilter(request, response);
      return;
    }
    Matcher bearer = BEARER.matcher(authorization);
    if (!bearer.matches()
        || Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)).size() > 1) {
      problems.invalidToken(
          request,
          response,
          new InvalidAccessTokenException(
              InvalidAccessTokenException.Reason.MALFORMED,
              "Authorization header must be 'Bearer <access token>'"));
      return;
    }
    AuthenticatedDevice device;
    try {
      device = verifier.verify(bearer.group(1));
    } catch (InvalidAccessTokenException e) {
      contexts.clearContext();
      problems.invalidToken(request, response, e);
      return;
    } catch (TokenVerificationUnavailableException e) {
      log.warn(
          "cannot verify an access token: {} ({})", e.getMessage(), String.valueOf(e.getCause()));
      contexts.clearContext();
      problems.unavailable(request, response);
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(new DeviceAuthentication(device));
    contexts.setContext(context);
    chain.doFilter(request, response);
  }
}
