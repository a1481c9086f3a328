package io.parley.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JWK Set cache against a real HTTP server, with a hand-moved clock. */
class RemoteJwkSourceTest {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

  private final ECKey k1 = TestTokens.newKey("k1");
  private final ECKey k2 = TestTokens.newKey("k2");
  private final JwksServer server = JwksServer.serving(k1);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
  private final RemoteJwkSource source =
      new RemoteJwkSource(server.uri(), clock, TTL, MIN_INTERVAL);

  @AfterEach
  void stopServer() {
    server.close();
  }

  private List<JWK> keysWithId(String keyId) throws KeySourceException {
    return source.get(new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build()), null);
  }

  @Test
  void fetchesOnFirstUseAndServesKnownKeysFromTheCache() throws Exception {
    assertThat(server.requests()).isZero();

    for (int i = 0; i < 10; i++) {
      assertThat(keysWithId("k1")).extracting(JWK::getKeyID).containsExactly("k1");
      clock.advance(Duration.ofSeconds(20));
    }

    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void keepsOnlyThePublicPartsOfWhatItFetches() throws Exception {
    server.leakingPrivateParts(true);

    assertThat(keysWithId("k1"))
        .singleElement()
        .satisfies(key -> assertThat(key.isPrivate()).isFalse());
  }

  @Test
  void fetchesAtMostOncePerIntervalWhateverKeyIdsTokensMakeUp() throws Exception {
    keysWithId("k1");

    clock.advance(MIN_INTERVAL);
    for (int i = 0; i < 100; i++) {
      assertThat(keysWithId("forged-" + i)).isEmpty();
    }
    assertThat(server.requests()).isEqualTo(2);

    clock.advance(MIN_INTERVAL.minusSeconds(1));
    keysWithId("forged-again");
    assertThat(server.requests()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    keysWithId("forged-again");
    keysWithId("forged-once-more");
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void fetchesOnceForAConcurrentBurstOfUnknownKeyIds() throws Exception {
    keysWithId("k1");
    clock.advance(MIN_INTERVAL);

    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<List<JWK>>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String keyId = "forged-" + i;
        results.add(threads.submit(() -> keysWithId(keyId)));
      }
      for (Future<List<JWK>> result : results) {
        assertThat(result.get()).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void picksUpARotatedKeyOnceTheIntervalAllows() throws Exception {
    keysWithId("k1");
    server.publish(k1, k2);

    clock.advance(Duration.ofSeconds(10));
    assertThat(keysWithId("k2")).isEmpty(); // too soon after the first fetch

    clock.advance(Duration.ofSeconds(20));
    assertThat(keysWithId("k2")).extracting(JWK::getKeyID).containsExactly("k2");
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void fetchesAgainAfterTheTtlSoThatAWithdrawnKeyStopsBeingTrusted() throws Exception {
    keysWithId("k1");
    server.publish(k2);

    clock.advance(TTL.minusSeconds(1));
    assertThat(keysWithId("k1")).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(keysWithId("k1")).isEmpty();
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void keepsTheKeysItHasWhenARefreshFails() throws Exception {
    keysWithId("k1");
    server.failing(true);

    clock.advance(TTL);
    assertThat(keysWithId("k1")).hasSize(1);
    clock.advance(MIN_INTERVAL);
    assertThat(keysWithId("k1")).hasSize(1);

    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void reportsNoKeysAsAnErrorAndRetriesAfterASecondUntilTheFirstFetchSucceeds() throws Exception {
    server.failing(true);

    assertThatThrownBy(() -> keysWithId("k1")).isInstanceOf(KeySourceException.class);
    assertThatThrownBy(() -> keysWithId("k1")).isInstanceOf(KeySourceException.class);
    assertThat(server.requests()).isEqualTo(1);

    server.failing(false);
    clock.advance(RemoteJwkSource.FIRST_FETCH_RETRY);
    assertThat(keysWithId("k1")).hasSize(1);
    assertThat(server.requests()).isEqualTo(2);
  }
}
