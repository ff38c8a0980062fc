package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ConvertCommand} and {@link ValidateCommand}, run in-process through {@link OnyxDeploy}. */
class ConvertValidateCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return OnyxDeploy.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void convertPrintsTheMergedStackAsComposeYaml() throws IOException {
    Path base = write("compose.yaml", """
        name: shop
        services:
          web:
            image: nginx:${TAG:-1}
            ports: ["80:80"]
          debug:
            image: busybox
            profiles: [debug]
        """);
    Path over = write("override.yaml", "services:\n  web:\n    environment:\n      A: \"1\"\n");
    Path env = write("prod.env", "TAG=1.27\n");
    int status = run("convert", "-f", base.toString(), "-f", over.toString(), "--env-file", env.toString(),
        "--profile", "none");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("name: shop\n").contains("image: nginx:1.27").contains("A: \"1\"")
        .doesNotContain("busybox").doesNotContain("version:");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void convertOfABadFileExitsTwoWithOneLine() throws IOException {
    Path f = write("compose.yaml", "services:\n  web:\n    image: nginx\n    ports: [\"80:80:80:80\"]\n");
    assertThat(run("convert", "-f", f.toString())).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("error: " + f + ":4:13 services.web.ports[0]: invalid port '80:80:80:80' "
        + "(expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])" + System.lineSeparator());
  }

  @Test
  void convertOfAMissingFileExitsTwo() {
    assertThat(run("convert", "-f", dir.resolve("missing.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("missing.yaml: compose file not found").doesNotContain("\tat ");
  }

  @Test
  void validatePrintsOk() throws IOException {
    Path f = write("compose.yaml", "services:\n  web:\n    image: nginx\n");
    assertThat(run("validate", "-f", f.toString())).isZero();
    assertThat(out.toString()).isEqualTo("ok" + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void validatePrintsEveryProblemOnePerLine() throws IOException {
    Path f = write("compose.yaml", """
        services:
          web:
            image: nginx
            ports: ["80:80"]
            depends_on: [db]
          proxy:
            image: nginx
            ports: ["80:80"]
        """);
    assertThat(run("validate", "-f", f.toString())).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines()).containsExactly(
        f + ":5:18 services.web.depends_on.db: no such service 'db'",
        f + ":8:13 services.proxy.ports[0]: host port 80/tcp on 0.0.0.0 is also published by service 'web'");
  }

  @Test
  void validateReportsAFormatErrorWithItsLocation() throws IOException {
    Path f = write("compose.yaml", "services:\n  web:\n    image: nginx\n    restart: sometimes\n");
    assertThat(run("validate", "-f", f.toString())).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(f + ":4:14 services.web.restart: invalid restart policy "
        + "'sometimes' (expected no, always, on-failure[:N] or unless-stopped)");
  }

  @Test
  void unknownFlagIsBadInput() {
    assertThat(run("validate", "--nope")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: Unknown option: '--nope'");
  }
}
