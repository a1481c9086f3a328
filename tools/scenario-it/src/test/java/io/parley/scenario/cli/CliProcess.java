package io.parley.scenario.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./parley cli ...} process as a user in a terminal would run it: what it prints is
 * collected line by line as it comes (stdout and stderr together), what the user types goes to its
 * stdin.
 */
final class CliProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Writer input;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private CliProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(this::read, "output of " + name);
    reader.setDaemon(true);
    reader.start();
  }

  static CliProcess start(String name, Path root, Map<String, String> env, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("parley").toString());
    command.add("cli");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.redirectErrorStream(true);
    builder.environment().putAll(env);
    return new CliProcess(name, builder.start());
  }

  private void read() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** Types a line, as a user would, and presses Enter. */
  void type(String line) throws IOException {
    input.write(line + "\n");
    input.flush();
  }

  /** The end of the input (Ctrl-D). */
  void closeInput() throws IOException {
    input.close();
  }

  /** The first line containing {@code text}, waiting for it up to {@code timeout}. */
  String await(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (line.contains(text)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail(
              "%s printed no line containing [%s] within %d s; it printed:%n%s",
              name, text, timeout.toSeconds(), output());
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** Waits for the process to end; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .as("%s ended within %d s; it printed:%n%s", name, timeout.toSeconds(), output())
        .isTrue();
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return process.exitValue();
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
