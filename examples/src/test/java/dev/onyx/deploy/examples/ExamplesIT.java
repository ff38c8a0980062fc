package dev.onyx.deploy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example programs that need a Docker engine, against the real one, with the test images. */
@Tag("docker")
class ExamplesIT {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  @TempDir
  Path tmp;

  @Test
  void deployAndWatchDeploysPrintsEventsAndRemovesTheStack() {
    String project = projects.track(TestProjects.uniqueName("example"));
    String out = ExamplesTest.run(() -> DeployAndWatch.main(new String[] {project, TestImages.busybox()}));
    assertThat(out).contains("db is healthy").contains("app started").contains("deployed in");
    assertThat(TestProjects.removeAll(project)).as("down removed everything").isZero();
  }

  @Test
  void offlineBundleMakesVerifiesAndLoadsABundle() {
    Path zip = tmp.resolve("app.zip");
    Path unpacked = tmp.resolve("unpacked");
    String out = ExamplesTest.run(() -> OfflineBundle.main(
        new String[] {zip.toString(), TestImages.busybox(), unpacked.toString()}));
    assertThat(out).contains("1 image(s)").contains("files verified");
    assertThat(Files.exists(unpacked.resolve("compose.yaml"))).isTrue();
  }
}
