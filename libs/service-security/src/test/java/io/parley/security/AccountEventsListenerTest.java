package io.parley.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.parley.contracts.Events;
import io.parley.contracts.Topics;
import io.parley.contracts.events.v1.AccountDeleted;
import io.parley.contracts.events.v1.AccountEvent;
import io.parley.contracts.events.v1.AccountRegistered;
import io.parley.contracts.events.v1.DeviceLinked;
import io.parley.contracts.events.v1.DeviceTokensRevoked;
import io.parley.contracts.events.v1.DeviceUnlinked;
import io.parley.contracts.events.v1.SessionEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which cached records each account event drops. */
class AccountEventsListenerTest {

  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();
  private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
  private final DeviceAuthCache cache =
      new DeviceAuthCache(
          (accountId, deviceId) -> {
            reads
                .computeIfAbsent(
                    DeviceAuthRecord.key(accountId, deviceId), k -> new AtomicInteger())
                .incrementAndGet();
            return Optional.empty();
          },
          Duration.ofHours(1));
  private final AccountEventsListener listener = new AccountEventsListener(cache);

  @BeforeEach
  void cacheThreeDevices() {
    cache.find(alice, 1);
    cache.find(alice, 2);
    cache.find(bob, 1);
    reads.clear();
  }

  /** The devices whose records the event made the cache read again. */
  private Set<String> evictedBy(Runnable event) {
    event.run();
    for (UUID account : List.of(alice, bob)) {
      for (int device : List.of(1, 2)) {
        if (!(account.equals(bob) && device == 2)) {
          cache.find(account, device);
        }
      }
    }
    return reads.keySet().stream().collect(Collectors.toSet());
  }

  private static AccountEvent.Builder event() {
    return AccountEvent.newBuilder()
        .setMetadata(Events.metadata(java.time.Clock.systemUTC(), "auth-service", "test"));
  }

  @Test
  void tokensRevokedDropsThatDevice() {
    AccountEvent event =
        event()
            .setDeviceTokensRevoked(
                DeviceTokensRevoked.newBuilder().setDevice(Events.device(alice, 2)))
            .build();

    assertThat(evictedBy(() -> listener.on(event))).containsExactly(DeviceAuthRecord.key(alice, 2));
  }

  @Test
  void unlinkedDropsThatDevice() {
    AccountEvent event =
        event()
            .setDeviceUnlinked(DeviceUnlinked.newBuilder().setDevice(Events.device(alice, 1)))
            .build();

    assertThat(evictedBy(() -> listener.on(event))).containsExactly(DeviceAuthRecord.key(alice, 1));
  }

  @Test
  void linkedDropsThatDeviceSoThatItsRememberedAbsenceIsForgotten() {
    AccountEvent event =
        event().setDeviceLinked(DeviceLinked.newBuilder().setDevice(Events.device(bob, 1))).build();

    assertThat(evictedBy(() -> listener.on(event))).containsExactly(DeviceAuthRecord.key(bob, 1));
  }

  @Test
  void accountDeletedDropsEveryDeviceOfTheAccount() {
    AccountEvent event =
        event()
            .setAccountDeleted(
                AccountDeleted.newBuilder().setAccountId(alice.toString()).addDeviceIds(1))
            .build();

    assertThat(evictedBy(() -> listener.on(event)))
        .containsExactlyInAnyOrder(DeviceAuthRecord.key(alice, 1), DeviceAuthRecord.key(alice, 2));
  }

  @Test
  void accountRegisteredDropsEveryDeviceOfTheAccount() {
    AccountEvent event =
        event()
            .setAccountRegistered(
                AccountRegistered.newBuilder()
                    .setAccountId(bob.toString())
                    .setPrimaryDeviceId(1)
                    .setReinstall(true))
            .build();

    assertThat(evictedBy(() -> listener.on(event))).containsExactly(DeviceAuthRecord.key(bob, 1));
  }

  @Test
  void anEventKindItDoesNotKnowDropsNothing() {
    assertThat(evictedBy(() -> listener.on(event().build()))).isEmpty();
  }

  @Test
  void anEventWithoutAValidDeviceDropsEverything() {
    AccountEvent event =
        event()
            .setDeviceTokensRevoked(
                DeviceTokensRevoked.newBuilder()
                    .setDevice(Events.device(alice, 2).toBuilder().setAccountId("nobody")))
            .build();

    assertThat(evictedBy(() -> listener.on(event))).hasSize(3);
  }

  @Test
  void aRecordItCannotReadDropsEverything() {
    ConsumerRecord<String, Message> notAnAccountEvent =
        new ConsumerRecord<>(
            Topics.ACCOUNTS.name(), 0, 7L, alice.toString(), SessionEvent.getDefaultInstance());

    assertThat(evictedBy(() -> listener.onMessage(notAnAccountEvent))).hasSize(3);
    reads.clear();
    assertThat(
            evictedBy(
                () ->
                    listener.onUnreadable(
                        new ConsumerRecord<>(Topics.ACCOUNTS.name(), 0, 8L, "k", null),
                        new IllegalStateException("undecodable"))))
        .hasSize(3);
  }

  @Test
  void newlyAssignedPartitionsDropEverything() {
    assertThat(
            evictedBy(
                () ->
                    listener.onPartitionsAssigned(
                        List.of(new TopicPartition("parley.accounts.v1", 0)))))
        .hasSize(3);
  }
}
