package io.parley.devstack.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One of Parley's six services as {@code ./parley} runs it: its module, jar and port. */
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

  int port(Map<String, String> env) {
    return Settings.intOr(env, portVariable(), defaultPort);
  }

  Path jar(Path home) {
    return home.resolve("services").resolve(name).resolve("target").resolve(name + ".jar");
  }
}
