package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.preset.OnyxStack;
import dev.onyx.deploy.testsupport.TestEngine;
import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine verbs ({@code plan}, {@code up}, {@code ps}, {@code exec}, {@code logs}, {@code down})
 * run in-process against the real engine, and {@code up}/{@code bundle create --preset onyx}.
 */
@Tag("docker")
class EngineVerbsIT {
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return OnyxDeploy.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private static List<?> containersOf(DockerClient client, String project) {
    return client.listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of(TestProjects.PROJECT_LABEL + "=" + project)).exec();
  }

  private static List<?> volumesOf(DockerClient client, String project) {
    var vs = client.listVolumesCmd().withFilter("label", List.of(TestProjects.PROJECT_LABEL + "=" + project))
        .exec().getVolumes();
    return vs == null ? List.of() : vs;
  }

  @Test
  void planUpPsExecLogsDown(@TempDir Path dir) throws Exception {
    String image = TestImages.busybox();
    String project = TestProjects.uniqueName("cli-verbs");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          db:
            image: %1$s
            command: ["sh", "-c", "echo db-says-hello; touch /tmp/ready; exec sleep 3600"]
            stop_grace_period: 1s
            healthcheck:
              test: ["CMD", "test", "-f", "/tmp/ready"]
              interval: 1s
              retries: 20
            volumes:
              - data:/data
          app:
            image: %1$s
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            ports: ["127.0.0.1:%2$d:8080"]
            depends_on:
              db:
                condition: service_healthy
        volumes:
          data: {}
        """.formatted(image, port));
    String f = compose.toString();
    DockerClient client = TestEngine.client();
    try {
      assertThat(run("plan", "-f", f, "-p", project)).as(err.toString()).isZero();
      assertThat(out.toString()).startsWith("plan for project " + project + ":")
          .containsPattern("create volume +" + project + "_data")
          .containsPattern("create container +db")
          .containsPattern("create container +app");
      assertThat(containersOf(client, project)).as("plan changes nothing").isEmpty();

      assertThat(run("up", "-f", f, "-p", project, "--timeout", "2m")).as(err.toString()).isZero();
      // ends with where the published service answers
      assertThat(out.toString()).contains(project + " is up").endsWith("  app  http://127.0.0.1:" + port + "/\n");

      assertThat(run("ps", "-p", project)).as(err.toString()).isZero();
      assertThat(out.toString().lines().toList()).satisfies(lines -> {
        assertThat(lines.get(0)).startsWith("SERVICE");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("app ").contains(project + "-app-1", "running"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("db ").contains("running", "healthy"));
      });

      assertThat(run("exec", "-p", project, "app", "--", "sh", "-c", "echo from-app; exit 3")).isEqualTo(3);
      assertThat(out.toString()).isEqualTo("from-app\n");
      assertThat(run("exec", "-p", project, "db", "--", "test", "-f", "/tmp/ready")).isZero();

      assertThat(run("logs", "-p", project, "db")).as(err.toString()).isZero();
      assertThat(out.toString()).isEqualTo("db-says-hello\n");

      assertThat(run("plan", "-f", f, "-p", project)).isZero();
      assertThat(out.toString()).startsWith("plan for project " + project + ": nothing to do");

      assertThat(volumesOf(client, project)).hasSize(1);
      assertThat(run("down", "-p", project, "--volumes")).as(err.toString()).isZero();
      assertThat(out.toString()).contains(project + " is down");
      assertThat(containersOf(client, project)).isEmpty();
      assertThat(volumesOf(client, project)).isEmpty();
      assertThat(client.listNetworksCmd().withFilter("label", List.of(TestProjects.PROJECT_LABEL + "=" + project))
          .exec()).isEmpty();
    } finally {
      TestProjects.removeAll(project);
    }
  }

  @Test
  void upOfAStackWithAFailingServiceExitsNonZeroNamingIt(@TempDir Path dir) throws Exception {
    String image = TestImages.busybox();
    String project = TestProjects.uniqueName("cli-fail");
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, """
        services:
          broken:
            image: %1$s
            command: ["sh", "-c", "echo broken-output-line; exit 4"]
          app:
            image: %1$s
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            depends_on:
              broken:
                condition: service_completed_successfully
        """.formatted(image));
    try {
      int status = run("up", "-f", compose.toString(), "-p", project, "--timeout", "60");
      assertThat(status).as(out + "\n" + err).isEqualTo(OnyxDeploy.EXIT_FAILURE);
      assertThat(err.toString()).startsWith("error: ").contains("service 'broken' exited with code 4",
          "broken-output-line").doesNotContain("\tat ");
      assertThat(err.toString().lines().count()).isEqualTo(1);
    } finally {
      TestProjects.removeAll(project);
    }
  }

  @Test
  void upWithTheOnyxPresetIsRefusedInPreflightNamingTheMissingImages() throws Exception {
    String project = TestProjects.uniqueName("cli-onyx");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Stack expected = OnyxStack.builder().name(project).build();
    String apiImage = expected.service(OnyxStack.API_SERVER).orElseThrow().image().orElseThrow();
    DockerClient client = TestEngine.client();
    try {
      // --pull never: no registry can be reached here (pulls are tested against a local one in RegistryIT)
      int status = run("up", "--preset", "onyx", "-p", project, "--http-port", Integer.toString(port),
          "--timeout", "60", "--pull", "never");
      assertThat(status).as(out + "\n" + err).isEqualTo(OnyxDeploy.EXIT_FAILURE);
      assertThat(err.toString()).startsWith("error: preflight failed for project " + project)
          .contains("service '" + OnyxStack.API_SERVER + "': image " + apiImage + " is not on the engine, has no "
              + "build, and is not pulled (pull policy never): pull it, or load it from a bundle");
      for (var svc : expected.services()) {
        assertThat(err.toString()).contains("service '" + svc.name() + "'");
      }
      assertThat(containersOf(client, project)).as("nothing was created").isEmpty();
      assertThat(volumesOf(client, project)).isEmpty();
    } finally {
      // forgets the generated secrets the apply kept for the project
      run("down", "-p", project, "--volumes");
      TestProjects.removeAll(project);
    }
  }

  @Test
  void bundleCreateWithTheOnyxPresetNeedsItsImages(@TempDir Path dir) {
    Stack expected = OnyxStack.builder().build();
    String apiImage = expected.service(OnyxStack.API_SERVER).orElseThrow().image().orElseThrow();
    Path zip = dir.resolve("onyx.zip");
    int status = run("bundle", "create", "--preset", "onyx", "--no-build", "-o", zip.toString());
    assertThat(status).as(out + "\n" + err).isNotZero();
    assertThat(err.toString()).contains(apiImage);
  }
}
