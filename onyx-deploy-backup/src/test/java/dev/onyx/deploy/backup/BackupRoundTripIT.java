package dev.onyx.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.Containers;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.DownOptions;
import dev.onyx.deploy.testsupport.TestProjects;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back up a running stack (PostgreSQL with rows, a volume of files, a skipped cache), remove it with
 * its volumes, deploy it again empty (new generated password), restore, and compare everything.
 */
@Tag("docker")
class BackupRoundTripIT {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  @TempDir
  Path dir;

  @Test
  void aBackupRestoresIntoAFreshDeploymentWithEveryRowAndFile() throws Exception {
    String project = projects.name("bkp");
    Stack stack = BackupStacks.stack(project);
    Path state = dir.resolve("state");
    Path file = dir.resolve("shop.onyxbackup");
    List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream err = System.err;
    try (DockerEngine engine = DockerEngine.connect()) {
      BackupStacks.deploy(engine, stack, state);
      BackupStacks.writeData(engine, project, 8);
      String rows = BackupStacks.tableDigest(engine, project);
      String files = BackupStacks.filesDigest(engine, project);
      String password = BackupStacks.sh(engine, project, "db", "printf %s \"$POSTGRES_PASSWORD\"").stdout();
      assertThat(rows).startsWith("20000 ");
      assertThat(password).hasSize(24);

      BackupPlan plan = Backups.on(engine).plan(project, stack, BackupOptions.defaults());
      assertThat(plan.dumps()).extracting(BackupPlan.Dump::service).containsExactly("db");
      assertThat(plan.volumes()).extracting(BackupPlan.VolumeCopy::volume).containsExactly("files");
      assertThat(plan.volumes().get(0).stoppedServices()).containsExactly("app");
      assertThat(plan.skipped()).extracting(BackupPlan.Skip::volume).containsExactlyInAnyOrder("cache", "db_data");
      assertThat(plan.toString()).contains("dump  service db", "copy  volume files", "with app stopped",
          "skip  volume cache: declared skip", "skip  volume db_data: covered by the dump of service db",
          "starts them again");

      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      BackupManifest m;
      try {
        m = Backups.on(engine).create(project, null, file, BackupOptions.defaults().withStateDir(state)
            .withProgress(progress::add));
      } finally {
        System.setErr(err);
      }
      // the dump runs while the volume is copied, and is appended after it
      assertThat(m.items()).extracting(BackupManifest.Item::name).containsExactly("volume/files", "dump/db");
      assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".partial"))).isEmpty();
      assertThat(engine.containers().ofProject(project)).allSatisfy(c -> assertThat(c.running()).isTrue());
      assertThat(engine.containers().leftoverHelpers(project)).isEmpty();
      assertThat(Backups.verify(file, null)).isEqualTo(m);

      // no secret value anywhere: logs, progress, plan, manifest, the dump itself
      byte[] dump = dumpOf(file);
      assertThat(new String(dump, StandardCharsets.UTF_8)).contains("CREATE DATABASE shop").doesNotContain(password);
      assertThat(logs.toString(StandardCharsets.UTF_8) + progress + plan + m).doesNotContain(password);

      engine.down(project, DownOptions.defaults().withVolumes(true).withStateDir(state));
      BackupStacks.deploy(engine, stack, state);
      String fresh = BackupStacks.sh(engine, project, "db", "printf %s \"$POSTGRES_PASSWORD\"").stdout();
      assertThat(fresh).as("a fresh deployment has a new password").isNotEqualTo(password);

      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      try {
        Backups.on(engine).restore(file, project, RestoreOptions.defaults().withStateDir(state)
            .withProgress(progress::add));
      } finally {
        System.setErr(err);
      }
      assertThat(BackupStacks.tableDigest(engine, project)).isEqualTo(rows);
      assertThat(BackupStacks.filesDigest(engine, project)).isEqualTo(files);
      assertThat(BackupStacks.sh(engine, project, "app", "ls -A /cache").stdout()).as("skipped volume").isEmpty();
      assertThat(engine.containers().ofProject(project)).allSatisfy(c -> assertThat(c.running()).isTrue());
      assertThat(engine.containers().leftoverHelpers(project)).isEmpty();
      assertThat(logs.toString(StandardCharsets.UTF_8) + progress).doesNotContain(password).doesNotContain(fresh);

      // the target now holds data: refused without --force, before anything stops
      String startedAt = startedAt(engine, project, "app");
      assertThatThrownBy(() -> Backups.on(engine).restore(file, project, RestoreOptions.defaults().withStateDir(state)))
          .isInstanceOf(BackupException.class).hasMessageContaining("already holds data")
          .hasMessageContaining("--force").hasMessageNotContaining(fresh);
      assertThat(startedAt(engine, project, "app")).isEqualTo(startedAt);

      // forced: replaced again, with the same result
      BackupStacks.sh(engine, project, "app", "echo extra > /data/extra.txt");
      BackupStacks.sh(engine, project, "db", BackupStacks.PSQL + "-q -d shop -c 'delete from t where id < 100'");
      Backups.on(engine).restore(file, project, RestoreOptions.defaults().withStateDir(state).withForce(true));
      assertThat(BackupStacks.tableDigest(engine, project)).isEqualTo(rows);
      assertThat(BackupStacks.filesDigest(engine, project)).isEqualTo(files);
      engine.down(project, DownOptions.defaults().withVolumes(true).withStateDir(state));
    }
  }

  static String startedAt(DockerEngine engine, String project, String service) {
    Containers.ContainerInfo c = engine.containers().ofProject(project).stream()
        .filter(x -> x.service().equals(service)).findFirst().orElseThrow();
    return dev.onyx.deploy.testsupport.TestEngine.client().inspectContainerCmd(c.id()).exec().getState().getStartedAt();
  }

  /** @return the dump item's SQL, read from the file with a plain gunzip of its data frames */
  static byte[] dumpOf(Path file) throws Exception {
    try (BackupFile.Reader r = BackupFile.Reader.open(file, null)) {
      BackupFile.FrameHead h = r.next();
      while (h.type() != 'I' || !"dump/db".equals(r.json(h, "item").get("name"))) {
        if (h.type() != 'I') {
          r.skip(h);
        }
        h = r.next();
      }
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      while ((h = r.next()).type() == 'D') {
        gz.writeBytes(r.payload(h));
      }
      return new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray())).readAllBytes();
    }
  }
}
