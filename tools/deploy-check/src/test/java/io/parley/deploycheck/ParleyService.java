package io.parley.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.yaml.snakeyaml.Yaml;

/**
 * One of the services as this build made it: its name and port from its application.yml, and every
 * setting it has, read from its jar (the configuration metadata of the service and of each library
 * in it, Spring Boot's included, plus the keys of its application*.yml). A deployment's environment
 * variable is right only if it names one of these settings.
 */
record ParleyService(
    String name,
    int port,
    Path jar,
    Set<String> properties,
    Set<String> mapProperties,
    Map<String, String> defaults) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INDEX = Pattern.compile("_\\d+(?=_|$)");

  /** Every service under services/, in name order. */
  static List<ParleyService> all(Path root) {
    List<ParleyService> services = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root.resolve("services"))) {
      for (Path dir : dirs.sorted().toList()) {
        Path yml = dir.resolve("src/main/resources/application.yml");
        if (Files.exists(yml)) {
          services.add(load(dir, yml));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return services;
  }

  static ParleyService named(List<ParleyService> services, String name) {
    return services.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no service " + name));
  }

  private static ParleyService load(Path dir, Path applicationYml) {
    Map<String, Object> flat = new LinkedHashMap<>();
    for (Object doc : new Yaml().loadAll(read(applicationYml))) {
      flatten("", doc, flat);
    }
    String name = String.valueOf(flat.get("spring.application.name"));
    assertThat(dir.getFileName().toString())
        .as("directory and spring.application.name of " + dir)
        .isEqualTo(name);
    int port = Integer.parseInt(String.valueOf(flat.get("server.port")));
    Path jar = dir.resolve("target").resolve(name + ".jar");
    assertThat(jar)
        .as(
            "the jar `./mvnw package` makes for "
                + name
                + " (run ./mvnw -DskipTests package, or ./mvnw verify, first)")
        .exists();
    Set<String> properties = new TreeSet<>();
    Set<String> maps = new TreeSet<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    readJar(jar, properties, maps, defaults);
    return new ParleyService(name, port, jar, properties, maps, defaults);
  }

  /**
   * True if Spring binds {@code variable} to one of this service's settings: relaxed binding of
   * environment variables, upper case with {@code _} for {@code .}, and {@code -} either dropped
   * ({@code PARLEY_NODEID}) or as {@code _} ({@code PARLEY_NODE_ID}); list indexes as {@code _0_};
   * any key below a map-valued setting.
   */
  boolean binds(String variable) {
    String name = INDEX.matcher(variable).replaceAll("");
    for (String property : properties) {
      if (envForms(property).contains(name)) {
        return true;
      }
    }
    for (String map : mapProperties) {
      for (String form : envForms(map)) {
        if (name.startsWith(form + "_")) {
          return true;
        }
      }
    }
    return false;
  }

  static Set<String> envForms(String property) {
    String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
    return Set.copyOf(List.of(upper.replace("-", ""), upper.replace('-', '_')));
  }

  private static void readJar(
      Path jar, Set<String> properties, Set<String> maps, Map<String, String> defaults) {
    try (InputStream in = Files.newInputStream(jar);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        String path = entry.getName();
        if (path.startsWith("BOOT-INF/lib/") && path.endsWith(".jar")) {
          readLibrary(
              new ZipInputStream(new ByteArrayInputStream(zip.readAllBytes())),
              properties,
              maps,
              defaults);
        } else if (isMetadata(path.replaceFirst("^BOOT-INF/classes/", ""))) {
          readMetadata(zip.readAllBytes(), properties, maps, defaults);
        } else if (path.matches("BOOT-INF/classes/application(-[^/]+)?\\.ya?ml")) {
          Map<String, Object> flat = new LinkedHashMap<>();
          for (Object doc : new Yaml().loadAll(new String(zip.readAllBytes(), "UTF-8"))) {
            flatten("", doc, flat);
          }
          flat.keySet().forEach(key -> properties.add(key.replaceAll("\\[\\d+]", "")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readLibrary(
      ZipInputStream zip, Set<String> properties, Set<String> maps, Map<String, String> defaults)
      throws IOException {
    for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
      if (isMetadata(entry.getName())) {
        readMetadata(zip.readAllBytes(), properties, maps, defaults);
      }
    }
  }

  private static boolean isMetadata(String path) {
    return path.equals("META-INF/spring-configuration-metadata.json")
        || path.equals("META-INF/additional-spring-configuration-metadata.json");
  }

  private static void readMetadata(
      byte[] json, Set<String> properties, Set<String> maps, Map<String, String> defaults)
      throws IOException {
    JsonNode root = JSON.readTree(json);
    for (JsonNode property : root.path("properties")) {
      String name = property.path("name").asText();
      properties.add(name);
      if (property.hasNonNull("defaultValue") && property.get("defaultValue").isValueNode()) {
        defaults.put(name, property.get("defaultValue").asText());
      }
      String type = property.path("type").asText("");
      if (type.startsWith("java.util.Map<") || type.startsWith("java.util.Properties")) {
        maps.add(name);
      }
    }
  }

  @SuppressWarnings("unchecked")
  static void flatten(String prefix, Object node, Map<String, Object> out) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : ((Map<Object, Object>) map).entrySet()) {
        flatten(
            prefix.isEmpty() ? e.getKey().toString() : prefix + "." + e.getKey(),
            e.getValue(),
            out);
      }
    } else if (node instanceof List<?> list) {
      out.put(prefix, list);
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Map<?, ?>) {
          flatten(prefix + "[" + i + "]", list.get(i), out);
        }
      }
    } else if (!prefix.isEmpty()) {
      out.put(prefix, node);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of settings below {@code prefix}, for messages. */
  Set<String> near(String variable) {
    Set<String> near = new HashSet<>();
    String head = variable.contains("_") ? variable.substring(0, variable.lastIndexOf('_')) : "";
    for (String property : properties) {
      for (String form : envForms(property)) {
        if (!head.isEmpty() && form.startsWith(head)) {
          near.add(property);
        }
      }
    }
    return near;
  }
}
