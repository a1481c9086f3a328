package io.parley.delivery;

import io.parley.devstack.ChildProcess;
import io.parley.devstack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Parley service run from the jar this build made, as a child process on its own port: what
 * {@code ./parley up} runs, so that {@link #kill()} is a real {@code kill -9}.
 */
final class ServiceProcess {

  static final Path HOME = Path.of("").toAbsolutePath().resolve("../..").normalize();

  private final String name;
  private final int port;
  private final ChildProcess child;
  private volatile ProcessHandle handle;

  ServiceProcess(String service, String name, List<String> args, Path logDir) {
    this.name = name;
    this.port = Ports.free();
    Path jar =
        HOME.resolve("services").resolve(service).resolve("target").resolve(service + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build with ./mvnw package first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms64m",
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss512k",
            "-jar",
            jar.toString(),
            "--server.port=" + port));
    command.addAll(args);
    this.child =
        new ChildProcess(name, command, logDir.resolve(name), logDir.resolve(name + ".log"), false);
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path log() {
    return child.logFile();
  }

  void start() {
    try {
      handle = child.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
    awaitReady(Duration.ofSeconds(120));
  }

  /** SIGKILL: no shutdown hook, no drain, no goodbye. */
  void kill() {
    if (handle != null) {
      ChildProcess.kill(handle);
    }
  }

  /** SIGTERM with a grace period: the service's own graceful shutdown. */
  void stop() {
    if (handle != null) {
      ChildProcess.stop(handle, Duration.ofSeconds(30));
    }
  }

  boolean isAlive() {
    return handle != null && handle.isAlive();
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(3))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!handle.isAlive()) {
        throw new IllegalStateException(
            name + " exited while starting:\n" + ChildProcess.tail(child.logFile(), 60));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    throw new IllegalStateException(
        name + " not ready within " + timeout + ":\n" + ChildProcess.tail(child.logFile(), 60));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return name + " on port " + port;
  }
}
