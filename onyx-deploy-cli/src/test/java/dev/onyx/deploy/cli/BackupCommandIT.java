package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup create|verify|ls|restore} with the exit codes: 0 done, 2 a damaged file (or
 * a missing or wrong passphrase), 1 an engine-side failure naming the service and the step.
 */
@Tag("docker")
class BackupCommandIT {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return OnyxDeploy.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static String compose(String image, boolean fakeDatabase) {
    return """
        services:
          web:
            image: %1$s
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
            volumes: [data:/data, cache:/cache]
        %2$s
        volumes:
          data: {}
          cache:
            labels:
              dev.onyx.deploy.backup: skip
        """.formatted(image, fakeDatabase ? """
          fakedb:
            image: %s
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
            labels:
              dev.onyx.deploy.backup: postgres
        """.formatted(image) : "");
  }

  @Test
  void createVerifyLsRestoreAndTheirExitCodes(@TempDir Path dir) throws Exception {
    String image = TestImages.busybox();
    String project = projects.name("cli-bkp");
    Path composeFile = Files.writeString(dir.resolve("compose.yaml"), compose(image, false));
    assertThat(run("up", "-f", composeFile.toString(), "-p", project)).as(err.toString()).isZero();
    assertThat(run("exec", "-p", project, "web", "--", "sh", "-c", "echo one > /data/one.txt; echo two > /data/two.txt"))
        .as(err.toString()).isZero();

    Path file = dir.resolve("b.onyxbackup");
    assertThat(run("backup", "create", "-p", project, "-o", file.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("wrote " + file + ": 1 item(s)");
    assertThat(err.toString()).contains("copy  volume data", "with web stopped", "skip  volume cache: declared skip");
    assertThat(run("backup", "verify", file.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains(": ok, 1 item(s)");
    assertThat(run("backup", "ls", file.toString())).isZero();
    assertThat(out.toString()).contains("project " + project).contains("volume/data\tvolume\t");

    // a damaged file: exit 2 from verify and from restore, with the item named
    byte[] b = Files.readAllBytes(file);
    b[b.length / 3] ^= 0x01;
    Path bad = Files.write(dir.resolve("bad.onyxbackup"), b);
    assertThat(run("backup", "verify", bad.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: ").contains("damaged");
    assertThat(run("backup", "restore", bad.toString(), "-p", project, "--force")).isEqualTo(2);

    // restore replaces the volume's contents (refused without --force: the target holds data)
    assertThat(run("exec", "-p", project, "web", "--", "sh", "-c", "echo changed > /data/one.txt; echo new > /data/new.txt"))
        .isZero();
    assertThat(run("backup", "restore", file.toString(), "-p", project)).isEqualTo(1);
    assertThat(err.toString()).contains("already holds data", "--force", "[step check]");
    assertThat(run("backup", "restore", file.toString(), "-p", project, "--force")).as(err.toString()).isZero();
    assertThat(run("exec", "-p", project, "web", "--", "sh", "-c", "cat /data/one.txt /data/*.txt")).isZero();
    assertThat(out.toString()).isEqualTo("one\none\ntwo\n");

    // encrypted: refused without the passphrase (exit 2), restored with it
    Path pass = Files.writeString(dir.resolve("pass.txt"), "correct horse\n");
    Path enc = dir.resolve("e.onyxbackup");
    assertThat(run("backup", "create", "-p", project, "-o", enc.toString(), "--passphrase-file", pass.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("encrypted");
    assertThat(run("backup", "verify", enc.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: the backup is encrypted: give its passphrase (--passphrase-file)");
    assertThat(run("backup", "restore", enc.toString(), "-p", project, "--force")).isEqualTo(2);
    assertThat(run("backup", "restore", enc.toString(), "-p", project, "--force", "--passphrase-file", pass.toString()))
        .as(err.toString()).isZero();
    assertThat(err.toString() + out).doesNotContain("correct horse");

    // an engine-side failure names the service and the step: exit 1
    Files.writeString(composeFile, compose(image, true));
    assertThat(run("up", "-f", composeFile.toString(), "-p", project)).as(err.toString()).isZero();
    assertThat(run("backup", "create", "-p", project, "-o", dir.resolve("x.onyxbackup").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("dumping service fakedb failed", "[service fakedb, step dump]");
    assertThat(dir.resolve("x.onyxbackup")).doesNotExist();
    assertThat(run("down", "-p", project, "--volumes")).isZero();
  }
}
