package io.parley.auth.token;

import io.parley.auth.events.AccountEvents;
import io.parley.auth.store.AccountStore;
import io.parley.contracts.Events;
import io.parley.contracts.events.v1.DeviceTokensRevoked;
import io.parley.runtime.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Issues, rotates and revokes a device's tokens. */
@Service
public class TokenService {

  private static final Logger log = LoggerFactory.getLogger(TokenService.class);

  private final AccessTokens accessTokens;
  private final RefreshTokens refreshTokens;
  private final AccountStore accounts;
  private final AccountEvents events;
  private final Clock clock;

  TokenService(
      AccessTokens accessTokens,
      RefreshTokens refreshTokens,
      AccountStore accounts,
      AccountEvents events,
      Clock clock) {
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.accounts = accounts;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Makes a device (re)assigned to {@code incarnation} able to authenticate: its auth record for
   * every service, a new refresh family, and the first token pair.
   */
  public TokenPair startDevice(UUID accountId, int deviceId, String incarnation) {
    String refresh = startCredentials(accountId, deviceId, incarnation);
    return new TokenPair(
        accessTokens.issue(accountId, deviceId, incarnation), refresh, accessTokens.ttlSeconds());
  }

  /**
   * The Redis half of {@link #startDevice}: the device's auth record and a new refresh family,
   * returning its first refresh token. Bulk jobs call this inside a Redis pipeline and sign the
   * access tokens afterwards, outside it (never before: a token issued in an earlier second than
   * the record's {@code validSince} is refused as revoked).
   */
  public String startCredentials(UUID accountId, int deviceId, String incarnation) {
    accounts.setDeviceAuth(accountId, deviceId, incarnation, clock.instant().getEpochSecond());
    return refreshTokens.startFamily(accountId, deviceId, incarnation);
  }

  /** Rotates a refresh token; see docs/adr/0007 for reuse detection and the retry grace. */
  public TokenPair refresh(String presented) {
    RefreshTokens.Rotation rotation = refreshTokens.rotate(presented);
    if (rotation instanceof RefreshTokens.Rotation.Unknown) {
      throw invalid("unknown or expired refresh token");
    }
    if (rotation instanceof RefreshTokens.Rotation.Reused reused) {
      revokeAfterReuse(reused.token());
      throw invalid("refresh token already used: every token of this device is revoked");
    }
    RefreshTokens.Rotation.Granted granted = (RefreshTokens.Rotation.Granted) rotation;
    RefreshTokens.Stored token = granted.token();
    String successor = granted.successor();
    if (!stillCurrent(token)) {
      throw invalid("this device's tokens were revoked");
    }
    if (granted.retry()) {
      if (refreshTokens.isUsed(successor)) {
        // The successor was used: this is not a lost response but a second holder.
        revokeAfterReuse(token);
        throw invalid("refresh token already used: every token of this device is revoked");
      }
      log.info(
          "refresh retry within grace for account {} device {}",
          token.accountId(),
          token.deviceId());
    }
    // Idempotent: a retry after a crash between the two writes creates the successor now.
    refreshTokens.store(successor, token);
    return new TokenPair(
        accessTokens.issue(token.accountId(), token.deviceId(), token.incarnation()),
        successor,
        accessTokens.ttlSeconds());
  }

  private boolean stillCurrent(RefreshTokens.Stored token) {
    Optional<String> family = refreshTokens.currentFamily(token.accountId(), token.deviceId());
    return family.isPresent()
        && family.get().equals(token.family())
        && accounts
            .device(token.accountId(), token.deviceId())
            .map(d -> d.incarnation().equals(token.incarnation()))
            .orElse(false);
  }

  private void revokeAfterReuse(RefreshTokens.Stored token) {
    Optional<String> family = refreshTokens.currentFamily(token.accountId(), token.deviceId());
    if (family.isPresent() && family.get().equals(token.family())) {
      log.warn(
          "refresh token reuse for account {} device {}: revoking its tokens",
          token.accountId(),
          token.deviceId());
      revoke(token.accountId(), token.deviceId(), token.incarnation());
    }
  }

  /**
   * Logs the device out: no refresh token of it works any more, and no access token issued up to
   * now; every service learns it from {@code DeviceTokensRevoked}.
   */
  public void revoke(UUID accountId, int deviceId, String incarnation) {
    refreshTokens.endFamily(accountId, deviceId);
    // validSince is in whole seconds and inclusive: start the next second so that a token issued
    // in this very second is refused too.
    Instant revokedBefore = Instant.ofEpochSecond(clock.instant().getEpochSecond() + 1);
    accounts.revokeTokensBefore(accountId, deviceId, revokedBefore.getEpochSecond());
    try {
      events.publish(
          accountId,
          e ->
              e.setDeviceTokensRevoked(
                  DeviceTokensRevoked.newBuilder()
                      .setDevice(Events.device(accountId, deviceId))
                      .setRevokedBefore(Events.timestamp(revokedBefore))
                      .setIncarnation(incarnation)));
    } catch (ApiException e) {
      // Redis already refuses the tokens; without the event other services notice within their
      // few-second cache instead of at once.
      log.warn("revocation of account {} device {} stored but not announced", accountId, deviceId);
    }
  }

  /** The device is gone: no token of it opens anything, no refresh token rotates. */
  public void forget(UUID accountId, int deviceId) {
    accounts.deleteDeviceAuth(accountId, deviceId);
    refreshTokens.endFamily(accountId, deviceId);
  }

  private static ApiException invalid(String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", detail);
  }
}
