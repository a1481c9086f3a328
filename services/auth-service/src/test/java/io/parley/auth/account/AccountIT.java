package io.parley.auth.account;

import static io.parley.auth.support.AuthApi.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.auth.support.AccountEventsReader;
import io.parley.auth.support.AuthApi;
import io.parley.auth.support.AuthIntegrationTest;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceUnlinkReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountIT extends AuthIntegrationTest {

  private AuthApi.Response register(String session, Object registrationId) {
    return api.post(
        "/v1/accounts",
        Map.of(
            "verificationSessionId",
            session,
            "device",
            Map.of("name", "phone", "registrationId", registrationId)));
  }

  @Test
  void registersThePrimaryDeviceWithWorkingTokensAndPublishesAccountRegistered() {
    AuthApi.Device primary = api.register(randomNumber());

    assertThat(primary.deviceId()).isEqualTo(1);
    assertThat(primary.refreshToken()).hasSize(43);
    AuthApi.Response devices = api.get("/v1/devices", primary.accessToken());
    assertThat(devices.status()).isEqualTo(200);
    assertThat(devices.body().get(0).get("registrationId").asInt()).isEqualTo(4711);

    List<AccountEvent> events = AccountEventsReader.eventsOf(primary.accountId(), 1);
    assertThat(events).hasSize(1);
    var registered = events.get(0).getAccountRegistered();
    assertThat(registered.getAccountId()).isEqualTo(primary.accountId());
    assertThat(registered.getPrimaryDeviceId()).isEqualTo(1);
    assertThat(registered.getRegistrationId()).isEqualTo(4711);
    assertThat(registered.getReinstall()).isFalse();
    assertThat(registered.getPrimaryDeviceIncarnation()).isNotBlank();
    assertThat(events.get(0).getMetadata().getProducer()).isEqualTo("auth-service");
  }

  @Test
  void aVerificationSessionCreatesOneAccountOnlyAndAnUnverifiedOneNone() {
    String number = randomNumber();
    String session = api.verifiedSession(number);
    assertThat(register(session, 1).status()).isEqualTo(201);

    assertThat(register(session, 1).status()).isEqualTo(403);
    String unverified = api.startSession(randomNumber());
    assertThat(register(unverified, 1).status()).isEqualTo(403);
  }

  @Test
  void refusesRegistrationIdsOutsideOneTo16380AndMissingDevices() {
    String session = api.verifiedSession(randomNumber());
    assertThat(register(session, 0).status()).isEqualTo(400);
    assertThat(register(session, 16381).status()).isEqualTo(400);
    assertThat(register(session, "x").status()).isEqualTo(400);
    assertThat(api.post("/v1/accounts", Map.of("verificationSessionId", session)).status())
        .isEqualTo(400);
    // The refused attempts did not use the session up.
    assertThat(register(session, 16380).status()).isEqualTo(201);
  }

  @Test
  void aReinstallUnlinksEveryOldDeviceKillsTheirTokensAndKeepsTheAccount() {
    String number = randomNumber();
    AuthApi.Device oldPrimary = api.register(number);
    AuthApi.Device oldLaptop = api.link(oldPrimary);

    AuthApi.Device newPrimary = api.register(number);

    assertThat(newPrimary.accountId()).isEqualTo(oldPrimary.accountId());
    assertThat(newPrimary.deviceId()).isEqualTo(1);
    assertThat(api.get("/v1/devices", oldPrimary.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/v1/devices", oldLaptop.accessToken()).status()).isEqualTo(401);
    assertThat(
            api.post("/v1/tokens/refresh", Map.of("refreshToken", oldLaptop.refreshToken()))
                .status())
        .isEqualTo(401);
    AuthApi.Response devices = api.get("/v1/devices", newPrimary.accessToken());
    assertThat(devices.status()).isEqualTo(200);
    assertThat(devices.body().size()).isEqualTo(1);

    List<AccountEvent> events = AccountEventsReader.eventsOf(oldPrimary.accountId(), 5);
    assertThat(events)
        .extracting(AccountEvent::getEventCase)
        .containsExactly(
            AccountEvent.EventCase.ACCOUNT_REGISTERED,
            AccountEvent.EventCase.DEVICE_LINKED,
            AccountEvent.EventCase.DEVICE_UNLINKED,
            AccountEvent.EventCase.DEVICE_UNLINKED,
            AccountEvent.EventCase.ACCOUNT_REGISTERED);
    assertThat(events.get(2).getDeviceUnlinked().getReason())
        .isEqualTo(DeviceUnlinkReason.DEVICE_UNLINK_REASON_REINSTALL);
    assertThat(events.get(4).getAccountRegistered().getReinstall()).isTrue();
    assertThat(events.get(4).getAccountRegistered().getPrimaryDeviceIncarnation())
        .isNotEqualTo(events.get(0).getAccountRegistered().getPrimaryDeviceIncarnation());
  }

  @Test
  void onlyThePrimaryDeletesTheAccountAndThenNoTokenOfItWorks() {
    String number = randomNumber();
    AuthApi.Device primary = api.register(number);
    AuthApi.Device laptop = api.link(primary);

    assertThat(api.delete("/v1/accounts/me", laptop.accessToken()).status()).isEqualTo(403);
    assertThat(api.delete("/v1/accounts/me", null).status()).isEqualTo(401);
    assertThat(api.delete("/v1/accounts/me", primary.accessToken()).status()).isEqualTo(204);

    assertThat(api.get("/v1/devices", primary.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/v1/devices", laptop.accessToken()).status()).isEqualTo(401);
    List<AccountEvent> events = AccountEventsReader.eventsOf(primary.accountId(), 3);
    AccountEvent deleted = events.get(events.size() - 1);
    assertThat(deleted.getEventCase()).isEqualTo(AccountEvent.EventCase.ACCOUNT_DELETED);
    assertThat(deleted.getAccountDeleted().getDeviceIdsList()).containsExactlyInAnyOrder(1, 2);
    // The number is free again: a new registration is a new account.
    assertThat(api.register(number).accountId()).isNotEqualTo(primary.accountId());
  }
}
