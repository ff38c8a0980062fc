package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connects through docker contexts made by the real {@code docker context create}, in a temporary
 * Docker config folder ({@code DOCKER_CONFIG}) so that the machine's own config is never touched.
 */
@Tag("docker")
class EngineContextIT {
  @TempDir
  Path dir;
  Path config;
  Path home;
  Path missingSocket;

  @BeforeEach
  void contexts() throws Exception {
    config = Files.createDirectories(dir.resolve("docker-config"));
    home = Files.createDirectories(dir.resolve("home"));
    missingSocket = dir.resolve("gone/docker.sock");
    docker("context", "create", "real", "--docker", "host=" + EngineConfig.DEFAULT_UNIX);
    docker("context", "create", "gone", "--docker", "host=unix://" + missingSocket);
  }

  private void docker(String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of("docker")));
    pb.command().addAll(List.of(args));
    pb.environment().put("DOCKER_CONFIG", config.toString());
    pb.environment().remove("DOCKER_HOST");
    pb.environment().remove("DOCKER_CONTEXT");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker %s: %s", String.join(" ", args), out).isZero();
  }

  private EngineConfig config(Map<String, String> env) {
    return EngineConfig.fromEnvironment(env, "Linux", home, dir.resolve("no-default.sock"));
  }

  @Test
  void connectsThroughTheContextNamedByDockerContext() {
    EngineConfig c = config(Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_CONTEXT", "real"));
    assertThat(c.host()).isEqualTo(EngineConfig.DEFAULT_UNIX);
    assertThat(c.source()).isEqualTo("docker context 'real' (from DOCKER_CONTEXT)");
    try (DockerEngine engine = DockerEngine.connect(c)) {
      assertThat(engine.engineVersion()).isNotBlank();
    }
  }

  @Test
  void connectsThroughTheCurrentContextThatDockerContextUseSets() throws Exception {
    docker("context", "use", "real");
    EngineConfig c = config(Map.of("DOCKER_CONFIG", config.toString()));
    assertThat(c.source()).isEqualTo("docker context 'real' (from the currentContext of "
        + config.resolve("config.json") + ")");
    try (DockerEngine engine = DockerEngine.connect(c)) {
      assertThat(engine.apiVersion()).isNotBlank();
    }
  }

  @Test
  void aContextWhoseSocketIsMissingFailsSayingWhichContextWasUsed() throws Exception {
    docker("context", "use", "gone");
    EngineConfig c = config(Map.of("DOCKER_CONFIG", config.toString()));
    assertThatThrownBy(() -> DockerEngine.connect(c))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageStartingWith("no Docker engine answers at unix://" + missingSocket
            + " (from docker context 'gone' (from the currentContext of " + config.resolve("config.json")
            + ")): the socket " + missingSocket + " does not exist.")
        .hasMessageContaining("'docker context ls'");
  }

  @Test
  void dockerHostStillWinsOverTheContext() throws Exception {
    docker("context", "use", "gone");
    EngineConfig c = config(Map.of("DOCKER_CONFIG", config.toString(), "DOCKER_HOST", EngineConfig.DEFAULT_UNIX.toString()));
    assertThat(c.source()).isEqualTo("DOCKER_HOST");
    try (DockerEngine engine = DockerEngine.connect(c)) {
      assertThat(engine.engineVersion()).isNotBlank();
    }
  }
}
