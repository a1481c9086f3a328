package io.parley.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * auth-service's JWK Set, fetched over HTTP and cached. It is fetched again when a token names a
 * key id the cached set lacks (auth-service rotated its key) and when the cache is older than its
 * TTL (a key was withdrawn), but never twice within the minimum interval, counting failed attempts:
 * made-up key ids, or a struggling auth-service, cost it at most one request per interval from each
 * instance. Until the first fetch succeeds the interval is one second, so an instance that started
 * before auth-service does not refuse every token for a full interval.
 *
 * <p>When a fetch fails the keys already held stay in use (auth-service being briefly unreachable
 * must not log everybody out); only with no keys at all is the failure reported, as a {@link
 * KeySourceException}.
 *
 * <p>Nimbus's {@code JWKSourceBuilder} is not used because its rate limiter admits two requests per
 * interval and cannot take a {@link Clock}.
 */
final class RemoteJwkSource implements JWKSource<SecurityContext> {

  private static final Logger log = LoggerFactory.getLogger(RemoteJwkSource.class);

  static final Duration FIRST_FETCH_RETRY = Duration.ofSeconds(1);
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
  private static final int READ_TIMEOUT_MILLIS = 2_000;
  private static final int SIZE_LIMIT_BYTES = 64 * 1024;

  private record Snapshot(JWKSet keys, Instant fetchedAt) {}

  private final URL url;
  private final ResourceRetriever retriever;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Duration minInterval;

  private volatile Snapshot snapshot;
  private Instant lastAttempt; // guarded by this

  RemoteJwkSource(URI uri, Clock clock, Duration cacheTtl, Duration minInterval) {
    this.url = toUrl(uri);
    this.retriever =
        new DefaultResourceRetriever(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, SIZE_LIMIT_BYTES);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cacheTtl = cacheTtl;
    this.minInterval = minInterval;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    Snapshot seen = snapshot;
    if (seen == null || !clock.instant().isBefore(seen.fetchedAt().plus(cacheTtl))) {
      seen = refresh(seen);
    }
    List<JWK> found = selector.select(seen.keys());
    if (found.isEmpty()) {
      found = selector.select(refresh(seen).keys());
    }
    return found;
  }

  /**
   * A newer set than {@code seen}, fetching it if no other thread has and the interval allows;
   * otherwise the set held now.
   */
  private synchronized Snapshot refresh(Snapshot seen) throws KeySourceException {
    Snapshot current = snapshot;
    if (current != seen) {
      return current; // another thread fetched meanwhile
    }
    Instant now = clock.instant();
    Duration spacing = current == null ? min(FIRST_FETCH_RETRY, minInterval) : minInterval;
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(spacing))) {
      if (current == null) {
        throw new KeySourceException("no JWK Set from " + url + " yet; retrying shortly");
      }
      return current;
    }
    lastAttempt = now;
    try {
      JWKSet keys = JWKSet.parse(retriever.retrieveResource(url).getContent()).toPublicJWKSet();
      snapshot = new Snapshot(keys, now);
      log.info(
          "JWK Set fetched from {}: key ids {}",
          url,
          keys.getKeys().stream().map(JWK::getKeyID).toList());
      return snapshot;
    } catch (IOException | ParseException | RuntimeException e) {
      if (current == null) {
        log.warn("cannot fetch the JWK Set from {}: {}", url, e.toString());
        throw new KeySourceException("cannot fetch the JWK Set from " + url, e);
      }
      log.warn(
          "cannot refresh the JWK Set from {} (keeping the {} keys fetched at {}): {}",
          url,
          current.keys().size(),
          current.fetchedAt(),
          e.toString());
      return current;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static URL toUrl(URI uri) {
    try {
      return uri.toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + uri, e);
    }
  }
}
