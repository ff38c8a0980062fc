package dev.onyx.deploy.cli;

import dev.onyx.deploy.compose.ComposeReader;
import dev.onyx.deploy.core.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that say which compose files to read, shared by {@code convert} and {@code validate}:
 * as {@code docker compose -f ... --env-file ... --profile ...}.
 */
final class ComposeInput {
  private static final List<String> DEFAULT_FILES =
      List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Compose file; repeat for override files (later ones win). Default: compose.yaml "
          + "(or compose.yml, docker-compose.yaml, docker-compose.yml) in the current folder.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--env-file", paramLabel = "FILE",
      description = "Env file used instead of .env for interpolation; repeatable.")
  List<Path> envFiles = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "PROFILE",
      description = "Active profile ('*' for all); repeatable. Without it every service is kept.")
  List<String> profiles = new ArrayList<>();

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
      description = "Stack name instead of the file's name or the folder's.")
  String projectName;

  /** @return the files to read: the given ones, else the default file of the current folder */
  List<Path> files() {
    if (!files.isEmpty()) {
      return files;
    }
    for (String name : DEFAULT_FILES) {
      Path p = Path.of(name);
      if (Files.isRegularFile(p)) {
        return List.of(p);
      }
    }
    throw new IllegalArgumentException("no compose file given and none of " + String.join(", ", DEFAULT_FILES)
        + " in " + Path.of("").toAbsolutePath() + " (use -f FILE)");
  }

  /** @return the stack the files describe */
  Stack read() {
    return read(false);
  }

  /**
   * @param refuseConflicts whether services that run together and publish one host port or share a
   *     container name are problems too (as for a deploy)
   * @return the stack the files describe
   */
  Stack read(boolean refuseConflicts) {
    ComposeReader reader = ComposeReader.create().withEnvFiles(envFiles).withProfiles(profiles);
    if (refuseConflicts) {
      reader = reader.withConflictsRefused();
    }
    if (projectName != null) {
      reader = reader.withProjectName(projectName);
    }
    return reader.read(files());
  }
}
