package io.parley.push.registration;

import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceAddress;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Purges registrations when auth-service reports a device or an account gone, so that a removed
 * device is never woken again: {@code DeviceUnlinked} removes the device's, {@code AccountDeleted}
 * those of every device it lists.
 */
@Component
class AccountEventsConsumer {

  private static final Logger log = LoggerFactory.getLogger(AccountEventsConsumer.class);

  private final RegistrationStore store;

  AccountEventsConsumer(RegistrationStore store) {
    this.store = store;
  }

  @KafkaListener(
      id = "push-account-events",
      topics = "#{T(io.parley.contracts.Topics).ACCOUNTS.name()}")
  void on(AccountEvent event) {
    switch (event.getEventCase()) {
      case DEVICE_UNLINKED -> {
        DeviceAddress device = event.getDeviceUnlinked().getDevice();
        UUID accountId = accountId(device.getAccountId());
        if (accountId != null && device.getDeviceId() >= 1) {
          if (store.delete(accountId, device.getDeviceId())) {
            log.info(
                "purged push registration of unlinked device {}:{}",
                accountId,
                device.getDeviceId());
          }
        }
      }
      case ACCOUNT_DELETED -> {
        UUID accountId = accountId(event.getAccountDeleted().getAccountId());
        if (accountId != null) {
          for (int deviceId : event.getAccountDeleted().getDeviceIdsList()) {
            store.delete(accountId, deviceId);
          }
          log.info("purged push registrations of deleted account {}", accountId);
        }
      }
      default -> {
        // Registrations, links and revocations leave push registrations as they are; kinds newer
        // than this build are skipped.
      }
    }
  }

  private static UUID accountId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      log.warn("account event without a valid account id; skipped");
      return null;
    }
  }
}
