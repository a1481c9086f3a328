package io.parley.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every object of both rendered overlays, and every compose file, against its schema, offline:
 * deploy/validate (Node: the kubernetes-models package for built-in kinds, the Strimzi and Redis
 * operator CRDs for theirs, the Compose Specification).
 */
class SchemaValidationIT {

  private static final Path ROOT = Deployments.root();
  private static final Path VALIDATE = ROOT.resolve("deploy/validate");

  private static Path node() {
    Path node = Deployments.require("node", "cannot validate manifests against their schemas");
    if (!Files.isDirectory(VALIDATE.resolve("node_modules/kubernetes-models"))) {
      String message =
          "deploy/validate has no node_modules: run `npm ci --ignore-scripts` there (.ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      System.out.println("SKIPPED: " + message);
      org.junit.jupiter.api.Assumptions.abort(message);
    }
    return node;
  }

  @Test
  void everyRenderedObjectAndComposeFileMatchesItsSchema() {
    Path node = node();
    Deployments.Result result =
        Deployments.run(
            VALIDATE,
            Map.of(),
            node.toString(),
            "validate.mjs",
            "--k8s",
            Deployments.render("dev").toString(),
            Deployments.render("prod").toString(),
            "--compose",
            ROOT.resolve("docker-compose.yml").toString(),
            ROOT.resolve("docker-compose.prod.yml").toString(),
            ROOT.resolve("docker-compose.observability.yml").toString());
    System.out.println(result.all());
    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.output()).containsPattern("validate: [1-9][0-9]* passed, 0 failed");
  }

  @Test
  void refusesAWrongTypeAnUnknownCustomResourceFieldAndAnUnknownComposeKey(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path node = node();
    String prod = Files.readString(Deployments.render("prod"));
    Path badType = dir.resolve("bad-type.yaml");
    Files.writeString(badType, prod.replaceFirst("failureThreshold: 36", "failureThreshold: many"));
    Path badCrd = dir.resolve("bad-crd.yaml");
    Files.writeString(badCrd, prod.replaceFirst("(?m)^(    version: .*)$", "$1\n    replicas: 3"));
    Path badCompose = dir.resolve("bad-compose.yml");
    Files.writeString(
        badCompose,
        Files.readString(ROOT.resolve("docker-compose.yml"))
            .replaceFirst("(?m)^(    restart: unless-stopped)$", "$1\n    restarts: always"));

    for (String[] args :
        new String[][] {
          {"--k8s", badType.toString()},
          {"--k8s", badCrd.toString()},
          {"--compose", badCompose.toString()}
        }) {
      Deployments.Result result =
          Deployments.run(VALIDATE, Map.of(), node.toString(), "validate.mjs", args[0], args[1]);
      assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.all()).isEqualTo(1);
      assertThat(result.output()).contains("FAIL ").containsPattern(", [1-9][0-9]* failed");
    }
  }
}
