package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onyx-deploy bundle create|verify|ls|load} against the real engine. */
@Tag("docker")
class BundleCommandIT {
  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return OnyxDeploy.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void createVerifyListLoadAndUp(@TempDir Path dir) throws Exception {
    String image = TestImages.busybox();
    String project = TestProjects.uniqueName("bundle-cli");
    Path compose = dir.resolve("compose.yaml");
    Files.writeString(compose, "name: clibundle\nservices:\n  web:\n    image: " + image
        + "\n    command: [\"sleep\", \"3600\"]\n    stop_grace_period: 1s\n");
    Path zip = dir.resolve("out.zip");

    assertThat(run("bundle", "create", "-f", compose.toString(), "-o", zip.toString(), "--level", "6"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("wrote " + zip + ": 1 image(s), ");
    assertThat(err.toString()).contains("save images: 100%");

    assertThat(run("bundle", "verify", zip.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith(zip + ": ok, ").contains("stack clibundle, 1 image(s), format 2").contains("bundle id sha256:", "full: it holds every layer");

    assertThat(run("bundle", "ls", zip.toString())).isZero();
    assertThat(out.toString()).contains(image + "\t", "\tweb", "images/images.tar", "compose/compose.yaml");

    Path extract = dir.resolve("project");
    try {
      assertThat(run("bundle", "load", zip.toString(), "--extract", extract.toString(), "--up", "-p", project))
          .as(err.toString()).isZero();
      assertThat(out.toString()).contains("loaded " + image, "extracted the compose project to " + extract,
          project + " is up");
      assertThat(extract.resolve("compose.yaml")).exists();
    } finally {
      TestProjects.removeAll(project);
    }

    try (RandomAccessFile f = new RandomAccessFile(zip.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0xFF);
    }
    assertThat(run("bundle", "verify", zip.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: entry images/images.tar in " + zip).doesNotContain("\tat ");
    assertThat(run("bundle", "load", zip.toString())).isEqualTo(2);
    assertThat(run("bundle", "create", "-f", compose.toString(), "-o", zip.toString(), "--level", "12")).isEqualTo(2);
    assertThat(err.toString()).contains("--level must be 0..9, was 12");
  }
}
