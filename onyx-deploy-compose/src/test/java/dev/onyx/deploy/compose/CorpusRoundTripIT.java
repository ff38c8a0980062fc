package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.testsupport.Compose;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus round trip: every compose file of the project's sample corpus (30 real-world files and
 * compose-go's every-attribute fixture, kept at {@code ../shared/corpus} beside the repository and
 * copied into {@code src/test/resources/sample-corpus} so that a clone alone runs it) is loaded with {@link ComposeReader}, written with
 * {@link ComposeWriter}, and {@code docker compose config --format json} of the original and of ours
 * must be equal. Paths are comparable because the reader makes them absolute (as compose does) and
 * the written stack keeps the project name. Files listed in {@link #KNOWN_DIFFERENCES} (and in
 * README.md, "Compose reader: known differences") must fail in the documented way instead.
 *
 * <p>The corpus is found through the system property {@code onyx.corpus}, the environment variable
 * {@code ONYX_CORPUS}, {@code ../shared/corpus} beside the repository, else the copy in this
 * module's test resources.
 *
 * <p>A second corpus lives in this repository ({@code src/test/resources/corpus}, see its README.md and
 * SOURCES.tsv): unmodified self-hosting compose files of well-known projects, each with the {@code .env}
 * its upstream expects the user to create. Each is its own dynamic test with the same comparison; the
 * files that do not round-trip yet are listed in {@link #KNOWN_FAILURES} with the reason, and must still
 * fail with it (remove the entry when the file passes).
 */
@Tag("docker")
class CorpusRoundTripIT {
  /** Variables the README of the corpus says some files need. */
  private static final Map<String, String> CORPUS_ENV = Map.of(
      "S3_AWS_ACCESS_KEY_ID", "corpus-key", "S3_AWS_SECRET_ACCESS_KEY", "corpus-secret",
      "MINIO_ROOT_USER", "corpus-user", "MINIO_ROOT_PASSWORD", "corpus-password");

  /**
   * Corpus files the model cannot hold exactly, with the message part the reader must fail with
   * (none since SELinux relabel options are in the model: every corpus file round-trips).
   */
  static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

  /** The in-repository corpus, relative to the module's folder (where failsafe runs). */
  private static final Path IN_REPO_CORPUS = Path.of("src/test/resources/corpus");
  private static final Path SAMPLE_CORPUS = Path.of("src/test/resources/sample-corpus");

  /**
   * In-repository corpus files that do not round-trip today, each with a part of the reason it must
   * still fail with: the reader's or writer's message, {@code docker compose config} refusing our YAML,
   * or the first difference of the two configs. When a file passes, its entry must go.
   */
  static final Map<String, String> KNOWN_FAILURES = Map.of();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> everyCorpusFileRoundTrips() throws IOException {
    Path corpus = corpus();
    if (corpus == null) {
      return Stream.of(DynamicTest.dynamicTest("corpus", () -> Assumptions.abort(
          "compose corpus not found: set ONYX_CORPUS (or -Donyx.corpus) or put it at ../shared/corpus")));
    }
    if (!Compose.available()) {
      return Stream.of(DynamicTest.dynamicTest("corpus", () -> Assumptions.abort("docker compose is not available")));
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files = s.filter(p -> p.getFileName().toString().matches("(docker-)?compose\\.ya?ml")).sorted().toList();
    }
    assertThat(files).as("corpus files").hasSizeGreaterThanOrEqualTo(30);
    return files.stream().map(f -> {
      String rel = corpus.relativize(f).toString().replace('\\', '/');
      return DynamicTest.dynamicTest(rel, () -> roundTrip(f, rel));
    });
  }

  private void roundTrip(Path file, String rel) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(CORPUS_ENV);
    ComposeReader reader = ComposeReader.create().withEnvironment(env);
    String known = KNOWN_DIFFERENCES.get(rel);
    if (known != null) {
      assertThatThrownBy(() -> reader.read(file)).isInstanceOf(ComposeFormatException.class)
          .hasMessageContaining(known);
      return;
    }
    Stack stack = reader.read(file);
    String yaml = ComposeWriter.create().toYaml(stack);
    Path ours = Files.createDirectories(tmp.resolve(rel.replace('/', '_')));
    Files.writeString(ours.resolve("compose.yaml"), yaml);

    JsonNode expected = config(file.getParent(), CORPUS_ENV);
    JsonNode actual = config(ours, Map.of());
    List<String> diffs = new ArrayList<>();
    diff("", normalise(expected), normalise(actual), diffs);
    assertThat(diffs).as("differences of docker compose config for %s; our YAML:\n%s", rel, yaml).isEmpty();
    // what compose does not print (x- fields of services, volumes, networks...) is checked on the model
    assertThat(reader.read(ours.resolve("compose.yaml"))).as("our YAML read back").isEqualTo(stack);
  }

  /**
   * compose-go's own fixture that uses every attribute of the specification once
   * ({@code ../shared/corpus/spec/full-example.yml}), made into a project {@code docker compose
   * config} accepts. The fixture is deliberately inconsistent; these are the only changes, each the
   * smallest that makes it valid, so that every attribute stays:
   * <ul>
   *   <li>{@code network_mode: container:...} is removed: compose refuses it together with
   *       {@code networks} ("mutually exclusive"), and {@code networks} holds more attributes;</li>
   *   <li>{@code deploy.replicas: 6} becomes 1: compose refuses several replicas with a
   *       {@code container_name};</li>
   *   <li>the services {@code db} and {@code redis} ({@code depends_on}, {@code links}), the network
   *       {@code other-other-network} and the volume {@code datavolume} it uses are declared;</li>
   *   <li>the files it names ({@code config_data}, {@code secret_data}, the env and label files) are
   *       made beside it.</li>
   * </ul>
   */
  @Test
  void theSpecificationsFullExampleRoundTrips() throws IOException {
    Path corpus = corpus();
    Assumptions.assumeTrue(corpus != null && Files.isDirectory(corpus.resolve("spec")),
        "compose corpus with spec/full-example.yml not found");
    Assumptions.assumeTrue(Compose.available(), "docker compose is not available");
    Path project = Files.createDirectories(tmp.resolve("full-example"));
    try (Stream<Path> files = Files.list(corpus.resolve("spec"))) {
      for (Path f : files.toList()) {
        Files.copy(f, project.resolve(f.getFileName()));
      }
    }
    Files.writeString(project.resolve("config_data"), "config\n");
    Files.writeString(project.resolve("secret_data"), "secret\n");
    String text = Files.readString(project.resolve("full-example.yml"));
    String valid = replaceOnce(replaceOnce(replaceOnce(replaceOnce(replaceOnce(text,
        "    network_mode: \"container:0cfeab0f748b9a743dc3da582046357c6ef497631c1a016d28d2bf9b4f899f7b\"\n", ""),
        "      replicas: 6\n", "      replicas: 1\n"),
        "services:\n", "services:\n  db:\n    image: busybox\n  redis:\n    image: busybox\n"),
        "networks:\n  # Entries", "networks:\n  other-other-network:\n  # Entries"),
        "volumes:\n  # Entries", "volumes:\n  datavolume:\n  # Entries");
    Files.writeString(project.resolve("compose.yaml"), valid);
    Files.delete(project.resolve("full-example.yml"));

    ComposeReader reader = ComposeReader.create().withEnvironment(Map.of("HOME", System.getProperty("user.home")));
    Stack stack = reader.read(project.resolve("compose.yaml"));
    String yaml = ComposeWriter.create().toYaml(stack);
    Path ours = Files.createDirectories(tmp.resolve("full-example-ours"));
    Files.writeString(ours.resolve("compose.yaml"), yaml);

    List<String> diffs = new ArrayList<>();
    diff("", normalise(config(project, Map.of())), normalise(config(ours, Map.of())), diffs);
    assertThat(diffs).as("differences of docker compose config; our YAML:\n%s", yaml).isEmpty();
    assertThat(reader.read(ours.resolve("compose.yaml"))).as("our YAML read back").isEqualTo(stack);
    assertThat(stack.extensions()).containsKeys("x-bar", "x-foo", "x-nested");
    assertThat(stack.service("foo").orElseThrow().extensions()).containsEntry("x-bar", "baz");
    assertThat(stack.network("other-external-network").orElseThrow().extensions()).containsEntry("x-foo", "bar");
  }

  private static String replaceOnce(String text, String what, String with) {
    int at = text.indexOf(what);
    assertThat(at).as("the fixture still has %s", what).isNotNegative();
    return text.substring(0, at) + with + text.substring(at + what.length());
  }

  private static JsonNode config(Path dir, Map<String, String> env) throws IOException {
    Compose.Result r = Compose.run(dir, Duration.ofMinutes(2), env,
        List.of("--profile", "*", "config", "--format", "json"));
    assertThat(r.exitCode()).as("docker compose config in %s: %s", dir, r.stderr()).isZero();
    return JSON.readTree(r.stdout());
  }

  @TestFactory
  Stream<DynamicTest> everyInRepoCorpusFileRoundTripsOrFailsAsKnown() throws IOException {
    if (!Compose.available()) {
      return Stream.of(DynamicTest.dynamicTest("in-repo corpus", () -> Assumptions.abort("docker compose is not available")));
    }
    Path corpus = real(IN_REPO_CORPUS);
    List<String> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files = s.filter(p -> p.getFileName().toString().equals("compose.yaml"))
          .map(p -> corpus.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
    assertThat(files).as("in-repository corpus files").hasSizeGreaterThanOrEqualTo(15);
    assertThat(files).as("files named in KNOWN_FAILURES").containsAll(KNOWN_FAILURES.keySet());
    return files.stream().map(rel -> DynamicTest.dynamicTest(rel, () -> {
      String failure = roundTripFailure(corpus.resolve(rel), rel);
      String known = KNOWN_FAILURES.get(rel);
      if (known == null) {
        assertThat(failure).as("round trip of %s", rel).isNull();
      } else {
        assertThat(failure).as("%s is listed in KNOWN_FAILURES but round-trips now: remove its entry", rel)
            .isNotNull();
        assertThat(failure).as("%s fails for another reason than its KNOWN_FAILURES entry", rel).contains(known);
      }
    }));
  }

  /**
   * Round-trips one file of the in-repository corpus.
   *
   * @return null when the configs are equal, else the first reason it fails (the reader's or writer's
   *     message, compose refusing our YAML, or the differences, one per line)
   */
  private String roundTripFailure(Path file, String rel) throws IOException {
    String yaml;
    Stack stack;
    ComposeReader reader = ComposeReader.create().withEnvironment(pluginEnvironment());
    try {
      stack = reader.read(file);
      yaml = ComposeWriter.create().toYaml(stack);
    } catch (RuntimeException e) {
      return String.valueOf(e.getMessage());
    }
    Path ours = Files.createDirectories(tmp.resolve(rel.replace('/', '_')));
    Files.writeString(ours.resolve("compose.yaml"), yaml);
    JsonNode expected = config(file.getParent(), Map.of());
    List<String> args = List.of("--profile", "*", "config", "--format", "json");
    Compose.Result r = Compose.run(ours, Duration.ofMinutes(2), Map.of(), args);
    if (!r.ok()) {
      return "docker compose config refuses our YAML: " + r.stderr().strip() + "\nour YAML:\n" + yaml;
    }
    List<String> diffs = new ArrayList<>();
    diff("", normalise(expected), normalise(JSON.readTree(r.stdout())), diffs);
    if (!diffs.isEmpty()) {
      return String.join("\n", diffs) + "\nour YAML:\n" + yaml;
    }
    // what compose does not print (x- fields of services, volumes, networks...) is checked on the model
    return reader.read(ours.resolve("compose.yaml")).equals(stack) ? null : "our YAML reads back to another model";
  }

  /**
   * The variables {@code docker compose} sees: this process's, without {@code COMPOSE_*}. (The docker
   * CLI the tests run compose with, Debian's 20.10, passes the environment on as it is; newer CLIs
   * add their own {@code OTEL_RESOURCE_ATTRIBUTES} for every plugin.)
   */
  private static Map<String, String> pluginEnvironment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("COMPOSE_"));
    return env;
  }

  /**
   * Makes the two configs comparable where compose itself prints one meaning in two spellings (see
   * README.md, "Compose reader: known differences"); nothing else is normalised, so a long-syntax
   * bind without {@code create_host_path} or a volume without a {@code volume:} block must come back
   * as it was. A ulimit written as one number is the same as {@code {soft: n, hard: n}};
   * {@code healthcheck: {test: [NONE]}} is the same as {@code {disable: true}}; a network attachment
   * {@code {}} is the same as {@code null}; a {@code deploy} section holding only compose's empty
   * {@code resources: {}} and {@code placement: {}} is the same as none.
   */
  static JsonNode normalise(JsonNode config) {
    ObjectNode copy = config.deepCopy();
    JsonNode services = copy.get("services");
    if (services != null) {
      for (JsonNode s : services) {
        JsonNode networks = s.get("networks");
        if (networks instanceof ObjectNode n) {
          List<String> names = new ArrayList<>();
          n.fieldNames().forEachRemaining(names::add);
          for (String name : names) {
            if (n.get(name).isObject() && n.get(name).isEmpty()) {
              n.putNull(name);
            }
          }
        }
        JsonNode hc = s.get("healthcheck");
        if (hc instanceof ObjectNode h && h.size() == 1 && h.path("test").size() == 1
            && "NONE".equals(h.path("test").get(0).asText())) {
          h.removeAll();
          h.put("disable", true);
        }
        JsonNode deploy = s.get("deploy");
        if (deploy instanceof ObjectNode d) {
          for (String k : List.of("resources", "placement")) {
            if (d.path(k).isObject() && d.path(k).isEmpty()) {
              d.remove(k);
            }
          }
          if (d.isEmpty()) {
            ((ObjectNode) s).remove("deploy");
          }
        }
        JsonNode ulimits = s.get("ulimits");
        if (ulimits instanceof ObjectNode u) {
          List<String> names = new ArrayList<>();
          u.fieldNames().forEachRemaining(names::add);
          for (String n : names) {
            JsonNode v = u.get(n);
            if (v.isNumber()) {
              u.set(n, JSON.createObjectNode().put("soft", v.asLong()).put("hard", v.asLong()));
            }
          }
        }
      }
    }
    return copy;
  }

  static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a == null || b == null) {
      out.add(path + ": " + (a == null ? "missing in original, ours " + b : "original " + a + ", missing in ours"));
      return;
    }
    if (a.isObject() && b.isObject()) {
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        diff(path + "/" + k, a.get(k), b.get(k), out);
      }
      for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!a.has(k)) {
          diff(path + "/" + k, null, b.get(k), out);
        }
      }
      return;
    }
    if (a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        diff(path + "/" + i, a.get(i), b.get(i), out);
      }
      return;
    }
    if (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) {
      return;
    }
    if (!a.equals(b)) {
      out.add(path + ": original " + a + ", ours " + b);
    }
  }

  static Path corpus() {
    String configured = System.getProperty("onyx.corpus", System.getenv("ONYX_CORPUS"));
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isDirectory(p) ? real(p) : null;
    }
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/corpus").normalize();
      if (Files.isDirectory(candidate) && Files.exists(dir.resolve("mvnw"))) {
        return real(candidate);
      }
    }
    return Files.isDirectory(SAMPLE_CORPUS) ? real(SAMPLE_CORPUS) : null;
  }

  /**
   * The corpus's real path: {@code docker compose} runs inside each file's folder, where the working
   * directory is the real path, so a corpus reached through a symlink would otherwise give paths that
   * differ only in spelling.
   */
  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (java.io.IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
