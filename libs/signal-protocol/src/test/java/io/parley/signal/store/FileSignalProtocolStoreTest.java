package io.parley.signal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.signal.InvalidKeyIdException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.session.SessionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSignalProtocolStoreTest {

  private static final SignalProtocolAddress PEER = new SignalProtocolAddress("peer/../x ü", 3);

  private final SecureRandom random = new SecureRandom();

  @TempDir Path directory;

  @Test
  void keepsEverythingAcrossARestart() throws Exception {
    FileSignalProtocolStore first = FileSignalProtocolStore.open(directory, random);
    ECKeyPair identity = first.identityKeyPair();
    ECKeyPair peerIdentity = ECKeyPair.generate(random);
    PreKeyRecord preKey = PreKeyRecord.generate(11, random);
    SignedPreKeyRecord signed =
        SignedPreKeyRecord.generate(12, identity, Clock.systemUTC(), random);
    KyberPreKeyRecord kyber =
        KyberPreKeyRecord.generate(13, true, identity, Clock.systemUTC(), random);
    first.saveIdentity(PEER, peerIdentity.publicKey());
    first.storePreKey(11, preKey);
    first.storeSignedPreKey(12, signed);
    first.storeKyberPreKey(13, kyber);
    first.storeSession(PEER, new SessionRecord());

    FileSignalProtocolStore reopened = FileSignalProtocolStore.open(directory, random);

    assertThat(reopened.identityKeyPair().publicKey()).isEqualTo(identity.publicKey());
    assertThat(reopened.localRegistrationId()).isEqualTo(first.localRegistrationId());
    assertThat(reopened.identity(PEER)).isEqualTo(peerIdentity.publicKey());
    assertThat(reopened.loadPreKey(11).keyPair().publicKey())
        .isEqualTo(preKey.keyPair().publicKey());
    assertThat(reopened.loadSignedPreKey(12)).isEqualTo(signed);
    assertThat(reopened.loadSignedPreKeys()).containsExactly(signed);
    assertThat(reopened.loadKyberPreKey(13)).isEqualTo(kyber);
    assertThat(reopened.containsSession(PEER)).isTrue();
    assertThat(reopened.subDeviceSessions(PEER.name())).containsExactly(3);
    assertThat(
            reopened.isTrustedIdentity(
                PEER, ECKeyPair.generate(random).publicKey(), Direction.SENDING))
        .isFalse();
  }

  @Test
  void removesUsedKeysButKeepsTheLastResortKyberKey() throws Exception {
    FileSignalProtocolStore store = FileSignalProtocolStore.open(directory, random);
    ECKeyPair identity = store.identityKeyPair();
    store.storePreKey(1, PreKeyRecord.generate(1, random));
    store.storeKyberPreKey(
        2, KyberPreKeyRecord.generate(2, false, identity, Clock.systemUTC(), random));
    store.storeKyberPreKey(
        3, KyberPreKeyRecord.generate(3, true, identity, Clock.systemUTC(), random));

    store.removePreKey(1);
    store.markKyberPreKeyUsed(2);
    store.markKyberPreKeyUsed(3);

    FileSignalProtocolStore reopened = FileSignalProtocolStore.open(directory, random);
    assertThatThrownBy(() -> reopened.loadPreKey(1)).isInstanceOf(InvalidKeyIdException.class);
    assertThatThrownBy(() -> reopened.loadKyberPreKey(2)).isInstanceOf(InvalidKeyIdException.class);
    assertThat(reopened.loadKyberPreKey(3).lastResort()).isTrue();
  }

  @Test
  void leavesNoTemporaryFilesAndKeepsFilesPrivateToTheOwner() throws Exception {
    FileSignalProtocolStore store = FileSignalProtocolStore.open(directory, random);
    store.storeSession(PEER, new SessionRecord());
    store.storeSession(PEER, new SessionRecord());

    try (Stream<Path> files = Files.walk(directory)) {
      assertThat(files.filter(Files::isRegularFile))
          .isNotEmpty()
          .allSatisfy(
              file -> {
                assertThat(file.getFileName().toString()).doesNotEndWith(".tmp");
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                  assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                      .isEqualTo("rw-------");
                }
              });
    }
  }

  @Test
  void reportsACorruptSessionFileWithoutItsContent() throws Exception {
    FileSignalProtocolStore store = FileSignalProtocolStore.open(directory, random);
    store.storeSession(PEER, new SessionRecord());
    try (Stream<Path> files = Files.list(directory.resolve("sessions"))) {
      Path session = files.findFirst().orElseThrow();
      Files.write(session, new byte[] {9, 9, 9});
    }
    assertThatThrownBy(() -> store.loadSession(PEER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is corrupt");
  }

  @Test
  void refusesToCreateOverAnExistingIdentity() {
    FileSignalProtocolStore.open(directory, random);
    assertThatThrownBy(
            () -> FileSignalProtocolStore.create(directory, ECKeyPair.generate(random), 5))
        .isInstanceOf(IllegalStateException.class);
  }
}
