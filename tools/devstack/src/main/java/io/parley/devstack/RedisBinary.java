package io.parley.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} executable and its version: the one on PATH where there is one, else the
 * Redis 6.2 binary shipped inside {@code com.github.codemonstur:embedded-redis}, so that a machine
 * with only a JDK can still run Parley and its tests.
 */
public record RedisBinary(Path executable, Version version, Source source) {

  /** Where the binary came from. */
  public enum Source {
    PATH,
    EMBEDDED
  }

  /** A Redis version, comparable. */
  public record Version(int major, int minor, int patch) implements Comparable<Version> {
    @Override
    public int compareTo(Version other) {
      int c = Integer.compare(major, other.major);
      if (c == 0) {
        c = Integer.compare(minor, other.minor);
      }
      return c != 0 ? c : Integer.compare(patch, other.patch);
    }

    public boolean atLeast(int major, int minor) {
      return compareTo(new Version(major, minor, 0)) >= 0;
    }

    @Override
    public String toString() {
      return major + "." + minor + "." + patch;
    }
  }

  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final String EMBEDDED_LINUX_AMD64 = "/redis-server-6.2.6-v5-linux-amd64";
  private static final String EMBEDDED_LINUX_ARM64 = "/redis-server-6.2.7-linux-arm64";

  /** The binary on PATH if its version is at least {@code minimum}, else the embedded one. */
  public static RedisBinary resolve(Path extractDir, Version minimum) {
    return onPath()
        .filter(b -> b.version().compareTo(minimum) >= 0)
        .orElseGet(() -> embedded(extractDir));
  }

  /** {@code redis-server} from PATH, if any. */
  public static Optional<RedisBinary> onPath() {
    return findOnPath("redis-server")
        .map(path -> new RedisBinary(path, versionOf(path), Source.PATH));
  }

  /** The binary inside the embedded-redis jar, copied out to {@code extractDir}. */
  public static RedisBinary embedded(Path extractDir) {
    String arch = System.getProperty("os.arch", "");
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    if (!os.contains("linux")) {
      throw new IllegalStateException(
          "no redis-server on PATH, and the embedded Redis fallback is wired for Linux only:"
              + " install Redis 7 (for example `brew install redis`)");
    }
    String resource =
        arch.contains("aarch64") || arch.contains("arm64")
            ? EMBEDDED_LINUX_ARM64
            : EMBEDDED_LINUX_AMD64;
    Path target = extractDir.resolve(resource.substring(1));
    try (InputStream in = RedisBinary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no redis-server on PATH and the embedded-redis jar is not on the classpath");
      }
      Files.createDirectories(extractDir);
      if (!Files.isExecutable(target)) {
        Path tmp = Files.createTempFile(extractDir, "redis-server", ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the embedded redis-server", e);
    }
    return new RedisBinary(target, versionOf(target), Source.EMBEDDED);
  }

  /** {@code redis-cli} from PATH, needed to create a Redis Cluster. */
  public static Optional<Path> cliOnPath() {
    return findOnPath("redis-cli");
  }

  static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static Version versionOf(Path executable) {
    try {
      Process process =
          new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      Matcher m = VERSION.matcher(out);
      if (!m.find()) {
        throw new IllegalStateException(executable + " --version printed no version: " + out);
      }
      return new Version(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + executable, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + executable + " its version", e);
    }
  }
}
