package io.parley.auth.account;

import io.parley.auth.events.AccountEvents;
import io.parley.auth.store.AccountStore;
import io.parley.auth.store.DeviceRecord;
import io.parley.auth.store.OpaqueTokens;
import io.parley.auth.token.TokenPair;
import io.parley.auth.token.TokenService;
import io.parley.auth.verification.VerificationService;
import io.parley.contracts.Events;
import io.parley.contracts.events.v1.AccountDeleted;
import io.parley.contracts.events.v1.AccountRegistered;
import io.parley.contracts.events.v1.DeviceUnlinkReason;
import io.parley.contracts.events.v1.DeviceUnlinked;
import io.parley.runtime.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Registration, reinstall and deletion of accounts.
 *
 * <p>Order of writes: what removes data is announced first (the event), then done, so that a retry
 * after a failure finishes the job and no service keeps what the account no longer has; what
 * creates data is written first and undone if the event cannot be written.
 */
@Service
public class AccountService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);

  /** A registered account's first device and its tokens. */
  public record Registration(UUID accountId, int deviceId, TokenPair tokens) {}

  private final VerificationService verification;
  private final AccountStore accounts;
  private final TokenService tokens;
  private final AccountEvents events;
  private final Clock clock;

  AccountService(
      VerificationService verification,
      AccountStore accounts,
      TokenService tokens,
      AccountEvents events,
      Clock clock) {
    this.verification = verification;
    this.accounts = accounts;
    this.tokens = tokens;
    this.events = events;
    this.clock = clock;
  }

  public Registration register(
      String verificationSessionId, String deviceName, int registrationId) {
    VerificationService.VerifiedNumber number = verification.consume(verificationSessionId);
    Instant now = clock.instant();
    Optional<UUID> existing = accounts.accountOf(number.phoneHash());
    UUID accountId = existing.orElseGet(UUID::randomUUID);
    boolean reinstall = existing.isPresent() || !accounts.claimPhone(number.phoneHash(), accountId);
    if (reinstall) {
      accountId = accounts.accountOf(number.phoneHash()).orElseThrow();
      unlinkAll(accountId, DeviceUnlinkReason.DEVICE_UNLINK_REASON_REINSTALL);
    } else {
      accounts.createAccount(accountId, number.phoneHash(), now);
    }
    DeviceRecord primary =
        new DeviceRecord(1, deviceName, registrationId, OpaqueTokens.incarnation(), now);
    accounts.putDevice(accountId, primary);
    TokenPair pair = tokens.startDevice(accountId, 1, primary.incarnation());
    UUID id = accountId;
    try {
      events.publish(
          accountId,
          e ->
              e.setAccountRegistered(
                  AccountRegistered.newBuilder()
                      .setAccountId(id.toString())
                      .setPrimaryDeviceId(1)
                      .setRegistrationId(registrationId)
                      .setReinstall(reinstall)
                      .setPrimaryDeviceIncarnation(primary.incarnation())));
    } catch (ApiException e) {
      accounts.deleteDeviceAuth(accountId, 1);
      accounts.removeDevice(accountId, 1);
      if (!reinstall) {
        accounts.deleteAccount(accountId, number.phoneHash());
      }
      throw e;
    }
    log.info("account {} {}", accountId, reinstall ? "reinstalled" : "registered");
    return new Registration(accountId, 1, pair);
  }

  /** Every device of the account is unlinked: announced first, then its credentials removed. */
  private void unlinkAll(UUID accountId, DeviceUnlinkReason reason) {
    for (DeviceRecord device : accounts.devices(accountId).values()) {
      events.publish(
          accountId,
          e ->
              e.setDeviceUnlinked(
                  DeviceUnlinked.newBuilder()
                      .setDevice(Events.device(accountId, device.id()))
                      .setReason(reason)
                      .setIncarnation(device.incarnation())));
      tokens.forget(accountId, device.id());
      accounts.removeDevice(accountId, device.id());
    }
  }

  /** Deletes the account (primary device only); every service purges it on AccountDeleted. */
  public void delete(UUID accountId, int callerDeviceId) {
    if (callerDeviceId != 1) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "primary-only", "only the primary device can delete the account");
    }
    Map<Integer, DeviceRecord> devices = accounts.devices(accountId);
    String phoneHash =
        accounts
            .phoneHashOf(accountId)
            .orElseThrow(
                () -> new ApiException(HttpStatus.NOT_FOUND, "not-found", "no such account"));
    events.publish(
        accountId,
        e ->
            e.setAccountDeleted(
                AccountDeleted.newBuilder()
                    .setAccountId(accountId.toString())
                    .addAllDeviceIds(devices.keySet())));
    for (int deviceId : devices.keySet()) {
      tokens.forget(accountId, deviceId);
    }
    accounts.deleteAccount(accountId, phoneHash);
    log.info("account {} deleted with {} device(s)", accountId, devices.size());
  }
}
