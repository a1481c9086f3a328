package io.parley.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeviceAuthRecordTest {

  @Test
  void keyIsTheContractsHashTaggedKey() {
    assertThat(DeviceAuthRecord.key(UUID.fromString("7d3c1c3e-9a55-4d59-9c1f-1f0b1c2d3e4f"), 2))
        .isEqualTo("parley:device-auth:{7d3c1c3e-9a55-4d59-9c1f-1f0b1c2d3e4f:2}");
  }

  @Test
  void readsAndWritesTheHashFields() {
    DeviceAuthRecord record = new DeviceAuthRecord("i-1", Instant.ofEpochSecond(1795773600));

    assertThat(record.toHash()).isEqualTo(Map.of("incarnation", "i-1", "validSince", "1795773600"));
    assertThat(DeviceAuthRecord.fromHash(record.toHash())).contains(record);
  }

  @Test
  void anEmptyHashIsNoRecord() {
    assertThat(DeviceAuthRecord.fromHash(Map.of())).isEmpty();
  }

  @Test
  void refusesIncompleteOrIllFormedRecords() {
    assertThatThrownBy(() -> DeviceAuthRecord.fromHash(Map.of("validSince", "1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeviceAuthRecord.fromHash(Map.of("incarnation", "i")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> DeviceAuthRecord.fromHash(Map.of("incarnation", "i", "validSince", "soon")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> DeviceAuthRecord.fromHash(Map.of("incarnation", "i", "validSince", "1.5")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
