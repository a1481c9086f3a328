package io.parley.auth.device;

import static io.parley.auth.support.AuthApi.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.auth.support.AccountEventsReader;
import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceUnlinkReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceIT extends AuthIntegrationTest {

  @Test
  void linksANewDeviceAtTheNextIdWithItsOwnTokensAndPublishesDeviceLinked() {
    AuthApi.Device primary = api.register(randomNumber());

    AuthApi.Device laptop = api.link(primary);

    assertThat(laptop.accountId()).isEqualTo(primary.accountId());
    assertThat(laptop.deviceId()).isEqualTo(2);
    AuthApi.Response devices = api.get("/v1/devices", laptop.accessToken());
    assertThat(devices.status()).isEqualTo(200);
    assertThat(devices.body().size()).isEqualTo(2);
    List<AccountEvent> events = AccountEventsReader.eventsOf(primary.accountId(), 2);
    var linked = events.get(1).getDeviceLinked();
    assertThat(linked.getDevice().getDeviceId()).isEqualTo(2);
    assertThat(linked.getRegistrationId()).isEqualTo(815);
    assertThat(linked.getIncarnation()).isNotBlank();
  }

  @Test
  void onlyThePrimaryCreatesLinkCodesAndACodeLinksOneDeviceOnly() {
    AuthApi.Device primary = api.register(randomNumber());
    AuthApi.Device laptop = api.link(primary);
    assertThat(api.post("/v1/devices/link-codes", null, laptop.accessToken()).status())
        .isEqualTo(403);
    assertThat(api.post("/v1/devices/link-codes", null, null).status()).isEqualTo(401);

    String code = api.post("/v1/devices/link-codes", null, primary.accessToken()).text("code");
    assertThat(api.linkWith(code).status()).isEqualTo(201);

    AuthApi.Response reuse = api.linkWith(code);
    assertThat(reuse.status()).isEqualTo(403);
    assertThat(reuse.body().get("type").asString()).endsWith("/invalid-link-code");
    assertThat(api.linkWith("AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(403);
    assertThat(api.linkWith("short").status()).isEqualTo(400);
  }

  @Test
  void refusesTheSeventhDeviceWith409() {
    AuthApi.Device primary = api.register(randomNumber());
    for (int i = 0; i < 5; i++) {
      api.link(primary);
    }
    String code = api.post("/v1/devices/link-codes", null, primary.accessToken()).text("code");

    AuthApi.Response seventh = api.linkWith(code);

    assertThat(seventh.status()).isEqualTo(409);
    assertThat(api.get("/v1/devices", primary.accessToken()).body().size()).isEqualTo(6);
  }

  @Test
  void linkedDevicesRemoveOnlyThemselvesThePrimaryRemovesAnyButItself() {
    AuthApi.Device primary = api.register(randomNumber());
    AuthApi.Device two = api.link(primary);
    AuthApi.Device three = api.link(primary);

    assertThat(api.delete("/v1/devices/3", two.accessToken()).status()).isEqualTo(403);
    assertThat(api.delete("/v1/devices/1", primary.accessToken()).status()).isEqualTo(409);
    assertThat(api.delete("/v1/devices/9", primary.accessToken()).status()).isEqualTo(404);
    assertThat(api.delete("/v1/devices/2", two.accessToken()).status()).isEqualTo(204);
    assertThat(api.delete("/v1/devices/3", primary.accessToken()).status()).isEqualTo(204);

    assertThat(api.get("/v1/devices", two.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/v1/devices", three.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/v1/devices", primary.accessToken()).body().size()).isEqualTo(1);
    List<AccountEvent> events = AccountEventsReader.eventsOf(primary.accountId(), 5);
    List<Integer> unlinked = new ArrayList<>();
    for (AccountEvent e : events) {
      if (e.hasDeviceUnlinked()) {
        assertThat(e.getDeviceUnlinked().getReason())
            .isEqualTo(DeviceUnlinkReason.DEVICE_UNLINK_REASON_REMOVED_BY_USER);
        unlinked.add(e.getDeviceUnlinked().getDevice().getDeviceId());
      }
    }
    assertThat(unlinked).containsExactly(2, 3);
  }

  @Test
  void aRemovedDevicesTokenNeverActsAsTheNextDeviceGivenItsId() {
    AuthApi.Device primary = api.register(randomNumber());
    AuthApi.Device old = api.link(primary);
    assertThat(api.delete("/v1/devices/2", primary.accessToken()).status()).isEqualTo(204);

    AuthApi.Device reused = api.link(primary);

    assertThat(reused.deviceId()).isEqualTo(2);
    assertThat(api.get("/v1/devices", reused.accessToken()).status()).isEqualTo(200);
    AuthApi.Response oldToken = api.get("/v1/devices", old.accessToken());
    assertThat(oldToken.status()).isEqualTo(401);
    assertThat(
            api.post("/v1/tokens/refresh", java.util.Map.of("refreshToken", old.refreshToken()))
                .status())
        .isEqualTo(401);
  }
}
