package io.parley.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server run as a child process with its output appended to a log file. It can be stopped
 * gracefully (SIGTERM, then SIGKILL after a grace period) or killed at once (SIGKILL), which is
 * what crash tests need.
 */
public final class ChildProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final List<String> command;
  private final Path workDir;
  private final Path logFile;
  private final boolean detached;

  /**
   * @param detached run the child in a session of its own, so that it outlives the launcher and a
   *     Ctrl-C in the launcher's terminal does not reach it ({@code ./parley up}); tests leave it
   *     attached
   */
  public ChildProcess(
      String name, List<String> command, Path workDir, Path logFile, boolean detached) {
    this.name = name;
    this.command = List.copyOf(command);
    this.workDir = workDir;
    this.logFile = logFile;
    this.detached = detached;
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** Starts the process; the caller waits for whatever readiness means for this server. */
  public ProcessHandle start() throws IOException {
    return launch().toHandle();
  }

  private Process launch() throws IOException {
    Files.createDirectories(workDir);
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    List<String> cmd = new ArrayList<>();
    if (detached && Files.isExecutable(SETSID)) {
      cmd.add(SETSID.toString());
    }
    cmd.addAll(command);
    return new ProcessBuilder(cmd)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** Runs the command to completion (one-off tools such as storage formatting); its exit code. */
  public int runToCompletion(Duration timeout) throws IOException, InterruptedException {
    Process process = launch();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill(process.toHandle());
      throw new IOException(name + " did not finish within " + timeout);
    }
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL if the process is still alive after {@code grace}. */
  public static void stop(ProcessHandle handle, Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    if (!awaitExit(handle, grace)) {
      kill(handle);
    }
  }

  /** SIGKILL: the process gets no chance to flush or close anything. */
  public static void kill(ProcessHandle handle) {
    handle.destroyForcibly();
    awaitExit(handle, Duration.ofSeconds(30));
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    }
  }

  /** The last {@code lines} lines of the log, for error messages. */
  public static String tail(Path logFile, int lines) {
    try {
      if (!Files.exists(logFile)) {
        return "(no log at " + logFile + ")";
      }
      List<String> all = Files.readAllLines(logFile, java.nio.charset.StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
