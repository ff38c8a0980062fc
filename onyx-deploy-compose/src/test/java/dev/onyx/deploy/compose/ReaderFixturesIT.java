package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.testsupport.Compose;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reader against the real {@code docker compose} on our own fixtures
 * ({@code src/test/resources/reader-fixtures}): multi-file overrides, extends, include, every
 * interpolation operator, short and long syntax. For each, {@code docker compose config --format json}
 * of the fixture must equal that of what {@link ComposeWriter} writes from the stack
 * {@link ComposeReader} read — so the reader follows compose's own merge and interpolation rules.
 */
@Tag("docker")
class ReaderFixturesIT {
  private static final Map<String, String> ENV = Map.of("API_KEY", "fixture-key", "SLEEP", "7");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @BeforeAll
  static void composeIsThere() {
    Assumptions.assumeTrue(Compose.available(), "docker compose is not available");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "override, compose.yaml compose.override.yaml",
      "extends, compose.yaml",
      "include, compose.yaml",
      "interpolation, compose.yaml",
      "syntax, compose.yaml"})
  void readerAgreesWithCompose(String fixture, String files) throws IOException, URISyntaxException {
    Path dir = Path.of(ReaderFixturesIT.class.getResource("/reader-fixtures/" + fixture + "/compose.yaml").toURI()).getParent();
    List<Path> paths = new ArrayList<>();
    List<String> args = new ArrayList<>();
    for (String f : files.split(" ")) {
      paths.add(dir.resolve(f));
      args.add("-f");
      args.add(f);
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(ENV);
    env.keySet().removeIf(k -> k.equals("TAG") || k.startsWith("COMPOSE_"));
    Stack stack = ComposeReader.create().withEnvironment(env).read(paths);
    String yaml = ComposeWriter.create().toYaml(stack);
    Path ours = Files.createDirectories(tmp.resolve(fixture));
    Files.writeString(ours.resolve("compose.yaml"), yaml);

    args.addAll(List.of("--profile", "*", "config", "--format", "json"));
    JsonNode expected = config(dir, args);
    JsonNode actual = config(ours, List.of("--profile", "*", "config", "--format", "json"));
    List<String> diffs = new ArrayList<>();
    CorpusRoundTripIT.diff("", CorpusRoundTripIT.normalise(expected), CorpusRoundTripIT.normalise(actual), diffs);
    assertThat(diffs).as("differences of docker compose config for fixture %s; our YAML:\n%s", fixture, yaml).isEmpty();
  }

  private static JsonNode config(Path dir, List<String> args) throws IOException {
    Compose.Result r = Compose.run(dir, Duration.ofMinutes(2), ENV, args);
    assertThat(r.exitCode()).as("docker compose config in %s: %s", dir, r.stderr()).isZero();
    return JSON.readTree(r.stdout());
  }
}
