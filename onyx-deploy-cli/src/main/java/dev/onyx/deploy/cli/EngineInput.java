package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DeployOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * What the engine verbs ({@code plan}, {@code up}, {@code down}, {@code ps}, {@code logs},
 * {@code exec}) share: the compose files (read with the compose module's reader) and the project
 * name. Verbs that only need the project ({@code down}, {@code ps}, {@code logs}, {@code exec})
 * take {@code -p NAME} alone, without reading a file.
 */
final class EngineInput {
  @Mixin
  ComposeInput compose;

  /** @return the stack the files describe */
  Stack stack() {
    return compose.read();
  }

  /** @return the project: {@code -p}, else the name of the stack the files describe */
  String project() {
    if (compose.projectName != null && compose.files.isEmpty()) {
      return compose.projectName;
    }
    return stack().name();
  }

  /** @return the project folder: the folder of the first compose file */
  Path workingDir() {
    Path first = compose.files().get(0).toAbsolutePath();
    return first.getParent() == null ? Path.of("").toAbsolutePath() : first.getParent();
  }

  /** @return the options an apply uses: project folder and the files as compose labels them */
  DeployOptions options() {
    List<String> files = compose.files().stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
    return DeployOptions.defaults().withWorkingDir(workingDir()).withConfigFiles(files);
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
