package dev.onyx.deploy.archive;

import dev.onyx.deploy.compose.ComposeReader;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DeployOptions;
import dev.onyx.deploy.docker.DockerEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Deploys an extracted bundle project with the engine backend. */
final class Deploy {
  private Deploy() {
  }

  static void run(DockerEngine engine, Path dir, String project, Duration timeout, DeployListener listener) {
    Path file = dir.resolve("compose.yaml");
    Stack stack = ComposeReader.create().withProjectName(project).withProjectDirectory(dir)
        .withEnvFiles(List.of(dir.resolve(".env"))).read(file);
    engine.apply(stack, DeployOptions.defaults().withTimeout(timeout).withListener(listener)
        .withWorkingDir(dir).withConfigFiles(List.of(file.toString())));
  }
}
