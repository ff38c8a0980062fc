package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TwoNodeSwarm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --swarm} verbs ({@code plan}, {@code up}, {@code ps}, {@code down}) in-process against
 * the two-node swarm the test suite makes, with their exit codes: 0 when every service is ready, 1
 * naming the failing service and its task's error, 2 for a stack Swarm cannot run.
 */
@Tag("docker")
class SwarmVerbsIT {
  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void swarm() {
    String busybox = TestImages.busybox();
    TwoNodeSwarm.shared().copyToWorker(busybox);
  }

  /** The other engine tests of this JVM find the engine as it was: in no swarm. */
  @AfterAll
  static void unmakeSwarm() {
    TwoNodeSwarm.shared().close();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return OnyxDeploy.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static String stackLs() throws Exception {
    Process p = new ProcessBuilder("docker", "stack", "ls", "--format", "{{.Name}}").redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return s;
  }

  @Test
  void planUpPsUpAgainAndDown(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          db:
            image: %1$s
            command: ["sh", "-c", "touch /tmp/ready; exec sleep 3600"]
            stop_grace_period: 1s
            healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30}
          migrate:
            image: %1$s
            command: ["sh", "-c", "exit 0"]
            depends_on: {db: {condition: service_healthy}}
          web:
            image: %1$s
            command: ["sh", "-c", "exec sleep 3600"]
            stop_grace_period: 1s
            depends_on: {migrate: {condition: service_completed_successfully}}
        """.formatted(TestImages.BUSYBOX));
    String f = compose.toString();
    try {
      assertThat(run("plan", "--swarm", "-f", f, "-p", "oxcli-sw")).as(err.toString()).isZero();
      assertThat(out.toString()).contains("plan for stack oxcli-sw on the swarm:", "create service  db",
          "create network  oxcli-sw_default");

      assertThat(run("up", "--swarm", "--plain", "-f", f, "-p", "oxcli-sw", "--timeout", "180"))
          .as(err.toString()).isZero();
      assertThat(out.toString()).contains("migrate: exited with 0", "oxcli-sw is up on the swarm");
      assertThat(stackLs()).contains("oxcli-sw");

      assertThat(run("ps", "--swarm", "-p", "oxcli-sw")).isZero();
      assertThat(out.toString()).containsPattern("db +replicated +1/1 +yes")
          .containsPattern("migrate +replicated +1/1 done +yes").containsPattern("web +replicated +1/1 +yes");

      assertThat(run("up", "--swarm", "--plain", "-f", f, "-p", "oxcli-sw")).isZero();
      assertThat(out.toString()).contains("oxcli-sw is already up to date on the swarm");
    } finally {
      assertThat(run("down", "--swarm", "-p", "oxcli-sw")).as(err.toString()).isZero();
    }
    assertThat(out.toString()).contains("oxcli-sw is down");
    assertThat(stackLs()).doesNotContain("oxcli-sw");
  }

  @Test
  void upExitsOneNamingTheFailingServiceAndItsTaskError(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          broken:
            image: %s
            command: ["sh", "-c", "echo cannot open the database; exit 7"]
        """.formatted(TestImages.BUSYBOX));
    try {
      assertThat(run("up", "--swarm", "--plain", "-f", compose.toString(), "-p", "oxcli-bad", "--timeout", "120"))
          .isEqualTo(1);
      assertThat(err.toString()).startsWith("error: service 'broken' failed: task on node ")
          .contains("non-zero exit (7)", "cannot open the database");
    } finally {
      run("down", "--swarm", "-p", "oxcli-bad");
    }
  }

  @Test
  void bundleLoadPutsTheImagesOnEveryNodeOfTheSwarm(@TempDir Path dir) throws Exception {
    TwoNodeSwarm swarm = TwoNodeSwarm.shared();
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          app:
            image: %s
            command: ["sh", "-c", "exec sleep 3600"]
        """.formatted(TestImages.BUSYBOX));
    Path zip = dir.resolve("app.zip");
    assertThat(run("bundle", "create", "-f", compose.toString(), "-o", zip.toString())).as(err.toString()).isZero();
    swarm.removeFromWorker(TestImages.BUSYBOX);
    try {
      assertThat(run("bundle", "load", zip.toString(), "--host", "unix:///var/run/docker.sock",
          "--host", swarm.workerHost().toString())).as(err.toString()).isZero();
      assertThat(out.toString()).contains(swarm.workerHost() + ": loaded " + TestImages.BUSYBOX);
    } finally {
      swarm.copyToWorker(TestImages.BUSYBOX); // whatever happened, the worker holds it again
    }
  }

  @Test
  void aStackSwarmCannotRunIsRefusedWithExitTwoBeforeAnythingIsMade(@TempDir Path dir) throws Exception {
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          vpn:
            image: %s
            privileged: true
            devices: ["/dev/net/tun:/dev/net/tun"]
        """.formatted(TestImages.BUSYBOX));

    assertThat(run("up", "--swarm", "-f", compose.toString(), "-p", "oxcli-no")).isEqualTo(2);
    assertThat(err.toString()).contains("error: stack 'oxcli-no' cannot be deployed to a Swarm (2 problems):",
        "services.vpn.privileged: Swarm services cannot run privileged containers",
        "services.vpn.devices: Swarm services cannot use host devices");
    assertThat(stackLs()).doesNotContain("oxcli-no");
  }
}
