package io.parley.keys.devices;

import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.DeviceAddress;
import io.parley.keys.prekey.KeyStore;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps registration ids from auth-service's events and purges keys when devices and accounts go:
 * {@code DeviceUnlinked} purges the device, {@code AccountDeleted} every device and the identity, a
 * reinstall ({@code AccountRegistered} with reinstall) every device and frees the identity key to
 * be set anew.
 */
@Component
class AccountEventsConsumer {

  private static final Logger log = LoggerFactory.getLogger(AccountEventsConsumer.class);

  private final DeviceDirectory directory;
  private final KeyStore keys;

  AccountEventsConsumer(DeviceDirectory directory, KeyStore keys) {
    this.directory = directory;
    this.keys = keys;
  }

  @KafkaListener(
      id = "keys-account-events",
      topics = "#{T(io.parley.contracts.Topics).ACCOUNTS.name()}",
      groupId = "key-distribution-service")
  void on(AccountEvent event) {
    switch (event.getEventCase()) {
      case ACCOUNT_REGISTERED -> {
        var registered = event.getAccountRegistered();
        UUID accountId = UUID.fromString(registered.getAccountId());
        if (registered.getReinstall()) {
          directory.devices(accountId).keySet().forEach(id -> keys.purge(accountId, id));
          directory.removeAll(accountId);
          keys.resetIdentity(accountId);
        }
        directory.put(accountId, registered.getPrimaryDeviceId(), registered.getRegistrationId());
      }
      case DEVICE_LINKED -> {
        DeviceAddress device = event.getDeviceLinked().getDevice();
        directory.put(
            UUID.fromString(device.getAccountId()),
            device.getDeviceId(),
            event.getDeviceLinked().getRegistrationId());
      }
      case DEVICE_UNLINKED -> {
        DeviceAddress device = event.getDeviceUnlinked().getDevice();
        UUID accountId = UUID.fromString(device.getAccountId());
        keys.purge(accountId, device.getDeviceId());
        directory.remove(accountId, device.getDeviceId());
        log.info("purged keys of account {} device {}", accountId, device.getDeviceId());
      }
      case ACCOUNT_DELETED -> {
        UUID accountId = UUID.fromString(event.getAccountDeleted().getAccountId());
        for (int id : event.getAccountDeleted().getDeviceIdsList()) {
          keys.purge(accountId, id);
        }
        directory.devices(accountId).keySet().forEach(id -> keys.purge(accountId, id));
        directory.removeAll(accountId);
        keys.deleteIdentity(accountId);
        log.info("purged every key of account {}", accountId);
      }
      default -> {
        // DeviceTokensRevoked and kinds newer than this build: nothing kept here depends on them.
      }
    }
  }
}
