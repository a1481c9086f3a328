package io.parley.signal.store;

import io.parley.signal.InvalidKeyException;
import io.parley.signal.InvalidKeyIdException;
import io.parley.signal.InvalidMessageException;
import io.parley.signal.SignalProtocolAddress;
import io.parley.signal.internal.Binary;
import io.parley.signal.keys.ECKeyPair;
import io.parley.signal.keys.ECPrivateKey;
import io.parley.signal.keys.ECPublicKey;
import io.parley.signal.session.SessionRecord;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A store in a directory, one file per identity, session and prekey, that survives a restart. Each
 * write goes to a temporary file which is flushed to disk and then renamed over the old one, so a
 * crash leaves either the old or the new content, never half of one. Files are readable by their
 * owner only where the file system has POSIX permissions. Same trust policy as {@link
 * InMemorySignalProtocolStore}. Thread-safe within one process; one process per directory.
 *
 * <pre>
 * identity                     our key pair and registration id
 * identities/NAME.DEVICE       trusted peer identity keys (NAME base64url)
 * sessions/NAME.DEVICE         session records
 * prekeys/ID  signed-prekeys/ID  kyber-prekeys/ID
 * </pre>
 */
public final class FileSignalProtocolStore implements SignalProtocolStore {

  private static final int IDENTITY_FORMAT = 1;

  private final Path directory;
  private final ECKeyPair identityKeyPair;
  private final int registrationId;

  private FileSignalProtocolStore(Path directory, ECKeyPair identityKeyPair, int registrationId) {
    this.directory = directory;
    this.identityKeyPair = identityKeyPair;
    this.registrationId = registrationId;
  }

  /**
   * Opens the store in {@code directory}, creating it with a new identity key pair and a random
   * registration id (1 to 16380, as Signal clients) if it has none yet.
   */
  public static FileSignalProtocolStore open(Path directory, SecureRandom random) {
    Objects.requireNonNull(directory, "directory");
    Path identityFile = directory.resolve("identity");
    if (!Files.exists(identityFile)) {
      ECKeyPair identity = ECKeyPair.generate(random);
      return create(directory, identity, 1 + random.nextInt(16380));
    }
    try {
      DataInputStream in = Binary.reader(Files.readAllBytes(identityFile));
      if (in.readByte() != IDENTITY_FORMAT) {
        throw new IllegalStateException(identityFile + " has an unknown format");
      }
      int registrationId = in.readInt();
      ECKeyPair identity = ECKeyPair.of(ECPrivateKey.deserialize(Binary.readBytes(in)));
      return new FileSignalProtocolStore(directory, identity, registrationId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + identityFile, e);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(identityFile + " holds an invalid key", e);
    }
  }

  /**
   * Creates a store in {@code directory} with the given identity.
   *
   * @throws IllegalStateException if the directory already holds an identity
   */
  public static FileSignalProtocolStore create(
      Path directory, ECKeyPair identityKeyPair, int registrationId) {
    FileSignalProtocolStore store =
        new FileSignalProtocolStore(directory, identityKeyPair, registrationId);
    Path identityFile = directory.resolve("identity");
    if (Files.exists(identityFile)) {
      throw new IllegalStateException(identityFile + " exists: open the store instead");
    }
    store.write(
        identityFile,
        Binary.write(
            out -> {
              out.writeByte(IDENTITY_FORMAT);
              out.writeInt(registrationId);
              Binary.writeBytes(out, identityKeyPair.privateKey().serialize());
            }));
    return store;
  }

  @Override
  public ECKeyPair identityKeyPair() {
    return identityKeyPair;
  }

  @Override
  public int localRegistrationId() {
    return registrationId;
  }

  @Override
  public synchronized boolean saveIdentity(SignalProtocolAddress address, ECPublicKey identityKey) {
    ECPublicKey previous = identity(address);
    if (identityKey.equals(previous)) {
      return false;
    }
    write(file("identities", address), identityKey.serialize());
    return previous != null;
  }

  @Override
  public synchronized boolean isTrustedIdentity(
      SignalProtocolAddress address, ECPublicKey identityKey, Direction direction) {
    ECPublicKey known = identity(address);
    return known == null || known.equals(identityKey);
  }

  @Override
  public synchronized ECPublicKey identity(SignalProtocolAddress address) {
    byte[] bytes = read(file("identities", address));
    try {
      return bytes == null ? null : ECPublicKey.deserialize(bytes);
    } catch (InvalidKeyException e) {
      throw corrupt(file("identities", address), e);
    }
  }

  @Override
  public synchronized SessionRecord loadSession(SignalProtocolAddress address) {
    byte[] bytes = read(file("sessions", address));
    try {
      return bytes == null ? null : SessionRecord.deserialize(bytes);
    } catch (InvalidMessageException e) {
      throw corrupt(file("sessions", address), e);
    }
  }

  @Override
  public synchronized void storeSession(SignalProtocolAddress address, SessionRecord record) {
    write(file("sessions", address), record.serialize());
  }

  @Override
  public synchronized boolean containsSession(SignalProtocolAddress address) {
    return Files.exists(file("sessions", address));
  }

