package dev.onyx.deploy.archive;

import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.core.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The compose project of a bundle, as the compose module's project writer makes it without secret
 * values ({@code compose.yaml}, config files, {@code .env.example}, its README), read into memory:
 * these files are small. Written to a private temporary folder that is removed at once.
 */
final class ComposeFiles {
  private ComposeFiles() {
  }

  /**
   * @param variables settings added to {@code .env.example} (e.g. {@code COMPOSE_PROFILES})
   * @return relative path ({@code /}-separated) to content, sorted with {@code compose.yaml} first
   */
  static Map<String, byte[]> of(Stack stack, Map<String, String> variables) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("onyx-bundle-compose-");
      Path dir = tmp.resolve(stack.name());
      ComposeProject.Writer writer = ComposeProject.writer(dir).withoutSecretValues();
      for (Map.Entry<String, String> v : variables.entrySet()) {
        writer = writer.withVariable(v.getKey(), v.getValue());
      }
      writer.write(stack);
      Map<String, byte[]> files = new LinkedHashMap<>();
      List<Path> paths;
      try (Stream<Path> s = Files.walk(dir)) {
        paths = s.filter(Files::isRegularFile).sorted(Comparator
            .comparing((Path p) -> !p.getFileName().toString().equals("compose.yaml"))
            .thenComparing(p -> dir.relativize(p).toString().replace('\\', '/'))).toList();
      }
      for (Path p : paths) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (rel.equals(".env") || rel.startsWith("secrets/")) {
          throw new IllegalStateException("the compose writer left a secret file (" + rel + ") in a bundle project");
        }
        files.put(rel, Files.readAllBytes(p));
      }
      return files;
    } catch (IOException e) {
      throw new ArchiveException("writing the compose project of stack '" + stack.name()
          + "' for the bundle failed: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try (Stream<Path> s = Files.walk(tmp)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          // a temporary folder
        }
      }
    }
  }
}
