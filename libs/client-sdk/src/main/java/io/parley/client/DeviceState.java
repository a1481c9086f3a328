package io.parley.client;

import io.parley.client.internal.Rest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who this device is and its key bookkeeping, in {@code device.json} (written whole to a temporary
 * file, forced, then renamed: a crash leaves the old or the new one). The refresh token rotates at
 * every use, so it is saved before the new access token is used.
 */
final class DeviceState {

  UUID accountId;
  int deviceId;
  String phoneNumber;
  String deviceName;
  String refreshToken;
  int nextPreKeyId;
  int nextKyberPreKeyId;
  int signedPreKeyId;
  long signedPreKeyCreatedAt;
  int lastResortKyberId;
  boolean keysUploaded;

  private final Path file;

  DeviceState(Path file) {
    this.file = file;
  }

  static boolean exists(Path directory) {
    return Files.exists(directory.resolve("device.json"));
  }

  static DeviceState load(Path directory) {
    Path file = directory.resolve("device.json");
    try {
      JsonNode n = Rest.JSON.readTree(Files.readString(file));
      DeviceState s = new DeviceState(file);
      s.accountId = UUID.fromString(n.path("accountId").asString());
      s.deviceId = n.path("deviceId").asInt();
      s.phoneNumber = n.path("phoneNumber").asString(null);
      s.deviceName = n.path("deviceName").asString(null);
      s.refreshToken = n.path("refreshToken").asString();
      s.nextPreKeyId = n.path("nextPreKeyId").asInt();
      s.nextKyberPreKeyId = n.path("nextKyberPreKeyId").asInt();
      s.signedPreKeyId = n.path("signedPreKeyId").asInt();
      s.signedPreKeyCreatedAt = n.path("signedPreKeyCreatedAt").asLong();
      s.lastResortKyberId = n.path("lastResortKyberId").asInt();
      s.keysUploaded = n.path("keysUploaded").asBoolean(true);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static DeviceState create(Path directory) {
    return new DeviceState(directory.resolve("device.json"));
  }

  /**
   * Creates an empty file readable by its owner only (where the file system has POSIX permissions):
   * the refresh token and message plaintext live in such files.
   */
  static void createOwnerOnly(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    try {
      Files.createFile(
          path,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(path);
    }
  }

  /** The device directory, readable by its owner only where POSIX permissions exist. */
  static void createDirectory(Path directory) {
    try {
      if (!Files.exists(directory)) {
        Files.createDirectories(directory);
        try {
          Files.setPosixFilePermissions(
              directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }

  void save() {
    ObjectNode n = Rest.JSON.createObjectNode();
    n.put("accountId", accountId.toString())
        .put("deviceId", deviceId)
        .put("phoneNumber", phoneNumber)
        .put("deviceName", deviceName)
        .put("refreshToken", refreshToken)
        .put("nextPreKeyId", nextPreKeyId)
        .put("nextKyberPreKeyId", nextKyberPreKeyId)
        .put("signedPreKeyId", signedPreKeyId)
        .put("signedPreKeyCreatedAt", signedPreKeyCreatedAt)
        .put("lastResortKyberId", lastResortKyberId)
        .put("keysUploaded", keysUploaded);
    Path temporary = file.resolveSibling("device.json.tmp");
    try {
      Files.deleteIfExists(temporary);
      createOwnerOnly(temporary);
      Files.write(temporary, Rest.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
