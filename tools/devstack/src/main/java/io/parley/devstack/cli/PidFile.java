package io.parley.devstack.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The pid and start time of a process {@code ./parley up} started. The start time guards against a
 * recycled pid: a process with the same pid but another start time is not ours.
 */
record PidFile(Path path) {

  void write(ProcessHandle process) throws IOException {
    Files.createDirectories(path.getParent());
    long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    Files.writeString(path, process.pid() + " " + started + "\n", StandardCharsets.UTF_8);
  }

  /** The live process this file names, if it still runs. */
  Optional<ProcessHandle> live() {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      String[] parts = Files.readString(path, StandardCharsets.UTF_8).trim().split("\\s+");
      long pid = Long.parseLong(parts[0]);
      long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0L;
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              p ->
                  started == 0L
                      || p.info().startInstant().map(Instant::toEpochMilli).orElse(started)
                          == started);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void delete() throws IOException {
    Files.deleteIfExists(path);
  }
}
