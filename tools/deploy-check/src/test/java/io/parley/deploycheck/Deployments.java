package io.parley.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.runtime.ParleyDefaultsEnvironmentPostProcessor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** What the deployment checks share: the repository, the services, tools on the PATH. */
final class Deployments {

  /** Variables the images read themselves, not Spring: allowed in any deployment. */
  static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS");

  /** Prefixes of variables that Spring binds to settings: each must name a real one. */
  static final List<String> SPRING_PREFIXES =
      List.of("SPRING_", "PARLEY_", "MANAGEMENT_", "SERVER_", "LOGGING_");

  private static List<ParleyService> services;

  private Deployments() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (with docker-compose.yml)").isNotNull();
    return dir;
  }

  static synchronized List<ParleyService> services() {
    if (services == null) {
      services = ParleyService.all(root());
    }
    return services;
  }

  /**
   * The HTTP paths every service answers for health and metrics, derived from the shared defaults
   * of libs/service-runtime (so a change there shows here).
   */
  static Set<String> healthPaths() {
    StandardEnvironment environment = new StandardEnvironment();
    new ParleyDefaultsEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());
    Set<String> exposed =
        Set.of(environment.getProperty("management.endpoints.web.exposure.include").split(","));
    assertThat(exposed).contains("health", "prometheus");
    Set<String> paths = new LinkedHashSet<>(List.of("/actuator/health", "/actuator/prometheus"));
    if (environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class)) {
      paths.add("/actuator/health/liveness");
      paths.add("/actuator/health/readiness");
      if (environment.getProperty(
          "management.endpoint.health.probes.add-additional-paths", Boolean.class)) {
        paths.add("/livez");
        paths.add("/readyz");
      }
    }
    assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
        .as("readiness follows Kafka and Redis")
        .contains("kafka", "redis");
    return paths;
  }

  /**
   * Problems with one workload's environment: a Spring-bound variable that names no setting of the
   * service, or a variable outside the known families.
   */
  static List<String> environmentProblems(
      String where, ParleyService service, Iterable<String> variables) {
    List<String> problems = new ArrayList<>();
    for (String variable : variables) {
      if (IMAGE_VARIABLES.contains(variable)) {
        continue;
      }
      if (SPRING_PREFIXES.stream().noneMatch(variable::startsWith)) {
        problems.add(
            where + ": " + variable + " is neither a Spring setting nor an image variable");
      } else if (!service.binds(variable)) {
        problems.add(
            where
                + ": "
                + variable
                + " names no setting of "
                + service.name()
                + " (settings near it: "
                + service.near(variable)
                + ")");
      }
    }
    return problems;
  }

  /**
   * Variables a deployment must give a service, or it would look for its servers on localhost: its
   * profile, Kafka, Redis, auth-service's keys if it verifies tokens (libs/service-security), and
   * the edge's upstream services.
   */
  static List<String> missingVariables(
      String where, ParleyService service, java.util.Collection<String> variables) {
    List<String> required =
        new ArrayList<>(List.of("SPRING_PROFILES_ACTIVE", "SPRING_KAFKA_BOOTSTRAP_SERVERS"));
    if (service.properties().contains("parley.security.jwks-uri")) {
      required.add("PARLEY_SECURITY_JWKSURI");
    }
    for (String property : service.properties()) {
      if (property.startsWith("parley.upstreams.")) {
        required.add(
            property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace("-", ""));
      }
    }
    List<String> missing = new ArrayList<>();
    for (String variable : required) {
      if (!variables.contains(variable)) {
        missing.add(where + ": " + service.name() + " needs " + variable);
      }
    }
    if (!variables.contains("SPRING_DATA_REDIS_HOST")
        && !variables.contains("SPRING_DATA_REDIS_CLUSTER_NODES")) {
      missing.add(
          where + ": " + service.name() + " needs SPRING_DATA_REDIS_HOST or _CLUSTER_NODES");
    }
    return missing;
  }

  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(200);
    options.setAllowDuplicateKeys(false);
    return new Yaml(options);
  }

  /** A command on the PATH, if any. */
  static Optional<Path> onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * The command, or a skipped test saying why; on CI (CI=true) a missing tool is a failure, since
   * .ci/run installs what these checks need.
   */
  static Path require(String command, String why) {
    Optional<Path> found = onPath(command);
    if (found.isEmpty()) {
      String message = command + " is not on the PATH: " + why;
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + " (.ci/run must install it)");
      }
      System.out.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
    return found.get();
  }

  /** What a command printed: standard output, and standard error apart from it. */
  record Result(int exitCode, String output, String errors) {
    String all() {
      return output + errors;
    }
  }

  static Result run(Path workDir, Map<String, String> env, String... command) {
    try {
      Path errors = Files.createTempFile("deploy-check", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).directory(workDir.toFile()).redirectError(errors.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return new Result(
            process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errors));
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code kubectl kustomize} of an overlay, written under target/ for the schema check. */
  static synchronized Path render(String overlay) {
    Path kubectl = require("kubectl", "cannot render k8s/overlays/" + overlay);
    Path out = root().resolve("tools/deploy-check/target/rendered-" + overlay + ".yaml");
    Result result =
        run(
            root(),
            Map.of(),
            kubectl.toString(),
            "kustomize",
            root().resolve("k8s/overlays/" + overlay).toString());
    assertThat(result.exitCode())
        .as("kubectl kustomize " + overlay + ":\n" + result.errors())
        .isZero();
    try {
      Files.createDirectories(out.getParent());
      Files.writeString(out, result.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
