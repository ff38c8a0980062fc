package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.Images;
import dev.onyx.deploy.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle inventory}, {@code bundle create --since/--since-inventory}, what {@code verify} says
 * of an upgrade bundle, a load refused for a missing base, and {@code up --pull never} with a
 * missing image, against the real engine.
 */
@Tag("docker")
class BundleUpgradeCommandIT {
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void inventoryThenAnUpgradeBundleThatVerifyDescribesAndLoadRefusesWithoutItsBase(@TempDir Path dir) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String v1 = "onyx-test/cli-upgrade:v1-" + run;
    String v2 = "onyx-test/cli-upgrade:v2-" + run;
    TestImages.busybox();
    try (DockerEngine engine = DockerEngine.connect()) {
      Path a = Files.createDirectories(dir.resolve("a"));
      Files.writeString(a.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX + "\nRUN head -c 2000000 /dev/urandom > /big\n");
      engine.images().build(v1, a, Build.of("."), DeployListener.NONE);
      try {
        Path inv = dir.resolve("target.json");
        assertThat(run("bundle", "inventory", "-o", inv.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("wrote " + inv + ": ");

        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(b.resolve("Dockerfile"), "FROM " + v1 + "\nRUN echo " + run + " > /v2\n");
        engine.images().build(v2, b, Build.of("."), DeployListener.NONE);
        Path compose = dir.resolve("compose.yaml");
        Files.writeString(compose, "name: upgrade\nservices:\n  app:\n    image: " + v2 + "\n    command: [\"sleep\", \"1\"]\n");
        Path zip = dir.resolve("v2.zip");
        assertThat(run("bundle", "create", "-f", compose.toString(), "-o", zip.toString(), "--since-inventory",
            inv.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("an upgrade bundle: it leaves out the layers of the layer inventory target.json");

        assertThat(run("bundle", "verify", zip.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("incremental: an upgrade on top of the layer inventory target.json",
            "needs Docker Compose 2.1.1 or newer");

        engine.images().remove(v2, Images.Removal.FORCE);
        engine.images().remove(v1, Images.Removal.FORCE);
        assertThat(run("bundle", "load", zip.toString())).isEqualTo(OnyxDeploy.EXIT_FAILURE);
        assertThat(cli.err()).contains("error: cannot load v2.zip: it is an incremental bundle made on the "
            + "layer inventory target.json").contains("nothing was loaded").doesNotContain("Exception");
        assertThat(engine.images().inspect(v2)).isEmpty();

        assertThat(run("up", "-f", compose.toString(), "--pull", "never")).isEqualTo(OnyxDeploy.EXIT_FAILURE);
        assertThat(cli.err()).contains("image " + v2 + " is not on the engine, has no build, and is not pulled "
            + "(pull policy never)").doesNotContain("DockerEngine");
      } finally {
        engine.images().remove(v2, Images.Removal.FORCE);
        engine.images().remove(v1, Images.Removal.FORCE);
      }
    }
  }
}
