package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.archive.Bundle;
import dev.onyx.deploy.archive.BundleManifest;
import dev.onyx.deploy.archive.BundleOptions;
import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.core.SecretRules;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.testsupport.Compose;
import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle of the Onyx preset (images remapped to local stand-ins, as {@link OnyxPresetDeployIT}),
 * deployed on this machine with its own {@code load.sh} and {@code deploy.sh}, brings up every
 * service the {@code compose} verb's project brings up, MinIO included: the bundle's
 * {@code .env.example} carries {@code COMPOSE_PROFILES} as the command line passes it, the generated
 * OpenSearch password follows the preset's rules (with a special character), and the scripts accept
 * this machine's Docker Compose for the version the compose file needs.
 */
@Tag("docker")
class OnyxBundleScriptsIT {
  @TempDir
  Path work;

  @Test
  void loadAndDeployScriptsBringUpEveryServiceOfTheComposeVerbsProject() throws Exception {
    String busybox = TestImages.busybox();
    String services = TestImages.realServices();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String project = TestProjects.uniqueName("onyx-bundle");
    Stack preset = OnyxStack.builder().name(project).publishHttpPort(port).build();
    Stack stack = OnyxPresetDeployIT.standIns(preset, busybox, services)
        .withService(OnyxStack.MINIO, b -> OnyxPresetDeployIT.httpStandIn(busybox, 9000, "/minio/health/live", "minio")
            .apply(b));
    String profiles = OnyxStack.composeProfiles(stack);
    assertThat(profiles).contains("s3-filestore");

    // what the compose verb's project starts: its .env sets COMPOSE_PROFILES the same way
    Path composeVerb = work.resolve("compose-verb");
    ComposeProject.writer(composeVerb).withVariable("COMPOSE_PROFILES", profiles).write(stack);
    Compose.Result expected = Compose.run(composeVerb, "config", "--services");
    assertThat(expected.exitCode()).as(expected.stderr()).isZero();
    Set<String> wanted = new TreeSet<>(Arrays.asList(expected.stdout().strip().split("\n")));
    assertThat(wanted).contains(OnyxStack.MINIO).hasSize(stack.services().size());

    Path zip = work.resolve("onyx.zip");
    BundleManifest m;
    try (DockerEngine engine = DockerEngine.connect()) {
      m = Bundle.create(stack, engine, zip, BundleOptions.defaults().withComposeVariable("COMPOSE_PROFILES", profiles));
    }
    assertThat(m.composeVersion()).isEqualTo("2.24.0"); // env_file with required: false
    Path root = unzip(zip, work.resolve("bundle"));
    try {
      Result r = run(root, List.of("sh", "scripts/deploy.sh", project));
      assertThat(r.exit).as(r.out + r.err).isZero();
      assertThat(r.out).contains("Loading the images", "Generated secret 'opensearch_admin_password'", "is up");

      Compose.Result ps = Compose.run(root.resolve("compose"), "-p", project, "ps", "--format", "{{.Service}} {{.State}} {{.Health}}");
      assertThat(ps.exitCode()).as(ps.stderr()).isZero();
      Set<String> running = new TreeSet<>();
      for (String line : ps.stdout().strip().split("\n")) {
        String[] f = line.split(" ");
        assertThat(f[1]).as(line).isEqualTo("running");
        if (f.length > 2 && !f[2].isEmpty()) {
          assertThat(f[2]).as(line).isEqualTo("healthy");
        }
        running.add(f[0]);
      }
      assertThat(running).isEqualTo(wanted);

      String env = Files.readString(root.resolve("compose/.env"));
      assertThat(env).contains("COMPOSE_PROFILES=" + profiles);
      String search = env.lines().filter(l -> l.startsWith("OPENSEARCH_ADMIN_PASSWORD=")).findFirst().orElseThrow()
          .substring("OPENSEARCH_ADMIN_PASSWORD=".length());
      assertThat(SecretRules.mixedClasses(32).accepts(search)).as("OpenSearch needs a special character").isTrue();
      assertThat(search).containsAnyOf("-", "_", ".");
    } finally {
      Compose.run(root.resolve("compose"), "-p", project, "down", "-v", "--timeout", "1");
      TestProjects.removeAll(project);
    }
  }

  private static Path unzip(Path zip, Path to) throws Exception {
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
        Path t = to.resolve(e.getName());
        Files.createDirectories(t.getParent());
        try (InputStream in = zf.getInputStream(e)) {
          Files.copy(in, t);
        }
      }
    }
    return to;
  }

  record Result(int exit, String out, String err) {
  }

  private static Result run(Path dir, List<String> cmd) throws Exception {
    Path out = Files.createTempFile(dir.getParent(), "out", ".txt");
    Path err = Files.createTempFile(dir.getParent(), "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
