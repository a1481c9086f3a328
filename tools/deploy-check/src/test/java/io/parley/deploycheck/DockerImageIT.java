package io.parley.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine here, so the Dockerfile is checked for what can be proved without one: it
 * packages exactly the jar `./mvnw package` builds for each service, and the layers it copies are
 * the layers Spring Boot's jar tool extracts from that jar; it runs as a non-root user on a Java 25
 * runtime, with a health check on a path the services answer.
 */
class DockerImageIT {

  private static final Path ROOT = Deployments.root();
  private static final String DOCKERFILE = ParleyService.read(ROOT.resolve("Dockerfile"));

  @Test
  void copiesTheJarMavenBuildsAndExactlyTheLayersItHas() {
    assertThat(DOCKERFILE)
        .contains("COPY services/${SERVICE}/target/${SERVICE}.jar app.jar")
        .contains("java -Djarmode=tools -jar app.jar extract --layers --launcher");
    List<String> copied = new ArrayList<>();
    Matcher m =
        Pattern.compile("COPY --from=layers /build/extracted/([a-z-]+)/").matcher(DOCKERFILE);
    while (m.find()) {
      copied.add(m.group(1));
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    for (ParleyService service : Deployments.services()) {
      Deployments.Result layers =
          Deployments.run(
              ROOT,
              Map.of(),
              java.toString(),
              "-Djarmode=tools",
              "-jar",
              service.jar().toString(),
              "list-layers");
      assertThat(layers.exitCode()).as(layers.all()).isZero();
      assertThat(copied)
          .as(service.name() + ": the Dockerfile copies the jar's layers, least changing first")
          .containsExactlyElementsOf(layers.output().lines().map(String::strip).toList());
    }
  }

  @Test
  void runsAsANonRootUserOnJava25WithAHealthCheckAndContainerMemorySettings() {
    assertThat(DOCKERFILE).contains("ARG JAVA_IMAGE=eclipse-temurin:25-jre");
    assertThat(DOCKERFILE).containsPattern("(?m)^USER 10001:10001$");
    assertThat(DOCKERFILE)
        .contains("-XX:MaxRAMPercentage=")
        .contains("-XX:+ExitOnOutOfMemoryError");
    Matcher health =
        Pattern.compile("HEALTHCHECK[^\\n]*\\n[^\\n]*GET (/\\S+) HTTP").matcher(DOCKERFILE);
    assertThat(health.find()).as("HEALTHCHECK asks a path").isTrue();
    assertThat(health.group(1)).isIn(Deployments.healthPaths()).isEqualTo("/readyz");
    assertThat(DOCKERFILE).contains("ENV SERVER_PORT=${PORT}");
    assertThat(ParleyService.read(ROOT.resolve(".dockerignore")))
        .contains("!services/*/target/*.jar");
  }
}
