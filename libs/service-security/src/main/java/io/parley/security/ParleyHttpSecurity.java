package io.parley.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Parley's HTTP security, as a bean ({@code parleyHttpSecurity}) so that a service declaring its
 * own {@link SecurityFilterChain} keeps bearer-token authentication and the problem responses:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain security(HttpSecurity http, ParleyHttpSecurity parley) {
 *   parley.applyTo(http)
 *       .authorizeHttpRequests(requests -> requests
 *           .requestMatchers(parley.publicPaths()).permitAll()
 *           .requestMatchers("/v1/admin/**").denyAll()
 *           .anyRequest().authenticated());
 *   return http.build();
 * }
 * }</pre>
 */
public final class ParleyHttpSecurity {

  /** Paths that never need a token: probes, metrics, API docs, the error page. */
  public static final List<String> ALWAYS_PUBLIC_PATHS =
      List.of(
          "/actuator/health",
          "/actuator/health/**",
          "/actuator/prometheus",
          "/actuator/info",
          "/livez",
          "/readyz",
          "/v3/api-docs/**",
          "/swagger-ui/**",
          "/swagger-ui.html",
          "/error");

  private final AccessTokenVerifier verifier;
  private final List<String> publicPathPatterns;
  private final RequestMatcher publicPaths;
  private final ProblemResponses problems = new ProblemResponses();

  ParleyHttpSecurity(
      AccessTokenVerifier verifier,
      List<String> extraPublicPaths,
      PathPatternRequestMatcher.Builder paths) {
    this.verifier = verifier;
    List<String> patterns = new ArrayList<>(ALWAYS_PUBLIC_PATHS);
    patterns.addAll(extraPublicPaths);
    this.publicPathPatterns = List.copyOf(patterns);
    this.publicPaths =
        new OrRequestMatcher(
            publicPathPatterns.stream()
                .map(paths::matcher)
                .map(RequestMatcher.class::cast)
                .toList());
  }

  /**
   * Stateless (no session, no CSRF, no form login or basic auth), bearer tokens verified by the
   * {@link AccessTokenVerifier} on every path but the public ones, and 401/403/503 answered as
   * problem details. Authorization rules are left to the caller.
   */
  public HttpSecurity applyTo(HttpSecurity http) {
    return http.csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(
            new BearerTokenFilter(verifier, publicPaths, problems),
            AnonymousAuthenticationFilter.class);
  }

  /** The default public paths plus {@code parley.security.public-paths}. */
  public RequestMatcher publicPaths() {
    return publicPaths;
  }

  /** The patterns behind {@link #publicPaths()}, for logs and documentation. */
  public List<String> publicPathPatterns() {
    return publicPathPatterns;
  }
}
