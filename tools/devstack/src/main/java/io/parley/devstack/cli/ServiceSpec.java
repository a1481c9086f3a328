package io.parley.devstack.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of Parley's six services as {@code ./parley} runs it: its module, jar, port, and the settings
 * that apply to it alone ({@code PARLEY_EDGE_SERVICE_JVM_OPTS}, {@code
 * PARLEY_AUTH_SERVICE_PROFILES}, ...), so that a benchmark can give one service a bigger heap or an
 * extra profile without changing the others.
 */
record ServiceSpec(String name, int defaultPort) {

  static final List<ServiceSpec> ALL =
      List.of(
          new ServiceSpec("auth-service", 8081),
          new ServiceSpec("key-distribution-service", 8082),
          new ServiceSpec("message-routing-service", 8083),
          new ServiceSpec("presence-service", 8084),
          new ServiceSpec("push-notification-service", 8085),
          new ServiceSpec("edge-service", 8080));

  static ServiceSpec named(String name) {
    return ALL.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + name));
  }

  /** {@code PARLEY_EDGE_SERVICE_PORT} and so on. */
  String portVariable() {
    return "PARLEY_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
  }

  /** {@code PARLEY_EDGE_SERVICE_JVM_OPTS} and so on. */
  String jvmOptionsVariable() {
    return variable("JVM_OPTS");
  }

  /** {@code PARLEY_AUTH_SERVICE_PROFILES} and so on. */
  String profilesVariable() {
    return variable("PROFILES");
  }

  private String variable(String suffix) {
    return "PARLEY_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + suffix;
  }

  /**
   * The shared options ({@code PARLEY_SERVICE_JVM_OPTS}) followed by this service's own: HotSpot
   * takes the last of two {@code -Xmx}, so the service's own win.
   */
  List<String> jvmOptions(List<String> shared, Map<String, String> env) {
    List<String> options = new ArrayList<>(shared);
    options.addAll(Settings.split(env.getOrDefault(jvmOptionsVariable(), "")));
    return List.copyOf(options);
  }

  /** {@code dev}, then this service's extra profiles ({@code dev,bench}). */
  String activeProfiles(Map<String, String> env) {
    String extra = env.getOrDefault(profilesVariable(), "").trim();
    if (extra.isEmpty()) {
      return "dev";
    }
    if (!extra.matches("[A-Za-z0-9_-]+(\\s*,\\s*[A-Za-z0-9_-]+)*")) {
      throw new IllegalArgumentException(
          profilesVariable() + " must be comma-separated profile names, not '" + extra + "'");
    }
    return "dev," + extra.replaceAll("\\s", "");
  }

  int port(Map<String, String> env) {
    return Settings.intOr(env, portVariable(), defaultPort);
  }

  Path jar(Path home) {
    return home.resolve("services").resolve(name).resolve("target").resolve(name + ".jar");
  }
}
