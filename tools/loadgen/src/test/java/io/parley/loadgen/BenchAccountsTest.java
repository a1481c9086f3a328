package io.parley.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchAccountsTest {

  private final BenchAccounts accounts = new BenchAccounts(URI.create("http://localhost:1"));

  @Test
  void readsEachDevicesAccessTokenAtItsOffset() {
    String body =
        "{\"devices\":[{\"accountId\":\"a\",\"deviceId\":1,\"accessToken\":\"t1\","
            + "\"refreshToken\":\"r1\",\"expiresIn\":7200,\"registrationId\":5},"
            + "{\"accountId\":\"b\",\"accessToken\":\"t2\",\"nested\":{\"accessToken\":\"no\"}}]}";
    String[] tokens = new String[4];

    int found = accounts.accessTokens(body.getBytes(StandardCharsets.UTF_8), tokens, 1);

    assertThat(found).isEqualTo(2);
    assertThat(tokens).containsExactly(null, "t1", "t2", null);
  }

  @Test
  void refusesMoreDevicesThanItHasRoomFor() {
    String body = "{\"devices\":[{\"accessToken\":\"t1\"},{\"accessToken\":\"t2\"}]}";

    assertThatThrownBy(
            () -> accounts.accessTokens(body.getBytes(StandardCharsets.UTF_8), new String[1], 0))
        .hasMessageContaining("more devices than asked");
  }
}
