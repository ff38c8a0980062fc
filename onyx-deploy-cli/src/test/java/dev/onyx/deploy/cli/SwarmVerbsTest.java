package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for the {@code --swarm} verbs' bad flags: refused as bad input before any engine is asked. */
class SwarmVerbsTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return OnyxDeploy.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
  }

  @Test
  void downWithVolumesIsRefusedForASwarmStack() {
    assertThat(run("down", "--swarm", "--volumes", "-p", "shop")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --volumes does not go with --swarm: a Swarm stack's volumes live "
        + "on the nodes that ran its tasks; remove them there with 'docker volume rm'");
  }

  @Test
  void aRegistryWithASchemeIsRefused(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, "services:\n  a:\n    image: busybox\n");

    assertThat(run("plan", "--swarm", "--swarm-registry", "http://reg:5000", "-f", compose.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: registry must be a host[:port][/path], e.g. "
        + "registry.example.com:5000, was 'http://reg:5000'");
  }

  @Test
  void pullAndASwarmRegistryWithoutSwarmAreRefused(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, "services:\n  a:\n    image: busybox\n");

    assertThat(run("up", "--swarm", "--pull", "always", "-f", compose.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --pull does not go with --swarm: each node pulls the images it runs");
    err.getBuffer().setLength(0);
    assertThat(run("up", "--swarm-registry", "reg:5000", "-f", compose.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --swarm-registry goes with --swarm");
  }
}
