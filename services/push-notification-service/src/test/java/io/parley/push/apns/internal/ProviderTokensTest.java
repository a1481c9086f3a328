package io.parley.push.apns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProviderTokensTest {

  private Instant now = Instant.parse("2026-11-27T12:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void keepsOneTokenFiftyMinutesAndReplacesARefusedOneOnlyAfterTwenty() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair key = generator.generateKeyPair();
    ProviderTokens tokens =
        new ProviderTokens((ECPrivateKey) key.getPrivate(), "KEY1", "TEAM1", clock);

    String first = tokens.get();
    SignedJWT jwt = SignedJWT.parse(first);
    assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) key.getPublic()))).isTrue();
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("KEY1");
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("TEAM1");
    assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(now);

    now = now.plus(Duration.ofMinutes(10));
    tokens.expired(first);
    assertThat(tokens.get())
        .as("younger than 20 minutes: APNs would refuse a new one")
        .isEqualTo(first);

    now = now.plus(Duration.ofMinutes(39));
    assertThat(tokens.get()).isEqualTo(first);

    now = now.plus(Duration.ofMinutes(1));
    String second = tokens.get();
    assertThat(second).isNotEqualTo(first);

    now = now.plus(Duration.ofMinutes(21));
    tokens.expired(second);
    assertThat(tokens.get()).isNotEqualTo(second);
  }
}