  @Override
  public synchronized void deleteSession(SignalProtocolAddress address) {
    delete(file("sessions", address));
  }

  @Override
  public synchronized List<Integer> subDeviceSessions(String name) {
    String prefix = encode(name) + ".";
    List<Integer> devices = new ArrayList<>();
    Path sessions = directory.resolve("sessions");
    if (!Files.isDirectory(sessions)) {
      return devices;
    }
    try (Stream<Path> files = Files.list(sessions)) {
      files
          .map(path -> path.getFileName().toString())
          .filter(fileName -> fileName.startsWith(prefix))
          .map(fileName -> fileName.substring(prefix.length()))
          .filter(device -> device.matches("-?\\d+"))
          .forEach(device -> devices.add(Integer.parseInt(device)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sessions, e);
    }
    return devices;
  }

  @Override
  public synchronized PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    Path path = file("prekeys", preKeyId);
    byte[] bytes = InMemorySignalProtocolStore.require(read(path), "one-time prekey", preKeyId);
    try {
      return PreKeyRecord.deserialize(bytes);
    } catch (InvalidKeyException e) {
      throw corrupt(path, e);
    }
  }

  @Override
  public synchronized void storePreKey(int preKeyId, PreKeyRecord record) {
    write(file("prekeys", preKeyId), record.serialize());
  }

  @Override
  public synchronized boolean containsPreKey(int preKeyId) {
    return Files.exists(file("prekeys", preKeyId));
  }

  @Override
  public synchronized void removePreKey(int preKeyId) {
    delete(file("prekeys", preKeyId));
  }

  @Override
  public synchronized SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId)
      throws InvalidKeyIdException {
    Path path = file("signed-prekeys", signedPreKeyId);
    byte[] bytes = InMemorySignalProtocolStore.require(read(path), "signed prekey", signedPreKeyId);
    try {
      return SignedPreKeyRecord.deserialize(bytes);
    } catch (InvalidKeyException e) {
      throw corrupt(path, e);
    }
  }

  @Override
  public synchronized List<SignedPreKeyRecord> loadSignedPreKeys() {
    List<SignedPreKeyRecord> records = new ArrayList<>();
    Path folder = directory.resolve("signed-prekeys");
    if (!Files.isDirectory(folder)) {
      return records;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path path : files.filter(p -> !p.getFileName().toString().endsWith(".tmp")).toList()) {
        records.add(SignedPreKeyRecord.deserialize(Files.readAllBytes(path)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    } catch (InvalidKeyException e) {
      throw corrupt(folder, e);
    }
    return records;
  }

  @Override
  public synchronized void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    write(file("signed-prekeys", signedPreKeyId), record.serialize());
  }

  @Override
  public synchronized boolean containsSignedPreKey(int signedPreKeyId) {
    return Files.exists(file("signed-prekeys", signedPreKeyId));
  }

  @Override
  public synchronized void removeSignedPreKey(int signedPreKeyId) {
    delete(file("signed-prekeys", signedPreKeyId));
  }

  @Override
  public synchronized KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId)
      throws InvalidKeyIdException {
    Path path = file("kyber-prekeys", kyberPreKeyId);
    byte[] bytes = InMemorySignalProtocolStore.require(read(path), "Kyber prekey", kyberPreKeyId);
    try {
      return KyberPreKeyRecord.deserialize(bytes);
    } catch (InvalidKeyException e) {
      throw corrupt(path, e);
    }
  }

  @Override
  public synchronized void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    write(file("kyber-prekeys", kyberPreKeyId), record.serialize());
  }

  @Override
  public synchronized boolean containsKyberPreKey(int kyberPreKeyId) {
    return Files.exists(file("kyber-prekeys", kyberPreKeyId));
  }

  @Override
  public synchronized void markKyberPreKeyUsed(int kyberPreKeyId) {
    try {
      if (!loadKyberPreKey(kyberPreKeyId).lastResort()) {
        delete(file("kyber-prekeys", kyberPreKeyId));
      }
    } catch (InvalidKeyIdException e) {
      // already gone: nothing to mark
    }
  }

  private Path file(String folder, SignalProtocolAddress address) {
    return directory.resolve(folder).resolve(encode(address.name()) + "." + address.deviceId());
  }

  private Path file(String folder, int id) {
    return directory.resolve(folder).resolve(Integer.toString(id));
  }

  private static String encode(String name) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Temporary file, fsync, atomic rename: a crash leaves the old or the new file. */
  private void write(Path path, byte[] bytes) {
    Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      createPrivateDirectories(path.getParent());
      try (var channel =
          Files.newByteChannel(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        restrictToOwner(temporary);
        channel.write(java.nio.ByteBuffer.wrap(bytes));
        ((java.nio.channels.FileChannel) channel).force(true);
      }
      try {
        Files.move(
            temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  private static void createPrivateDirectories(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    try {
      Files.createDirectories(folder);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(folder + " exists and is not a directory", e);
    }
    restrictToOwner(folder);
  }

  private static void restrictToOwner(Path path) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          path,
          PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }
  }

  private static IllegalStateException corrupt(Path path, Exception cause) {
    return new IllegalStateException(path + " is corrupt", cause);
  }
}
