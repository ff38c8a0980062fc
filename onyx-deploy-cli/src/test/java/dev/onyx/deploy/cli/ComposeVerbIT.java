package dev.onyx.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.testsupport.Compose;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code compose} verb writes a project the real {@code docker compose} accepts, and keeps its secrets. */
@Tag("docker")
class ComposeVerbIT {
  @TempDir
  Path tmp;

  private static void assertConfigValid(Path dir, String... extra) {
    String[] args = Stream.concat(Stream.of(extra), Stream.of("config", "-q")).toArray(String[]::new);
    Compose.Result r = Compose.run(dir, args);
    assertThat(r.exitCode()).as(dir + " " + List.of(args) + ": " + r.stderr()).isZero();
  }

  private static Map<String, String> secretFiles(Path dir) throws Exception {
    Map<String, String> m = new HashMap<>();
    try (Stream<Path> files = Files.list(dir.resolve("secrets"))) {
      for (Path f : files.toList()) {
        m.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return m;
  }

  @Test
  void composeVerbWritesAValidProjectWithoutAnEngineCall() throws Exception {
    Path dir = tmp.resolve("cli");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = OnyxDeploy.execute(new PrintWriter(out), new PrintWriter(err), "compose",
        "--layout", "classic", "--profile", "server", "--with-logging", "--registry", "mirror.local:5000/",
        "--tag", "v4.6.0", "--out", dir.toString());
    assertThat(status).as(err.toString()).isZero();
    // a short summary: what, where, the next command, where Onyx and Kibana answer; no variables, no secrets
    assertThat(out.toString()).startsWith("Wrote the Onyx stack 'onyx' (10 services) to " + dir.toAbsolutePath().normalize())
        .contains("Start it:  docker compose --project-directory " + dir + " up -d --wait")
        .contains("  nginx   http://localhost/", "  kibana  http://127.0.0.1:5601/")
        .doesNotContain(".env:", "POSTGRES_PASSWORD", "wslconfig()");
    assertThat(out.toString().lines().count()).isLessThan(12);
    assertConfigValid(dir, "--profile", "*");
    assertThat(Files.readString(dir.resolve("compose.yaml")))
        .contains("image: mirror.local:5000/onyxdotapp/onyx-backend:v4.6.0")
        .contains("image: mirror.local:5000/library/postgres:15.2-alpine");
    assertThat(Files.readString(dir.resolve("wslconfig.txt"), StandardCharsets.UTF_8)).contains("[wsl2]");
    assertThat(Files.readString(dir.resolve(".env"))).contains("COMPOSE_PROFILES=logging");
    Map<String, String> secrets = secretFiles(dir);
    // the same command again keeps every secret
    status = OnyxDeploy.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "compose",
        "--layout", "classic", "--out", dir.toString());
    assertThat(status).as(err.toString()).isZero();
    assertThat(secretFiles(dir)).containsAllEntriesOf(secrets);
    // bad input is exit status 2
    assertThat(OnyxDeploy.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        "compose", "--layout", "nonsense", "--out", dir.toString())).isEqualTo(2);
  }

}
