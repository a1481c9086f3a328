package io.parley.auth.bench;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;

/**
 * Settings of the bench provisioner, under {@code parley.auth.bench.*}.
 *
 * @param accessTokenTtl lifetime of the access tokens it hands out: longer than the usual 15 min so
 *     that a benchmark holding sessions for an hour does not see its tokens expire
 */
@Profile("bench")
@ConfigurationProperties("parley.auth.bench")
record BenchProperties(@DefaultValue("2h") Duration accessTokenTtl) {

  BenchProperties {
    if (accessTokenTtl.isNegative()
        || accessTokenTtl.isZero()
        || accessTokenTtl.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "parley.auth.bench.access-token-ttl must be positive and at most 1d");
    }
  }
}
