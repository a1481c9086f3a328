package io.parley.devstack.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where {@code ./parley} keeps its state ({@code .parley/}, or {@code PARLEY_STATE_DIR}) and which
 * ports and JVM options it uses.
 */
record Settings(
    Path home,
    Path state,
    int kafkaPort,
    int kafkaControllerPort,
    int redisPort,
    List<String> kafkaJvmOptions,
    List<String> serviceJvmOptions,
    int startTimeoutSeconds,
    Map<String, String> env) {

  static final String DEFAULT_SERVICE_JVM_OPTIONS =
      "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";
  static final String DEFAULT_KAFKA_JVM_OPTIONS = "-Xms256m -Xmx1g -XX:+UseG1GC";

  static Settings from(Path home, Map<String, String> env) {
    String stateDir = env.get("PARLEY_STATE_DIR");
    return new Settings(
        home,
        stateDir == null || stateDir.isBlank()
            ? home.resolve(".parley")
            : Path.of(stateDir).toAbsolutePath(),
        intOr(env, "PARLEY_KAFKA_PORT", 19092),
        intOr(env, "PARLEY_KAFKA_CONTROLLER_PORT", 19093),
        intOr(env, "PARLEY_REDIS_PORT", 16379),
        split(env.getOrDefault("PARLEY_KAFKA_JVM_OPTS", DEFAULT_KAFKA_JVM_OPTIONS)),
        split(env.getOrDefault("PARLEY_SERVICE_JVM_OPTS", DEFAULT_SERVICE_JVM_OPTIONS)),
        intOr(env, "PARLEY_START_TIMEOUT", 180),
        env);
  }

  Path kafkaDir() {
    return state().resolve("kafka");
  }

  Path redisDir() {
    return state().resolve("redis");
  }

  Path logs() {
    return state().resolve("logs");
  }

  PidFile pidFile(String component) {
    return new PidFile(state().resolve("run").resolve(component + ".pid"));
  }

  static int intOr(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed <= 0 || parsed > 65535) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a number from 1 to 65535, not '" + value + "'");
    }
  }

  static List<String> split(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
