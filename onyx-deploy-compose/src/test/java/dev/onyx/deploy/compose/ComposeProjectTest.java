package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.OnyxDeployException;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ComposeProject}: files, modes, secrets kept on re-runs, atomic writes. */
class ComposeProjectTest {
  @TempDir
  Path dir;

  private static Stack stack(Secret... secrets) {
    Service.Builder db = Service.builder("db").image("postgres:16");
    for (Secret s : secrets) {
      db.addSecrets(FileReference.of(s.name()));
    }
    if (secrets.length > 0) {
      db.secretEnv("POSTGRES_PASSWORD", secrets[0].name());
    }
    return Stack.builder("shop").addSecret(secrets)
        .addConfig(ConfigFile.inline("init", "init.sql", "CREATE TABLE t (id int);\n"))
        .addService(db.addConfigs(FileReference.of("init", "/docker-entrypoint-initdb.d/init.sql")).build())
        .build();
  }

  private String read(String rel) throws IOException {
    return Files.readString(dir.resolve(rel), StandardCharsets.UTF_8);
  }

  private String mode(String rel) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(rel)));
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void writesComposeFileEnvSecretsConfigsAndReadme() throws IOException {
    Stack stack = stack(Secret.generated("db-password"), Secret.ofValue("api", "given-value"));
    WriteReport report = ComposeProject.writer(dir).write(stack);

    assertThat(read("compose.yaml")).isEqualTo(ComposeWriter.forProject().toYaml(stack));
    String generated = read("secrets/db-password");
    assertThat(generated).matches("[A-Za-z0-9]{32}");
    assertThat(read("secrets/api")).isEqualTo("given-value");
    assertThat(read(".env")).contains("\nDB_PASSWORD=" + generated + "\n");
    assertThat(read("config/init.sql")).isEqualTo("CREATE TABLE t (id int);\n");
    assertThat(read("README.txt")).contains("docker compose up -d --wait", "docker compose down");
    assertThat(report.added()).containsExactly("secrets/db-password", ".env:DB_PASSWORD", "secrets/api",
        ".env", "config/init.sql", "compose.yaml", "README.txt");
    assertThat(report.kept()).isEmpty();
    assertThat(report.summary()).doesNotContain(generated, "given-value");
  }

  @Test
  void neverPutsSecretValuesInComposeYaml() throws IOException {
    Stack stack = stack(Secret.generated("db-password"), Secret.ofValue("api", "given-value-XYZ"));
    ComposeProject.writer(dir).write(stack);
    String yaml = read("compose.yaml");
    assertThat(yaml).doesNotContain(read("secrets/db-password")).doesNotContain("given-value-XYZ");
  }

  @Test
  void makesEnvAndSecretFilesPrivate() throws IOException {
    assumeTrue(posix(), "POSIX file modes");
    ComposeProject.writer(dir).write(stack(Secret.generated("db-password")));
    assertThat(mode(".env")).isEqualTo("rw-------");
    assertThat(mode("secrets/db-password")).isEqualTo("rw-------");
    assertThat(mode("secrets")).isEqualTo("rwx------");
    assertThat(mode("compose.yaml")).isEqualTo("rw-r--r--");
    assertThat(mode("config/init.sql")).isEqualTo("rw-r--r--");
  }

  @Test
  void reRunKeepsExistingSecretsAndAddsNewOnes() throws IOException {
    Secret pw = Secret.generated("db-password");
    ComposeProject.writer(dir).write(stack(pw));
    String first = read("secrets/db-password");
    String envBefore = read(".env");

    WriteReport again = ComposeProject.writer(dir).write(stack(pw, Secret.generated("other")));

    assertThat(read("secrets/db-password")).isEqualTo(first);
    assertThat(read(".env")).startsWith(envBefore).contains("DB_PASSWORD=" + first);
    assertThat(again.kept()).containsExactly("secrets/db-password", ".env:DB_PASSWORD");
    assertThat(again.added()).containsExactly("secrets/other");
    assertThat(again.changed()).containsExactly("compose.yaml");
    assertThat(again.unchanged()).containsExactly("config/init.sql", "README.txt");
    assertThat(read("secrets/other")).matches("[A-Za-z0-9]{32}").isNotEqualTo(first);
  }

  @Test
  void reRunOfTheSameStackChangesNothing() throws IOException {
    Stack stack = stack(Secret.generated("db-password"));
    ComposeProject.writer(dir).write(stack);
    String env = read(".env");
    WriteReport again = ComposeProject.writer(dir).write(stack);
    assertThat(again.added()).isEmpty();
    assertThat(again.changed()).isEmpty();
    assertThat(again.kept()).containsExactly("secrets/db-password", ".env:DB_PASSWORD");
    assertThat(read(".env")).isEqualTo(env);
  }

  @Test
  void completesAMissingEnvVariableFromTheExistingSecretFile() throws IOException {
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/db-password"), "existing-password");
    Files.writeString(dir.resolve(".env"), "# my notes\nWEB_PORT=8080 # port\n\nOTHER='x y'\n");

    WriteReport r = ComposeProject.writer(dir).withVariable("WEB_PORT", "80")
        .withVariable("NEW_TUNABLE", "on").write(stack(Secret.generated("db-password")));

    assertThat(read("secrets/db-password")).isEqualTo("existing-password");
    assertThat(read(".env")).startsWith("# my notes\nWEB_PORT=8080 # port\n\nOTHER='x y'\n")
        .contains("DB_PASSWORD=existing-password\n").endsWith("NEW_TUNABLE=on\n");
    assertThat(r.kept()).containsExactly("secrets/db-password", ".env:WEB_PORT");
    assertThat(r.added()).contains(".env:DB_PASSWORD", ".env:NEW_TUNABLE");
  }

  @Test
  void completesAMissingSecretFileFromTheExistingEnvVariable() throws IOException {
    Files.writeString(dir.resolve(".env"), "DB_PASSWORD=from-env\n");
    WriteReport r = ComposeProject.writer(dir).write(stack(Secret.generated("db-password")));
    assertThat(read("secrets/db-password")).isEqualTo("from-env");
    assertThat(read(".env")).isEqualTo("DB_PASSWORD=from-env\n");
    assertThat(r.kept()).containsExactly(".env:DB_PASSWORD");
    assertThat(r.added()).contains("secrets/db-password");
  }

  @Test
  void keepsAnExistingGivenSecretAndWarnsWhenTheStackGivesAnotherValue() throws IOException {
    ComposeProject.writer(dir).write(stack(Secret.ofValue("api", "old-value")));
    WriteReport r = ComposeProject.writer(dir).write(stack(Secret.ofValue("api", "new-value")));
    assertThat(read("secrets/api")).isEqualTo("old-value");
    assertThat(r.kept()).contains("secrets/api");
    assertThat(r.warnings()).singleElement().asString()
        .contains("secret 'api'", "existing value is kept").doesNotContain("old-value", "new-value");
  }

  @Test
  void reportsSecretFilesNoLongerUsedWithoutDeletingThem() throws IOException {
    ComposeProject.writer(dir).write(stack(Secret.generated("db-password"), Secret.generated("gone")));
    WriteReport r = ComposeProject.writer(dir).write(stack(Secret.generated("db-password")));
    assertThat(r.unused()).containsExactly("secrets/gone");
    assertThat(dir.resolve("secrets/gone")).exists();
  }

  @Test
  void leavesNoTemporaryFiles() throws IOException {
    Stack stack = stack(Secret.generated("db-password"));
    ComposeProject.writer(dir).write(stack);
    ComposeProject.writer(dir).write(stack.withService("db", b -> b.env("X", "1")));
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".tmp")).contains("compose.yaml", ".env", "db-password");
    }
  }

  @Test
  void writesAtomicallyOverAnExistingFile() throws IOException {
    Path target = dir.resolve("f.txt");
    Files.writeString(target, "old");
    ComposeProject.Writer.atomicWrite(target, "new".getBytes(StandardCharsets.UTF_8), true);
    assertThat(target).hasContent("new");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void withoutSecretValuesWritesAnEnvExampleAndNoSecret() throws IOException {
    Stack stack = stack(Secret.generated("db-password"), Secret.ofValue("api", "given-value"),
        Secret.fromEnvironment("ci", "CI_TOKEN"));
    WriteReport r = ComposeProject.writer(dir).withoutSecretValues().withVariable("WEB_PORT", "80")
        .write(stack);
    assertThat(dir.resolve(".env")).doesNotExist();
    assertThat(dir.resolve("secrets")).doesNotExist();
    String example = read(".env.example");
    assertThat(example).contains(
        "# secret db-password: generated on the target: 32 random letters and digits; the same value "
            + "in secrets/db-password\nDB_PASSWORD=\n",
        "# secret api: set on the target (the value is not part of the bundle); written to secrets/api\n",
        "# secret ci: taken from the variable CI_TOKEN of the deploying environment\n",
        "WEB_PORT=80\n").doesNotContain("given-value");
    assertThat(r.added()).contains(".env.example", "compose.yaml").noneMatch(a -> a.startsWith("secrets/"));
    assertThat(read("README.txt")).contains(".env.example");
  }

  @Test
  void copiesAFileSecretReadThroughAVariableIntoEnv() throws IOException {
    Files.writeString(dir.resolve("token.txt"), "tok-123\n");
    Stack stack = Stack.builder("t").addSecret(Secret.fromFile("token", "./token.txt"))
        .addService(Service.builder("a").image("x").secretEnv("TOKEN", "token").build()).build();
    ComposeProject.writer(dir).write(stack);
    assertThat(read(".env")).contains("TOKEN=tok-123\n");
    assertThat(dir.resolve("secrets")).doesNotExist();

    Stack missing = Stack.builder("t").addSecret(Secret.fromFile("k", "./nope.txt"))
        .addService(Service.builder("a").image("x").secretEnv("K", "k").build()).build();
    Path other = dir.resolve("other");
    assertThatThrownBy(() -> ComposeProject.writer(other).write(missing))
        .isInstanceOf(OnyxDeployException.class).hasMessageContaining("secret 'k'")
        .hasMessageContaining("nope.txt");
  }

  @Test
  void quotesEnvValuesSoComposeReadsThemBack() throws IOException {
    Stack stack = Stack.builder("t").addSecret(Secret.ofValue("s", "it's a $ecret \"x\" # y"))
        .addService(Service.builder("a").image("x").secretEnv("S", "s").build()).build();
    ComposeProject.writer(dir).write(stack);
    assertThat(DotEnvFile.read(dir.resolve(".env")).get("S")).contains("it's a $ecret \"x\" # y");
  }

  @Test
  void reportsNoValuesInItsSummary() {
    WriteReport r = new WriteReport(dir, List.of("a"), List.of("b"), List.of("c"), List.of(), List.of("d"),
        List.of("w"));
    assertThat(r.summary()).contains("added: a", "kept: b", "changed: c", "unused: d", "warning: w");
  }
}
