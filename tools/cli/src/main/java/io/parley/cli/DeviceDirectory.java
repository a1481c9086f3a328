package io.parley.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A device's state directory, held by this process alone: the SDK's files (keys, sessions, refresh
 * token, messages) must never be used by two processes at once, since the refresh token rotates at
 * every use and two processes would spend the same one. The lock ({@code cli.lock}) is released
 * when the process ends, however it ends.
 */
final class DeviceDirectory implements AutoCloseable {

  private final Path path;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DeviceDirectory(Path path, FileChannel lockChannel, FileLock lock) {
    this.path = path;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Takes the directory's lock, or fails saying another client has it. With {@code create}
   * (register, link) a missing directory is made, readable by the owner only since it will hold
   * private keys; without, a missing one is an error.
   */
  static DeviceDirectory lock(Path directory, boolean create) {
    Path path = directory.toAbsolutePath().normalize();
    try {
      if (!Files.isDirectory(path)) {
        if (!create) {
          throw new CliException(path + " does not exist");
        }
        Files.createDirectories(path);
        try {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system
        }
      }
      FileChannel channel =
          FileChannel.open(
              path.resolve("cli.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new CliException(
            "another parley-cli is using "
                + path
                + " (one process per device directory: quit the other one first)");
      }
      return new DeviceDirectory(path, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + path + ": " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  Contacts contacts() {
    return new Contacts(path.resolve("contacts.txt"));
  }

  ReadMarks readMarks() {
    return new ReadMarks(path.resolve("read-marks.properties"));
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // the lock goes with the process anyway
    }
  }
}
