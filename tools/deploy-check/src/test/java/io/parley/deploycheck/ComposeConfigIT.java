package io.parley.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and its overrides against the services this build made: every service is there
 * with its port, its build arguments and its health dependencies; only the edge is published; every
 * SPRING_*, PARLEY_*, MANAGEMENT_*, SERVER_* variable names a real setting of the service it is
 * given to; Redis and Kafka have the durability the mailbox and the events need.
 */
class ComposeConfigIT {

  private static final Path ROOT = Deployments.root();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String file) {
    return (Map<String, Object>) Deployments.yaml().load(ParleyService.read(ROOT.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return node == null ? Map.of() : (Map<String, Object>) node;
  }

  private static Map<String, Object> services(Map<String, Object> compose) {
    return map(compose.get("services"));
  }

  @Test
  void runsEveryServiceBuiltFromItsJarWithItsPortAndHealthyDependencies() {
    Map<String, Object> services = services(load("docker-compose.yml"));

    for (ParleyService service : Deployments.services()) {
      Map<String, Object> entry = map(services.get(service.name()));
      assertThat(entry).as(service.name() + " in docker-compose.yml").isNotEmpty();
      Map<String, Object> args = map(map(entry.get("build")).get("args"));
      assertThat(args)
          .as(service.name() + " build args (the Dockerfile copies services/<SERVICE>/target)")
          .containsEntry("SERVICE", service.name())
          .containsEntry("PORT", String.valueOf(service.port()));
      assertThat(map(entry.get("build")).get("dockerfile")).isEqualTo("Dockerfile");
      assertThat(map(entry.get("environment")))
          .as(service.name() + " must not move its port away from the health check")
          .doesNotContainKey("SERVER_PORT");
      Map<String, Object> dependsOn = map(entry.get("depends_on"));
      for (String infra : List.of("kafka", "redis")) {
        assertThat(map(dependsOn.get(infra)))
            .as(service.name() + " waits for " + infra)
            .containsEntry("condition", "service_healthy");
      }
      if (!service.name().equals("edge-service")) {
        assertThat(entry).as(service.name() + " publishes no port").doesNotContainKey("ports");
      }
    }
    assertThat(services.keySet())
        .containsExactlyInAnyOrderElementsOf(
            concat(
                Deployments.services().stream().map(ParleyService::name).toList(),
                List.of("kafka", "redis")));
  }

  @Test
  void publishesOnlyTheEdgeAndTheEdgeWaitsForTheServicesItRoutesTo() {
    Map<String, Object> services = services(load("docker-compose.yml"));
    ParleyService edge = ParleyService.named(Deployments.services(), "edge-service");

    List<String> published = new ArrayList<>();
    services.forEach(
        (name, entry) -> {
          if (map(entry).containsKey("ports")) {
            published.add(name);
          }
        });
    assertThat(published).containsExactly("edge-service");
    @SuppressWarnings("unchecked")
    List<String> ports = (List<String>) map(services.get("edge-service")).get("ports");
    assertThat(ports).singleElement().asString().endsWith(":" + edge.port());

    Map<String, Object> dependsOn = map(map(services.get("edge-service")).get("depends_on"));
    for (ParleyService service : Deployments.services()) {
      if (!service.equals(edge)) {
        assertThat(map(dependsOn.get(service.name())))
            .as("edge waits for " + service.name())
            .containsEntry("condition", "service_healthy");
      }
    }
  }

  @Test
  void everyVariableNamesASettingOfItsServiceInEveryComposeFile() {
    List<String> problems = new ArrayList<>();
    for (String file :
        List.of(
            "docker-compose.yml", "docker-compose.prod.yml", "docker-compose.observability.yml")) {
      Map<String, Object> services = services(load(file));
      for (ParleyService service : Deployments.services()) {
        Map<String, Object> env = map(map(services.get(service.name())).get("environment"));
        problems.addAll(
            Deployments.environmentProblems(file + " " + service.name(), service, env.keySet()));
        if (file.equals("docker-compose.yml")) {
          problems.addAll(Deployments.missingVariables(file, service, env.keySet()));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void pointsEveryServiceAtTheRightPortsOfTheOthers() {
    Map<String, Object> services = services(load("docker-compose.yml"));
    List<ParleyService> all = Deployments.services();
    for (ParleyService service : all) {
      Map<String, Object> env = map(map(services.get(service.name())).get("environment"));
      if (env.containsKey("PARLEY_SECURITY_JWKSURI")) {
        URI jwks = URI.create(String.valueOf(env.get("PARLEY_SECURITY_JWKSURI")));
        assertThat(jwks.getHost()).isEqualTo("auth-service");
        assertThat(jwks.getPort()).isEqualTo(ParleyService.named(all, "auth-service").port());
        assertThat(jwks.getPath()).isEqualTo("/.well-known/jwks.json");
      }
      assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
      assertThat(env.get("SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
      assertThat(env.get("SPRING_PROFILES_ACTIVE"))
          .as("the compose stack is the local development stack")
          .isEqualTo("dev");
    }
    Map<String, Object> edgeEnv = map(map(services.get("edge-service")).get("environment"));
    Map<String, String> upstreams =
        Map.of(
            "PARLEY_UPSTREAMS_AUTH", "auth-service",
            "PARLEY_UPSTREAMS_KEYS", "key-distribution-service",
            "PARLEY_UPSTREAMS_PRESENCE", "presence-service",
            "PARLEY_UPSTREAMS_PUSH", "push-notification-service");
    upstreams.forEach(
        (variable, target) -> {
          URI uri = URI.create(String.valueOf(edgeEnv.get(variable)));
          assertThat(uri.getHost()).as(variable).isEqualTo(target);
          assertThat(uri.getPort()).as(variable).isEqualTo(ParleyService.named(all, target).port());
        });
  }

  @Test
  void prodOverrideRunsTheProdProfileWithSecretsFromOutsideTheRepository() {
    Map<String, Object> prod = load("docker-compose.prod.yml");
    for (ParleyService service : Deployments.services()) {
      Map<String, Object> env = map(map(services(prod).get(service.name())).get("environment"));
      assertThat(env.get("SPRING_PROFILES_ACTIVE")).as(service.name()).isEqualTo("prod");
      env.forEach(
          (name, value) -> {
            if (name.matches(".*(SECRET|TOKEN|PASSWORD).*")) {
              assertThat(String.valueOf(value))
                  .as(name + " comes from the environment, never from this file")
                  .matches("\\$\\{[A-Z0-9_]+:\\?.+}");
            }
          });
    }
    assertThat(map(map(prod.get("secrets")).get("auth-signing-key")).get("file"))
        .asString()
        .startsWith("${");
  }

  @Test
  void redisFsyncsEveryWriteAndKafkaRunsKraftWithoutAutoCreatedTopics() {
    Map<String, Object> compose = load("docker-compose.yml");
    Map<String, Object> redis = map(services(compose).get("redis"));
    assertThat(String.join(" ", castList(redis.get("command"))))
        .contains("--appendonly yes")
        .contains("--appendfsync always");
    assertThat(castList(redis.get("volumes"))).anyMatch(v -> v.startsWith("redis-data:"));

    Map<String, Object> kafka = map(services(compose).get("kafka"));
    assertThat(String.valueOf(kafka.get("image"))).startsWith("apache/kafka:");
    Map<String, Object> env = map(kafka.get("environment"));
    assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES"))).contains("controller");
    assertThat(env).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    assertThat(castList(kafka.get("volumes"))).anyMatch(v -> v.startsWith("kafka-data:"));
    assertThat(map(compose.get("volumes")).keySet())
        .contains("kafka-data", "redis-data", "auth-state");
    for (Object volume : map(compose.get("volumes")).values()) {
      assertThat(map(volume)).as("named volumes").containsKey("name");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object node) {
    return (List<String>) node;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
