package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image references, credentials lookup (config auths, helpers, environment) and pull policies. */
class RegistryCredentialsTest {
  @Test
  void referencesSplitIntoRegistryPathTagAndDigestAsTheEngineReadsThem() {
    assertThat(ImageRef.parse("postgres")).isEqualTo(new ImageRef("docker.io", "library/postgres", "latest", ""));
    assertThat(ImageRef.parse("onyxdotapp/onyx-backend:v4.6.1"))
        .isEqualTo(new ImageRef("docker.io", "onyxdotapp/onyx-backend", "v4.6.1", ""));
    assertThat(ImageRef.parse("127.0.0.1:5000/team/app:1"))
        .isEqualTo(new ImageRef("127.0.0.1:5000", "team/app", "1", ""));
    assertThat(ImageRef.parse("localhost/app")).isEqualTo(new ImageRef("localhost", "app", "latest", ""));
    assertThat(ImageRef.parse("ghcr.io/a/b@sha256:ab")).isEqualTo(new ImageRef("ghcr.io", "a/b", "", "sha256:ab"));
    assertThat(ImageRef.parse("ghcr.io/a/b@sha256:ab").tagOrDigest()).isEqualTo("sha256:ab");
    assertThat(ImageRef.parse("postgres:16").repository()).isEqualTo("library/postgres");
    assertThat(ImageRef.registryOfKey("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(ImageRef.registryOfKey("http://Registry.Example.com:5000/v2/")).isEqualTo("registry.example.com:5000");
  }

  @Test
  void configAuthsAreFoundByRegistryWhateverTheKeysSpelling() {
    String auth = Base64.getEncoder().encodeToString("bob:p:w".getBytes(StandardCharsets.UTF_8));
    RegistryCredentials c = DockerConfigCredentials.fromText("{\"auths\":{"
        + "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"},"
        + "\"registry.example.com:5000\":{\"identitytoken\":\"tok\"},"
        + "\"other.example.com\":{\"username\":\"u\",\"password\":\"p\"}}}", "test");
    assertThat(c.find("docker.io")).contains(RegistryAuth.basic("bob", "p:w"));
    assertThat(c.find("registry.example.com:5000")).contains(RegistryAuth.identityToken("tok"));
    assertThat(c.find("other.example.com")).contains(RegistryAuth.basic("u", "p"));
    assertThat(c.find("nowhere.example.com")).isEmpty();
    assertThat(RegistryAuth.basic("bob", "p:w").toString()).doesNotContain("p:w").contains("bob");
  }

  @Test
  void credentialHelpersRunWhenInstalledAndAreSkippedWhenNot(@TempDir Path bin) throws Exception {
    Path helper = bin.resolve("docker-credential-fake");
    Files.writeString(helper, "#!/bin/sh\nread server\n"
        + "[ \"$server\" = registry.example.com ] || exit 1\n"
        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"carol\",\"Secret\":\"from-helper\"}' \"$server\"\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
    java.util.function.Function<String, Optional<Path>> programs =
        name -> Files.isExecutable(bin.resolve(name)) ? Optional.of(bin.resolve(name)) : Optional.empty();
    RegistryCredentials c = DockerConfigCredentials.fromText(
        "{\"credHelpers\":{\"registry.example.com\":\"fake\",\"gone.example.com\":\"missing\"}}", "test", programs);
    assertThat(c.find("registry.example.com")).contains(RegistryAuth.basic("carol", "from-helper"));
    assertThat(c.find("gone.example.com")).isEmpty();
    RegistryCredentials store = DockerConfigCredentials.fromText("{\"credsStore\":\"fake\"}", "test", programs);
    assertThat(store.find("registry.example.com")).contains(RegistryAuth.basic("carol", "from-helper"));
    assertThat(store.find("docker.io")).isEmpty();
  }

  @Test
  void codeThenEnvironmentThenConfigFileInThatOrder(@TempDir Path dir) throws Exception {
    RegistryCredentials env = DockerConfigCredentials.fromEnvironment(Map.of("DOCKER_AUTH_CONFIG",
        "{\"auths\":{\"r.example.com\":{\"username\":\"env\",\"password\":\"e\"}}}"));
    Path file = Files.writeString(dir.resolve("config.json"),
        "{\"auths\":{\"r.example.com\":{\"username\":\"file\",\"password\":\"f\"},"
            + "\"s.example.com\":{\"username\":\"file\",\"password\":\"f\"}}}");
    RegistryCredentials all = RegistryCredentials.of("q.example.com", RegistryAuth.basic("code", "c"))
        .orElse(env).orElse(RegistryCredentials.fromDockerConfig(file));
    assertThat(all.find("q.example.com")).contains(RegistryAuth.basic("code", "c"));
    assertThat(all.find("r.example.com")).contains(RegistryAuth.basic("env", "e"));
    assertThat(all.find("s.example.com")).contains(RegistryAuth.basic("file", "f"));
    assertThat(DockerConfigCredentials.fromEnvironment(Map.of()).find("r.example.com")).isEmpty();
    assertThat(RegistryCredentials.fromDockerConfig(dir.resolve("absent.json")).find("r.example.com")).isEmpty();
  }

  @Test
  void theServicesPullPolicyWinsAndBuiltImagesAreNotPulled() {
    Stack stack = Stack.builder("p")
        .addService(Service.builder("a").image("a:1").build())
        .addService(Service.builder("b").image("b:1").pullPolicy("never").build())
        .addService(Service.builder("c").image("c:1").pullPolicy("always").build())
        .addService(Service.builder("d").image("d:1").build(Build.of("d")).build())
        .addService(Service.builder("e").image("e:1").pullPolicy("if_not_present").build())
        .build();
    assertThat(ImagePuller.policies(stack, PullPolicy.MISSING))
        .containsExactly(Map.entry("a:1", PullPolicy.MISSING), Map.entry("c:1", PullPolicy.ALWAYS),
            Map.entry("e:1", PullPolicy.MISSING));
    assertThat(ImagePuller.policies(stack, PullPolicy.NEVER))
        .containsExactly(Map.entry("c:1", PullPolicy.ALWAYS), Map.entry("e:1", PullPolicy.MISSING));
    assertThat(ImagePuller.policies(stack, PullPolicy.ALWAYS)).containsKeys("a:1", "c:1").doesNotContainKeys("b:1", "d:1");
    assertThat(PullPolicy.fromCompose("every_12h")).contains(PullPolicy.MISSING);
    assertThat(PullPolicy.fromCompose("build")).contains(PullPolicy.NEVER);
    assertThat(PullPolicy.fromCompose("sometimes")).isEmpty();
  }

  @Test
  void engineMessagesAreSortedIntoReasons() {
    assertThat(ImageTransfers.reason(404, "manifest for x not found: manifest unknown"))
        .isEqualTo(ImageTransferException.Reason.NOT_FOUND);
    assertThat(ImageTransfers.reason(500, "unauthorized: authentication required"))
        .isEqualTo(ImageTransferException.Reason.UNAUTHORISED);
    assertThat(ImageTransfers.reason(500, "Head \"http://h/v2/x\": no basic auth credentials"))
        .isEqualTo(ImageTransferException.Reason.UNAUTHORISED);
    assertThat(ImageTransfers.reason(500, "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused"))
        .isEqualTo(ImageTransferException.Reason.UNREACHABLE);
    assertThat(ImageTransfers.reason(500, "no space left on device")).isEqualTo(ImageTransferException.Reason.OTHER);
  }
}
