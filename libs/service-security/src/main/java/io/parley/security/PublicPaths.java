package io.parley.security;

import java.util.List;

/**
 * Request paths a service opens without a token, decided by its own settings rather than listed in
 * {@code parley.security.public-paths}: every bean of this type adds its patterns to the default
 * chain's public paths (never inspected, a stale token there does no harm). The edge uses it for
 * the REST routes it proxies to the services that check tokens themselves.
 */
@FunctionalInterface
public interface PublicPaths {

  /** Path patterns ({@code /v1/keys/**}, {@code /ws}), each starting with '/'. */
  List<String> patterns();
}
