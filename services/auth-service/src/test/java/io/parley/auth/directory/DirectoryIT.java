package io.parley.auth.directory;

import static io.parley.auth.support.AuthApi.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectoryIT extends AuthIntegrationTest {

  private AuthApi.Response lookup(String token, List<String> numbers) {
    return api.post("/v1/directory/lookup", Map.of("phoneNumbers", numbers), token);
  }

  @Test
  void answersOnlyForRegisteredNumbers() {
    String alice = randomNumber();
    String bob = randomNumber();
    AuthApi.Device aliceDevice = api.register(alice);
    AuthApi.Device bobDevice = api.register(bob);
    String stranger = randomNumber();

    AuthApi.Response r = lookup(aliceDevice.accessToken(), List.of(bob, stranger, alice));

    assertThat(r.status()).isEqualTo(200);
    var registered = r.body().get("registered");
    assertThat(registered.size()).isEqualTo(2);
    assertThat(registered.get(0).get("phoneNumber").asString()).isEqualTo(bob);
    assertThat(registered.get(0).get("accountId").asString()).isEqualTo(bobDevice.accountId());
    assertThat(r.body().toString()).doesNotContain(stranger);
  }

  @Test
  void refusesUnauthenticatedOversizedAndMalformedLookups() {
    AuthApi.Device device = api.register(randomNumber());
    assertThat(lookup(null, List.of(randomNumber())).status()).isEqualTo(401);
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(randomNumber());
    }
    assertThat(lookup(device.accessToken(), tooMany).status()).isEqualTo(400);
    assertThat(lookup(device.accessToken(), List.of()).status()).isEqualTo(400);
    AuthApi.Response bad = lookup(device.accessToken(), List.of(randomNumber(), "nope"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text("field")).isEqualTo("phoneNumbers[1]");
  }

  @Test
  void limitsHowManyNumbersOneAccountLooksUp() {
    AuthApi.Device device = api.register(randomNumber());
    java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
    while (distinct.size() < 1000) {
      distinct.add(randomNumber());
    }
    List<String> thousand = new ArrayList<>(distinct);
    for (int i = 0; i < 5; i++) {
      assertThat(lookup(device.accessToken(), thousand).status()).as("lookup %d", i).isEqualTo(200);
    }

    AuthApi.Response over = lookup(device.accessToken(), thousand);

    assertThat(over.status()).isEqualTo(429);
    assertThat(over.header("Retry-After")).isNotNull();
  }
}
