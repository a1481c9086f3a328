package io.parley.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard, docs/operations.md's metrics table and the services' meters name the same
 * metrics: a meter renamed in code, or a panel querying a name nobody exports, fails here.
 */
class DashboardIT {

  private static final Path ROOT = Deployments.root();
  private static final Pattern PARLEY_SERIES = Pattern.compile("\\bparley_[a-z0-9_]+");
  private static final Pattern METER_IN_CODE =
      Pattern.compile("(?:builder|counter|timer|summary|gauge)\\(\\s*\"(parley\\.[a-z0-9_.]+)\"");
  private static final Pattern SUFFIX = Pattern.compile("_(total|bucket|sum|count|max|seconds)$");

  @Test
  void everyParleySeriesOnTheDashboardIsDocumentedAndEveryDocumentedOneIsShown() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/parley-dashboard.json").toFile());
    Set<String> shown = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        Matcher m = PARLEY_SERIES.matcher(target.path("expr").asText());
        while (m.find()) {
          shown.add(base(m.group()));
        }
      }
    }
    Set<String> documented = new TreeSet<>();
    Matcher m = PARLEY_SERIES.matcher(ParleyService.read(ROOT.resolve("docs/operations.md")));
    while (m.find()) {
      documented.add(base(m.group()));
    }
    assertThat(shown).isNotEmpty();
    assertThat(documented).containsAll(shown);
    assertThat(shown).containsAll(documented);
    assertThat(shown)
        .contains(
            "parley_edge_sessions",
            "parley_edge_messages_submitted",
            "parley_edge_messages_delivered",
            "parley_edge_messages_acknowledged",
            "parley_mailbox_depth",
            "parley_delivery_latency",
            "parley_push_sent");
    assertThat(ParleyService.read(ROOT.resolve("deploy/grafana/parley-dashboard.json")))
        .contains("kafka_consumer_fetch_manager_records_lag");
  }

  @Test
  void everyMeterTheServicesRegisterIsDocumented() {
    Set<String> documented = new TreeSet<>();
    Matcher doc = PARLEY_SERIES.matcher(ParleyService.read(ROOT.resolve("docs/operations.md")));
    while (doc.find()) {
      documented.add(base(doc.group()));
    }
    Set<String> inCode = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("services"))) {
      files
          .filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
          .forEach(
              p -> {
                Matcher meter = METER_IN_CODE.matcher(ParleyService.read(p));
                while (meter.find()) {
                  inCode.add(meter.group(1).replace('.', '_'));
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(inCode).as("meters registered in services/*/src/main").isNotEmpty();
    assertThat(documented).containsAll(inCode);
  }

  private static String base(String series) {
    String name = series;
    for (String previous = ""; !previous.equals(name); ) {
      previous = name;
      name = SUFFIX.matcher(name).replaceFirst("");
    }
    return name;
  }
}
