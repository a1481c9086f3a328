package io.parley.auth.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.auth.AuthApplication;
import io.parley.testsupport.ParleyInfra;
import io.parley.testsupport.ParleyInfraTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The real application refuses to start with the bench profile where it must never run. */
@ParleyInfraTest
class BenchProfileGuardIT {

  private static void start(String... profiles) {
    new SpringApplicationBuilder(AuthApplication.class)
        .profiles(profiles)
        .run(
            "--server.port=0",
            "--spring.kafka.bootstrap-servers=" + ParleyInfra.kafka().bootstrapServers(),
            "--spring.data.redis.host=" + ParleyInfra.redis().host(),
            "--spring.data.redis.port=" + ParleyInfra.redis().port(),
            "--parley.auth.signing.dev-key-dir=target/test-keys")
        .close();
  }

  @Test
  void refusesToStartTogetherWithTheProdProfile() {
    assertThatThrownBy(() -> start("dev", "bench", "prod"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must never run with the prod profile");
  }

  @Test
  void refusesToStartWithoutTheDevProfile() {
    assertThatThrownBy(() -> start("bench"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only together with the dev profile");
  }
}
