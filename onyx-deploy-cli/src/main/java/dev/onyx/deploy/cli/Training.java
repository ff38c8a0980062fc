package dev.onyx.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The training run for the command line's class-data archive: the launcher runs it once per built
 * jar with {@code -XX:ArchiveClassesAtExit}, so that the JVM maps the classes every verb needs from
 * the archive instead of loading and verifying them from the jar on each start.
 *
 * <p>It runs, in one JVM and with output discarded, what users run: the help of every verb,
 * {@code compose} of the Onyx preset into a temporary folder, {@code validate} and {@code convert}
 * of that project, {@code validate} of a file with anchors and merge keys (the full YAML parser),
 * and the engine verbs' read-only paths ({@code plan} of that project, {@code ps}, their
 * {@code --swarm} forms, and {@code up} of an empty stack, which changes nothing) against the engine
 * the docker CLI would use; without an engine (or a swarm) those fail, and their error paths are
 * recorded instead. Not API.
 */
public final class Training {
  /** The project name of the engine steps; nothing is ever deployed under it. */
  static final String PROJECT = "onyx-deploy-cds-training";

  private Training() {}

  /**
   * Runs the steps and exits 0 whatever they report.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run();
    System.exit(0);
  }

  /** @return the argument lists that were run (for tests) */
  static List<List<String>> run() {
    List<List<String>> runs = new ArrayList<>();
    Path dir;
    try {
      dir = Files.createTempDirectory("onyx-deploy-training");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      runs.add(List.of("--help"));
      for (Class<?> verb : OnyxDeploy.VERBS) {
        Command c = verb.getAnnotation(Command.class);
        runs.add(List.of(c.name(), "--help"));
        for (Class<?> sub : c.subcommands()) {
          runs.add(List.of(c.name(), sub.getAnnotation(Command.class).name(), "--help"));
        }
      }
      String project = dir.resolve("onyx").toString();
      String compose = dir.resolve("onyx/compose.yaml").toString();
      Path empty = dir.resolve("empty.yaml");
      Files.writeString(empty, "name: " + PROJECT + "\nservices: {}\n");
      // anchors, merge keys and flow style take the full YAML parser's path, not the fast one
      Path anchors = dir.resolve("anchors.yaml");
      Files.writeString(anchors, "x-svc: &svc\n  image: busybox\n  stop_grace_period: 1s\n"
          + "services:\n  a:\n    <<: *svc\n    command: [\"sleep\", \"1\"]\n"
          + "    healthcheck: {test: [\"CMD\", \"true\"], interval: \"${I:-1s}\"}\n"
          + "  b:\n    <<: *svc\n    depends_on: {a: {condition: service_healthy}}\n");
      runs.add(List.of("compose", "--out", project, "--with-logging"));
      runs.add(List.of("validate", "-f", compose));
      runs.add(List.of("validate", "-f", anchors.toString()));
      runs.add(List.of("convert", "-f", compose));
      runs.add(List.of("plan", "-f", compose, "-p", PROJECT));
      runs.add(List.of("ps", "-p", PROJECT));
      runs.add(List.of("plan", "--swarm", "-f", compose, "-p", PROJECT));
      runs.add(List.of("ps", "--swarm", "-p", PROJECT));
      runs.add(List.of("up", "--plain", "-f", empty.toString()));
      for (List<String> a : runs) {
        StringWriter sink = new StringWriter();
        PrintWriter w = new PrintWriter(sink);
        OnyxDeploy.execute(w, w, a.toArray(String[]::new));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(dir);
    }
    return runs;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the system cleans it up eventually
    }
  }
}
