package io.parley.auth.device;

import io.parley.auth.AuthProperties;
import io.parley.auth.events.AccountEvents;
import io.parley.auth.ratelimit.RateLimiter;
import io.parley.auth.store.AccountStore;
import io.parley.auth.store.DeviceRecord;
import io.parley.auth.store.OpaqueTokens;
import io.parley.auth.token.TokenPair;
import io.parley.auth.token.TokenService;
import io.parley.contracts.Events;
import io.parley.contracts.events.v1.DeviceLinked;
import io.parley.contracts.events.v1.DeviceUnlinkReason;
import io.parley.contracts.events.v1.DeviceUnlinked;
import io.parley.runtime.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Linked devices: one-use link codes from the primary, linking at the lowest free id from 2, at
 * most {@code parley.auth.devices.max} devices, removal. Link codes are stored hashed under {@code
 * auth:link:{<codeHash>}} and consumed with GETDEL, so a code links one device at most.
 */
@Service
public class DeviceService {

  private static final Logger log = LoggerFactory.getLogger(DeviceService.class);

  /** A link code and when it stops working. */
  public record LinkCode(String code, Instant expiresAt) {}

  /** A linked device and its tokens. */
  public record Linked(UUID accountId, int deviceId, TokenPair tokens) {}

  private final StringRedisTemplate redis;
  private final AccountStore accounts;
  private final TokenService tokens;
  private final AccountEvents events;
  private final RateLimiter rateLimiter;
  private final AuthProperties properties;
  private final Clock clock;

  DeviceService(
      StringRedisTemplate redis,
      AccountStore accounts,
      TokenService tokens,
      AccountEvents events,
      RateLimiter rateLimiter,
      AuthProperties properties,
      Clock clock) {
    this.redis = redis;
    this.accounts = accounts;
    this.tokens = tokens;
    this.events = events;
    this.rateLimiter = rateLimiter;
    this.properties = properties;
    this.clock = clock;
  }

  private static String linkKey(String code) {
    return "auth:link:{" + OpaqueTokens.sha256(code) + "}";
  }

  public LinkCode createLinkCode(UUID accountId, int callerDeviceId) {
    if (callerDeviceId != 1) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "primary-only", "only the primary device can link devices");
    }
    String code = OpaqueTokens.random(16);
    redis.opsForValue().set(linkKey(code), accountId.toString(), properties.tokens().linkCodeTtl());
    return new LinkCode(code, clock.instant().plus(properties.tokens().linkCodeTtl()));
  }

  public Linked link(String code, String name, int registrationId, String clientAddress) {
    rateLimiter.take(RateLimiter.Limit.DEVICE_LINK_ADDRESS, clientAddress);
    String account = redis.opsForValue().getAndDelete(linkKey(code));
    if (account == null) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "invalid-link-code",
          "the link code is unknown, expired or already used");
    }
    UUID accountId = UUID.fromString(account);
    if (!accounts.exists(accountId)) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "invalid-link-code",
          "the account of this link code no longer exists");
    }
    DeviceRecord template =
        new DeviceRecord(0, name, registrationId, OpaqueTokens.incarnation(), clock.instant());
    DeviceRecord device =
        accounts
            .addDevice(accountId, template, properties.devices().max())
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.CONFLICT,
                        "device-limit",
                        "the account already has "
                            + properties.devices().max()
                            + " devices; remove one first"));
    TokenPair pair = tokens.startDevice(accountId, device.id(), device.incarnation());
    try {
      events.publish(
          accountId,
          e ->
              e.setDeviceLinked(
                  DeviceLinked.newBuilder()
                      .setDevice(Events.device(accountId, device.id()))
                      .setRegistrationId(registrationId)
                      .setIncarnation(device.incarnation())));
    } catch (ApiException e) {
      tokens.forget(accountId, device.id());
      accounts.removeDevice(accountId, device.id());
      throw e;
    }
    log.info("account {} linked device {}", accountId, device.id());
    return new Linked(accountId, device.id(), pair);
  }

  public Collection<DeviceRecord> list(UUID accountId) {
    return accounts.devices(accountId).values();
  }

  /** The primary removes any other device; any device removes itself (the primary cannot). */
  public void remove(UUID accountId, int callerDeviceId, int targetDeviceId) {
    if (targetDeviceId == 1) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "primary-device",
          "the primary device cannot be removed; delete the account instead");
    }
    if (callerDeviceId != 1 && callerDeviceId != targetDeviceId) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "not-allowed", "a linked device can only remove itself");
    }
    DeviceRecord device =
        accounts
            .device(accountId, targetDeviceId)
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.NOT_FOUND, "not-found", "no device " + targetDeviceId));
    events.publish(
        accountId,
        e ->
            e.setDeviceUnlinked(
                DeviceUnlinked.newBuilder()
                    .setDevice(Events.device(accountId, targetDeviceId))
                    .setReason(DeviceUnlinkReason.DEVICE_UNLINK_REASON_REMOVED_BY_USER)
                    .setIncarnation(device.incarnation())));
    tokens.forget(accountId, targetDeviceId);
    accounts.removeDevice(accountId, targetDeviceId);
    log.info("account {} removed device {}", accountId, targetDeviceId);
  }

  /** The incarnation of a device that still exists. */
  public String incarnation(UUID accountId, int deviceId) {
    return accounts
        .device(accountId, deviceId)
        .map(DeviceRecord::incarnation)
        .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not-found", "no such device"));
  }
}
