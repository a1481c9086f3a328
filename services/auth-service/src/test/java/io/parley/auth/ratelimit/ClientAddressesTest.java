package io.parley.auth.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.auth.AuthProperties;
import io.parley.auth.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

  private final ClientAddresses addresses =
      new ClientAddresses(
          new AuthProperties(
              "parley-auth",
              new Secret("s"),
              null,
              null,
              null,
              null,
              null,
              1000,
              List.of("10.0.0.0/8", "127.0.0.1"),
              Map.of()));

  private static MockHttpServletRequest request(String remote, String forwarded) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setRemoteAddr(remote);
    if (forwarded != null) {
      request.addHeader("X-Forwarded-For", forwarded);
    }
    return request;
  }

  @Test
  void ignoresTheHeaderFromAnUntrustedPeerSoClientsCannotForgeFreshBuckets() {
    assertThat(addresses.of(request("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
  }

  @Test
  void takesTheRightMostUntrustedHopBehindTrustedProxies() {
    assertThat(addresses.of(request("10.1.2.3", "198.51.100.7, 203.0.113.5, 10.9.9.9")))
        .isEqualTo("203.0.113.5");
  }

  @Test
  void fallsBackToThePeerWithoutAHeaderOrWithGarbage() {
    assertThat(addresses.of(request("127.0.0.1", null))).isEqualTo("127.0.0.1");
    assertThat(addresses.of(request("127.0.0.1", " , "))).isEqualTo("127.0.0.1");
  }
}
