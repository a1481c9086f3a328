package io.parley.contracts;

import com.google.protobuf.Timestamp;
import io.parley.contracts.events.v1.DeviceAddress;
import io.parley.contracts.events.v1.EventMetadata;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Small helpers every producer needs to fill in the common parts of an event. */
public final class Events {

  private Events() {}

  /** Fresh metadata: a new event id, the clock's time, and who produced it. */
  public static EventMetadata metadata(Clock clock, String producer, String nodeId) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(timestamp(clock.instant()))
        .setProducer(producer)
        .setNodeId(nodeId)
        .build();
  }

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  public static DeviceAddress device(UUID accountId, int deviceId) {
    return DeviceAddress.newBuilder()
        .setAccountId(accountId.toString())
        .setDeviceId(deviceId)
        .build();
  }
}
