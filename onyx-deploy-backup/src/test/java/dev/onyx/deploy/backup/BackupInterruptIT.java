package dev.onyx.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.Containers;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.DownOptions;
import dev.onyx.deploy.testsupport.TestProjects;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup whose JVM is killed while it streams a volume (its writer stopped): nothing at the final
 * path, the plan said how to recover, the next backup starts the stopped service again and succeeds.
 */
@Tag("docker")
class BackupInterruptIT {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  @TempDir
  Path dir;

  @Test
  void aKilledBackupLeavesNoFileAndTheNextRunRecovers() throws Exception {
    String project = projects.name("bkpkill");
    Stack stack = BackupStacks.stack(project);
    Path state = dir.resolve("state");
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Path file = out.resolve("shop.onyxbackup");
    try (DockerEngine engine = DockerEngine.connect()) {
      BackupStacks.deploy(engine, stack, state);
      BackupStacks.writeData(engine, project, 200);

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
          BackupChild.class.getName(), project, file.toString(), state.toString()).redirectErrorStream(true).start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          String l;
          while ((l = r.readLine()) != null) {
            lines.add(l);
          }
        } catch (java.io.IOException e) {
          // the child died
        }
      });
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!(lines.stream().anyMatch(l -> l.contains("copying volume files")) && partialSize(out) > 4_000_000)) {
        assertThat(child.isAlive()).as("the child is still at work: %s", lines).isTrue();
        assertThat(System.nanoTime()).as("the copy started: %s", lines).isLessThan(deadline);
        Thread.sleep(20);
      }
      child.destroyForcibly(); // SIGKILL: no finally block runs
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(5000);

      assertThat(file).as("no file at the final path").doesNotExist();
      assertThat(lines).noneMatch(l -> l.contains("finished"));
      assertThat(String.join("\n", lines)).contains("with app stopped", "starts them again", "docker start "
          + project + "-app-1");
      assertThat(state(engine, project, "app")).as("the killed backup had stopped app").isNotEqualTo("running");

      // the next command starts app again, and a new backup succeeds
      List<String> progress = new CopyOnWriteArrayList<>();
      BackupManifest m = Backups.on(engine).create(project, null, file, BackupOptions.defaults().withStateDir(state)
          .withProgress(progress::add));
      assertThat(progress.get(0)).contains("starting app again: an interrupted backup or restore left it stopped");
      assertThat(state(engine, project, "app")).isEqualTo("running");
      assertThat(Backups.verify(file, null)).isEqualTo(m);
      assertThat(m.item("volume/files").orElseThrow().size()).isGreaterThan(200L << 20);
      assertThat(engine.containers().leftoverHelpers(project)).isEmpty();
      engine.down(project, DownOptions.defaults().withVolumes(true).withStateDir(state));
    }
  }

  private static long partialSize(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".partial")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String state(DockerEngine engine, String project, String service) {
    return engine.containers().ofProject(project).stream().filter(c -> c.service().equals(service))
        .map(Containers.ContainerInfo::state).findFirst().orElseThrow();
  }
}
