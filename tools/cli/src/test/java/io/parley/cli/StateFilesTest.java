package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {

  private static final UUID BOB = UUID.fromString("6f1c1a2e-8d0b-4c47-9a57-0c3f4e2b9d11");
  private static final UUID CAROL = UUID.fromString("0a6f2b1e-35d4-4c8e-8f0e-7d4a1c9b2e33");

  @TempDir Path temp;

  @Test
  void theContactListGrowsAndIsAlwaysSentWhole() {
    Contacts contacts = new Contacts(temp.resolve("contacts.txt"));
    assertThat(contacts.add(BOB)).containsExactly(BOB);
    assertThat(contacts.add(CAROL)).containsExactly(BOB, CAROL);
    assertThat(contacts.add(BOB)).containsExactly(BOB, CAROL);
    assertThat(new Contacts(temp.resolve("contacts.txt")).all()).containsExactly(BOB, CAROL);
  }

  @Test
  void aContactLineEditedIntoSomethingElseIsSkipped() throws Exception {
    Files.writeString(temp.resolve("contacts.txt"), "# friends\n" + BOB + "\nnot-an-id\n\n");
    assertThat(new Contacts(temp.resolve("contacts.txt")).add(CAROL)).containsExactly(BOB, CAROL);
  }

  @Test
  void aReadMarkOnlyMovesForwardAndSurvivesARestart() {
    Path file = temp.resolve("read-marks.properties");
    ReadMarks marks = new ReadMarks(file);
    Instant t1 = Instant.parse("2026-11-27T12:00:00Z");
    assertThat(marks.isUnread(BOB, t1)).isTrue();

    marks.advance(BOB, t1);
    marks.advance(BOB, t1.minusSeconds(60));

    ReadMarks again = new ReadMarks(file);
    assertThat(again.get(BOB)).isEqualTo(t1);
    assertThat(again.isUnread(BOB, t1)).isFalse();
    assertThat(again.isUnread(BOB, t1.plusMillis(1))).isTrue();
    assertThat(again.get(CAROL)).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aDeviceDirectoryIsHeldByOneClientAtATime() {
    Path dir = temp.resolve("alice");
    try (DeviceDirectory first = DeviceDirectory.lock(dir, true)) {
      assertThat(first.path()).isEqualTo(dir);
      assertThatThrownBy(() -> DeviceDirectory.lock(dir, false))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("another parley-cli is using " + dir);
    }
    try (DeviceDirectory again = DeviceDirectory.lock(dir, false)) {
      assertThat(again.path()).isEqualTo(dir);
    }
  }

  @Test
  void aNewDeviceDirectoryIsTheOwnersOnly() throws Exception {
    Path dir = temp.resolve("keys");
    try (DeviceDirectory held = DeviceDirectory.lock(dir, true)) {
      assertThat(held.path()).isDirectory();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
    }
  }
}
