package io.parley.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;

/**
 * Each overlay as {@code kubectl kustomize} renders it, against the services this build made: every
 * service deployed with its port, probes on the actuator groups, requests and limits, a
 * PodDisruptionBudget and topology spread; every variable naming a real setting; secrets only by
 * reference; only the edge reachable from outside; and the durability settings of Kafka and Redis.
 */
class KubernetesConfigIT {

  private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(String overlay) {
    return RENDERED.computeIfAbsent(
        overlay,
        o -> {
          List<Map<String, Object>> all = new ArrayList<>();
          for (Object doc : Deployments.yaml().loadAll(ParleyService.read(Deployments.render(o)))) {
            if (doc != null) {
              all.add((Map<String, Object>) doc);
            }
          }
          return all;
        });
  }

  private static List<Map<String, Object>> ofKind(String overlay, String kind) {
    return objects(overlay).stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  private static Map<String, Object> named(String overlay, String kind, String name) {
    return ofKind(overlay, kind).stream()
        .filter(o -> name.equals(at(o, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
  }

  /** The value at a path of map keys and list indexes, or null. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(step);
      } else if (current instanceof List<?> list && step instanceof Integer i && i < list.size()) {
        current = list.get(i);
      } else {
        return null;
      }
    }
    return (T) current;
  }

  /** {@link #at} when any value will do (an assertion on equality). */
  static Object node(Object node, Object... path) {
    return at(node, path);
  }

  private static List<Map<String, Object>> list(Object node) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) node;
    return list == null ? List.of() : list;
  }

  private static Map<String, Object> container(Map<String, Object> deployment) {
    return at(deployment, "spec", "template", "spec", "containers", 0);
  }

  /** Name → value of a container's env, ConfigMaps given by envFrom included (value or null). */
  private static Map<String, Object> environment(String overlay, Map<String, Object> container) {
    Map<String, Object> env = new HashMap<>();
    for (Map<String, Object> from : list(container.get("envFrom"))) {
      String configMap = at(from, "configMapRef", "name");
      assertThat(configMap).as("envFrom is a ConfigMap").isNotNull();
      env.putAll(at(named(overlay, "ConfigMap", configMap), "data"));
    }
    for (Map<String, Object> variable : list(container.get("env"))) {
      env.put((String) variable.get("name"), variable.get("value"));
    }
    return env;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void deploysEveryServiceWithItsPortProbesResourcesBudgetAndSpread(String overlay) {
    Set<String> health = Deployments.healthPaths();
    for (ParleyService service : Deployments.services()) {
      Map<String, Object> deployment = named(overlay, "Deployment", service.name());
      Map<String, Object> container = container(deployment);
      String what = overlay + " " + service.name();

      assertThat(list(container.get("ports")))
          .as(what + " container port")
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.get("containerPort")).isEqualTo(service.port());
                assertThat(p.get("name")).isEqualTo("http");
              });
      assertThat(environment(overlay, container))
          .as(what)
          .containsEntry("SERVER_PORT", String.valueOf(service.port()));
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        String path = at(container, probe, "httpGet", "path");
        assertThat(path).as(what + " " + probe).isIn(health);
        assertThat(node(container, probe, "httpGet", "port")).isEqualTo("http");
      }
      assertThat((String) at(container, "livenessProbe", "httpGet", "path"))
          .as(what + ": liveness must not follow Kafka or Redis")
          .isEqualTo("/actuator/health/liveness");
      assertThat((String) at(container, "readinessProbe", "httpGet", "path"))
          .isEqualTo("/actuator/health/readiness");
      for (String kind : List.of("requests", "limits")) {
        Map<String, Object> resources = at(container, "resources", kind);
        assertThat(resources).as(what + " " + kind).containsKeys("cpu", "memory");
      }
      assertThat(node(container, "lifecycle", "preStop")).as(what + " preStop").isNotNull();
      assertThat(
              (Boolean)
                  at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
          .isTrue();
      assertThat(list(at(deployment, "spec", "template", "spec", "topologySpreadConstraints")))
          .as(what + " topology spread")
          .extracting(c -> c.get("topologyKey"))
          .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
      assertThat(
              (String)
                  at(
                      deployment,
                      "spec",
                      "template",
                      "metadata",
                      "annotations",
                      "prometheus.io/path"))
          .isIn(health);

      Map<String, Object> svc = named(overlay, "Service", service.name());
      assertThat(list(at(svc, "spec", "ports")))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.get("port")).isEqualTo(service.port());
                assertThat(p.get("targetPort")).isEqualTo("http");
              });
      assertThat(node(svc, "spec", "selector"))
          .isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
      Map<String, Object> pdb = named(overlay, "PodDisruptionBudget", service.name());
      assertThat(node(pdb, "spec", "selector", "matchLabels"))
          .isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
    }
    assertThat(ofKind(overlay, "Deployment"))
        .as(overlay + ": the Deployments are the services")
        .hasSize(Deployments.services().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyVariableNamesASettingOfItsService(String overlay) {
    List<String> problems = new ArrayList<>();
    for (ParleyService service : Deployments.services()) {
      Map<String, Object> container = container(named(overlay, "Deployment", service.name()));
      problems.addAll(
          Deployments.environmentProblems(
              overlay + " " + service.name(), service, environment(overlay, container).keySet()));
      problems.addAll(
          Deployments.missingVariables(overlay, service, environment(overlay, container).keySet()));
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void holdsNoSecretValuesOnlyReferences(String overlay) {
    assertThat(ofKind(overlay, "Secret"))
        .as(overlay + ": Secrets are created by operators")
        .isEmpty();
    for (Map<String, Object> deployment : ofKind(overlay, "Deployment")) {
      for (Map<String, Object> variable : list(container(deployment).get("env"))) {
        String name = (String) variable.get("name");
        if (name.matches(".*(SECRET|TOKEN|PASSWORD|PRIVATEKEY|SERVICEACCOUNT|SIGNINGKEY)$")) {
          assertThat(variable)
              .as(overlay + " " + name + " is a reference to a Secret, never a value")
              .doesNotContainKey("value");
          assertThat(node(variable, "valueFrom", "secretKeyRef", "name")).isNotNull();
        }
      }
    }
    for (Map<String, Object> configMap : ofKind(overlay, "ConfigMap")) {
      Map<String, Object> data = at(configMap, "data");
      assertThat(data.keySet())
          .as(overlay + " ConfigMap " + at(configMap, "metadata", "name"))
          .noneMatch(k -> k.matches(".*(SECRET|TOKEN|PASSWORD).*"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void letsOnlyTheEdgeReceiveOutsideTraffic(String overlay) {
    for (Map<String, Object> ingress : ofKind(overlay, "Ingress")) {
      for (Map<String, Object> rule : list(at(ingress, "spec", "rules"))) {
        for (Map<String, Object> path : list(at(rule, "http", "paths"))) {
          assertThat((String) at(path, "backend", "service", "name")).isEqualTo("edge-service");
        }
      }
      // WebSocket sessions idle between STOMP heart-beats: the proxy must wait far longer.
      Duration heartbeat = heartbeat();
      for (String timeout :
          List.of(
              "nginx.ingress.kubernetes.io/proxy-read-timeout",
              "nginx.ingress.kubernetes.io/proxy-send-timeout")) {
        String seconds = at(ingress, "metadata", "annotations", timeout);
        assertThat(Duration.ofSeconds(Long.parseLong(seconds)))
            .as(timeout)
            .isGreaterThan(heartbeat.multipliedBy(3));
      }
    }
    for (Map<String, Object> service : ofKind(overlay, "Service")) {
      assertThat((String) at(service, "spec", "type"))
          .as("Services are internal; the Ingress is the way in")
          .isIn(null, "ClusterIP");
    }
    for (Map<String, Object> deployment : ofKind(overlay, "Deployment")) {
      assertThat(
              (String)
                  at(
                      deployment,
                      "spec",
                      "template",
                      "metadata",
                      "labels",
                      "app.kubernetes.io/part-of"))
          .as("every service pod is under the Parley NetworkPolicies")
          .isEqualTo("parley");
    }
    Map<String, Object> deny = named(overlay, "NetworkPolicy", "parley-default-deny");
    assertThat(node(deny, "spec", "podSelector", "matchLabels"))
        .isEqualTo(Map.of("app.kubernetes.io/part-of", "parley"));
    assertThat(list(at(deny, "spec", "ingress"))).isEmpty();
    assertThat(list(at(deny, "spec", "egress"))).isEmpty();
    List<String> policyTypes = at(deny, "spec", "policyTypes");
    assertThat(policyTypes).containsExactly("Ingress", "Egress");

    // Ingress from other namespaces: the Ingress controller, to the edge only; Prometheus.
    List<String> openToOutside = new ArrayList<>();
    for (Map<String, Object> policy : ofKind(overlay, "NetworkPolicy")) {
      for (Map<String, Object> rule : list(at(policy, "spec", "ingress"))) {
        for (Map<String, Object> peer : list(rule.get("from"))) {
          assertThat(peer).as("no ipBlock ingress").doesNotContainKey("ipBlock");
          String namespace =
              at(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name");
          if (peer.containsKey("namespaceSelector") && !"monitoring".equals(namespace)) {
            openToOutside.add(
                (String)
                    at(policy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name"));
          }
        }
      }
    }
    assertThat(openToOutside).containsOnly("edge-service").isNotEmpty();
  }

  @Test
  void runsTheDevProfileInDevAndTheProdProfileInProd() {
    assertThat(
            (String)
                at(named("dev", "ConfigMap", "parley-config"), "data", "SPRING_PROFILES_ACTIVE"))
        .isEqualTo("dev");
    assertThat(
            (String)
                at(named("prod", "ConfigMap", "parley-config"), "data", "SPRING_PROFILES_ACTIVE"))
        .isEqualTo("prod");
    for (String overlay : List.of("dev", "prod")) {
      for (Map<String, Object> deployment : ofKind(overlay, "Deployment")) {
        assertThat(environment(overlay, container(deployment)))
            .as("a Deployment must not set its own profile")
            .containsEntry(
                "SPRING_PROFILES_ACTIVE",
                at(named(overlay, "ConfigMap", "parley-config"), "data", "SPRING_PROFILES_ACTIVE"));
      }
    }
  }

  @Test
  void scalesTheEdgeOnSessionsAndDrainsItsSessionsOnShutdown() {
    Map<String, Object> hpa = named("prod", "HorizontalPodAutoscaler", "edge-service");
    assertThat(list(at(hpa, "spec", "metrics")))
        .extracting(m -> at(m, "pods", "metric", "name"))
        .contains("parley_edge_sessions");
    assertThat(list(at(hpa, "spec", "metrics")))
        .extracting(m -> at(m, "resource", "name"))
        .contains("cpu");
    assertThat((Integer) at(hpa, "spec", "behavior", "scaleDown", "stabilizationWindowSeconds"))
        .isGreaterThanOrEqualTo(300);
    for (Map<String, Object> other : ofKind("prod", "HorizontalPodAutoscaler")) {
      String target = at(other, "spec", "scaleTargetRef", "name");
      assertThat(node(named("prod", "Deployment", target), "spec", "replicas"))
          .as(target + ": the HPA owns the replica count, the Deployment must not set it")
          .isNull();
      Integer window = at(other, "spec", "behavior", "scaleDown", "stabilizationWindowSeconds");
      assertThat(window).as("scale-down stabilised").isNotNull().isPositive();
      assertThat((Integer) at(other, "spec", "maxReplicas"))
          .isLessThanOrEqualTo(
              "message-routing-service".equals(at(other, "metadata", "name")) ? 8 : 100);
    }

    Map<String, Object> edge = named("prod", "Deployment", "edge-service");
    ParleyService edgeService = ParleyService.named(Deployments.services(), "edge-service");
    Duration drain =
        DurationStyle.detectAndParse(
            String.valueOf(
                environment("prod", container(edge))
                    .getOrDefault(
                        "PARLEY_EDGE_SHUTDOWNDRAIN",
                        edgeService.defaults().getOrDefault("parley.edge.shutdown-drain", "10s"))));
    List<String> preStop = at(container(edge), "lifecycle", "preStop", "exec", "command");
    Duration preStopSleep = Duration.ofSeconds(Long.parseLong(preStop.get(preStop.size() - 1)));
    Duration graceful = Duration.ofSeconds(20); // spring.lifecycle.timeout-per-shutdown-phase
    Integer grace = at(edge, "spec", "template", "spec", "terminationGracePeriodSeconds");
    assertThat(Duration.ofSeconds(grace))
        .as("SIGKILL only after preStop, the session drain and the graceful shutdown")
        .isGreaterThanOrEqualTo(preStopSleep.plus(drain).plus(graceful));
  }

  @Test
  void prodKafkaIsReplicatedThreeTimesWithTwoInSyncAndEveryContractTopicDeclared() {
    Map<String, Object> kafka = ofKind("prod", "Kafka").get(0);
    Map<String, Object> config = at(kafka, "spec", "kafka", "config");
    assertThat(config)
        .containsEntry("default.replication.factor", 3)
        .containsEntry("min.insync.replicas", 2)
        .containsEntry("unclean.leader.election.enable", false)
        .containsEntry("offsets.topic.replication.factor", 3)
        .containsEntry("auto.create.topics.enable", false);
    int brokers =
        ofKind("prod", "KafkaNodePool").stream()
            .filter(p -> ((List<?>) at(p, "spec", "roles")).contains("broker"))
            .mapToInt(p -> (Integer) at(p, "spec", "replicas"))
            .sum();
    assertThat(brokers).isGreaterThanOrEqualTo(3);

    Map<String, Map<String, Object>> topics = new HashMap<>();
    for (Map<String, Object> topic : ofKind("prod", "KafkaTopic")) {
      topics.put(at(topic, "spec", "topicName"), topic);
    }
    for (var topic : Topics.ALL) {
      Map<String, Object> declared = topics.get(topic.name());
      assertThat(declared).as("KafkaTopic for " + topic.name()).isNotNull();
      assertThat((Integer) at(declared, "spec", "replicas")).isEqualTo(3);
      assertThat(node(declared, "spec", "config", "min.insync.replicas")).isEqualTo(2);
    }
    for (String readModelTopic : List.of(Topics.ACCOUNTS.name(), Topics.KEYS.name())) {
      assertThat(node(topics.get(readModelTopic), "spec", "config", "retention.ms"))
          .as(readModelTopic + " feeds read models rebuilt from the start: kept forever")
          .isEqualTo(-1);
    }

    Map<String, Object> env = at(named("prod", "ConfigMap", "parley-config"), "data");
    assertThat(env)
        .containsEntry(
            "SPRING_KAFKA_BOOTSTRAP_SERVERS",
            at(kafka, "metadata", "name") + "-kafka-bootstrap:9092")
        .containsEntry("PARLEY_KAFKA_REPLICATIONFACTOR", "3");
  }

  @Test
  void prodRedisIsAClusterThatFsyncsEveryWrite() {
    Map<String, Object> redis = ofKind("prod", "RedisCluster").get(0);
    assertThat((Boolean) at(redis, "spec", "persistenceEnabled")).isTrue();
    assertThat((Integer) at(redis, "spec", "clusterSize")).isGreaterThanOrEqualTo(3);
    assertThat((Integer) at(redis, "spec", "redisFollower", "replicas")).isPositive();
    String configMap = at(redis, "spec", "redisLeader", "redisConfig", "additionalRedisConfig");
    assertThat(node(redis, "spec", "redisFollower", "redisConfig", "additionalRedisConfig"))
        .isEqualTo(configMap);
    Map<String, String> redisConf = at(named("prod", "ConfigMap", configMap), "data");
    String conf = String.join("\n", redisConf.values());
    assertThat(conf).contains("appendonly yes").contains("appendfsync always");
    Map<String, Object> env = at(named("prod", "ConfigMap", "parley-config"), "data");
    assertThat(env)
        .containsEntry(
            "SPRING_DATA_REDIS_CLUSTER_NODES", at(redis, "metadata", "name") + "-leader:6379");
    assertThat((String) at(redis, "spec", "kubernetesConfig", "redisSecret", "name"))
        .as("the password the services read")
        .isEqualTo(
            at(
                list(container(named("prod", "Deployment", "edge-service")).get("env")).stream()
                    .filter(v -> "SPRING_DATA_REDIS_PASSWORD".equals(v.get("name")))
                    .findFirst()
                    .orElseThrow(),
                "valueFrom",
                "secretKeyRef",
                "name"));
  }

  @Test
  void devBringsItsOwnSingleNodeKafkaAndRedisWhereTheServicesLook() {
    Map<String, Object> env = at(named("dev", "ConfigMap", "parley-config"), "data");
    Map<String, Object> kafka = named("dev", "StatefulSet", "kafka");
    Map<String, Object> redis = named("dev", "StatefulSet", "redis");
    assertThat((String) at(container(kafka), "image")).startsWith("apache/kafka:");
    List<String> redisArgs = at(container(redis), "args");
    assertThat(String.join(" ", redisArgs))
        .contains("--appendonly yes")
        .contains("--appendfsync always");
    Set<String> endpoints = new LinkedHashSet<>();
    for (Map<String, Object> service : ofKind("dev", "Service")) {
      for (Map<String, Object> port : list(at(service, "spec", "ports"))) {
        endpoints.add(at(service, "metadata", "name") + ":" + port.get("port"));
      }
    }
    assertThat(endpoints)
        .contains(
            (String) env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"),
            env.get("SPRING_DATA_REDIS_HOST") + ":" + env.get("SPRING_DATA_REDIS_PORT"));
    assertThat(env).containsEntry("PARLEY_KAFKA_REPLICATIONFACTOR", "1");
    assertThat(ofKind("dev", "HorizontalPodAutoscaler")).isEmpty();
    assertThat(ofKind("dev", "Deployment"))
        .allSatisfy(d -> assertThat((Integer) at(d, "spec", "replicas")).isEqualTo(1));
  }

  private static Duration heartbeat() {
    ParleyService edge = ParleyService.named(Deployments.services(), "edge-service");
    return DurationStyle.detectAndParse(
        Objects.requireNonNullElse(edge.defaults().get("parley.edge.heartbeat"), "10s"));
  }
}
