package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onyx.deploy.compose.ComposeProject;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.testsupport.Compose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Onyx preset written as a compose project is valid for the real {@code docker compose} (v2),
 * keeps its secrets out of compose.yaml and private, and keeps them across re-writes.
 */
@Tag("docker")
class OnyxPresetComposeIT {
  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

  @TempDir
  Path tmp;

  private static Path write(Stack stack, Path dir) {
    ComposeProject.Writer w = ComposeProject.writer(dir);
    String profiles = OnyxStack.composeProfiles(stack);
    if (!profiles.isEmpty()) {
      w = w.withVariable("COMPOSE_PROFILES", profiles);
    }
    w.write(stack);
    return dir;
  }

  private static void assertConfigValid(Path dir, String... extra) {
    String[] args = Stream.concat(Stream.of(extra), Stream.of("config", "-q")).toArray(String[]::new);
    Compose.Result r = Compose.run(dir, args);
    assertThat(r.exitCode()).as(dir + " " + List.of(args) + ": " + r.stderr()).isZero();
  }

  @Test
  void everyLayoutProfileAndLoggingCombinationPassesComposeConfig() throws Exception {
    int n = 0;
    for (Layout layout : Layout.values()) {
      for (ResourceProfile profile : ResourceProfile.values()) {
        for (boolean logging : new boolean[] {false, true}) {
          Stack stack = OnyxStack.builder().layout(layout).profile(profile).withLogging(logging).build();
          Path dir = write(stack, tmp.resolve("p" + n++));
          assertConfigValid(dir);
          assertConfigValid(dir, "--profile", "*");
          JsonNode all = configJson(dir, "--profile", "*");
          assertThat(all.get("services").size()).isEqualTo(stack.services().size());
          JsonNode none = configJson(dir, "--profile", "");
          assertThat(none.get("services").has("minio")).isFalse();
        }
      }
    }
  }

  @Test
  void everyOptionPassesComposeConfig() throws Exception {
    Files.writeString(tmp.resolve("onyx.crt"), "not read by config\n");
    Files.writeString(tmp.resolve("onyx.key"), "not read by config\n");
    Stack stack = OnyxStack.builder().gpu(true).withCodeInterpreter(true).withLogging(true)
        .registry("mirror.local:5000").tag("v4.6.0").publishHttpPort(8080).publishHttpsPort(8443)
        .tls(Tls.ownCertificates("../onyx.crt", "../onyx.key")).profile(ResourceProfile.SERVER).build();
    Path dir = write(stack, tmp.resolve("all"));
    assertConfigValid(dir, "--profile", "*");
    JsonNode nginx = configJson(dir, "--profile", "*").get("services").get("nginx");
    assertThat(nginx.get("ports").size()).isEqualTo(2);
    Stack postgres = OnyxStack.builder().fileStore(FileStore.POSTGRES).outboundAccess(false).build();
    assertConfigValid(write(postgres, tmp.resolve("pg")));
  }

  @Test
  void onlyNginxPublishesPortsInComposesView() throws Exception {
    JsonNode services = configJson(write(OnyxStack.defaults(), tmp.resolve("d")), "--profile", "*")
        .get("services");
    services.fields().forEachRemaining(e -> assertThat(e.getValue().has("ports"))
        .as(e.getKey()).isEqualTo(e.getKey().equals("nginx")));
    assertThat(services.get("nginx").get("networks").has("public")).isTrue();
    assertThat(services.get("relational_db").get("networks").has("public")).isFalse();
  }

  @Test
  void secretsStayOutOfComposeYamlArePrivateAndReachTheServices() throws Exception {
    Stack stack = OnyxStack.builder().withLogging(true).build();
    Path dir = write(stack, tmp.resolve("s"));
    String yaml = Files.readString(dir.resolve("compose.yaml"));
    Map<String, String> secrets = secretFiles(dir);
    assertThat(secrets.keySet()).contains("postgres_password", "user_auth_secret",
        "encryption_key_secret", "opensearch_admin_password", "minio_root_user", "minio_root_password");
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      assertThat(s.getValue().strip()).hasSizeGreaterThanOrEqualTo(20);
      assertThat(yaml).as("compose.yaml must not hold secret " + s.getKey()).doesNotContain(s.getValue().strip());
    }
    assertThat(yaml.toLowerCase()).doesNotContain("minioadmin").doesNotContain("strongpassword");
    assertThat(Files.getPosixFilePermissions(dir.resolve(".env"))).isEqualTo(OWNER_RW);
    try (Stream<Path> files = Files.list(dir.resolve("secrets"))) {
      for (Path f : files.toList()) {
        assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).isEqualTo(OWNER_RW);
      }
    }
    // compose resolves the variables from .env: the services get the generated values
    JsonNode services = configJson(dir, "--profile", "*").get("services");
    assertThat(services.get("relational_db").get("environment").get("POSTGRES_PASSWORD").asText())
        .isEqualTo(secrets.get("postgres_password").strip());
    assertThat(services.get("api_server").get("environment").get("POSTGRES_PASSWORD").asText())
        .isEqualTo(secrets.get("postgres_password").strip());
    assertThat(services.get("opensearch").get("environment").get("OPENSEARCH_INITIAL_ADMIN_PASSWORD").asText())
        .isEqualTo(services.get("api_server").get("environment").get("OPENSEARCH_ADMIN_PASSWORD").asText())
        .matches(".*[-_.].*");
    assertThat(services.get("api_server").get("environment").get("S3_AWS_SECRET_ACCESS_KEY").asText())
        .isEqualTo(services.get("minio").get("environment").get("MINIO_ROOT_PASSWORD").asText());
    assertThat(services.get("nginx").get("environment")).isNull();
  }

  @Test
  void rewritingKeepsEveryExistingSecret() throws Exception {
    Path dir = tmp.resolve("r");
    write(OnyxStack.defaults(), dir);
    Map<String, String> before = secretFiles(dir);
    String envBefore = Files.readString(dir.resolve(".env"));
    // a different stack from the same preset (new options) into the same folder
    write(OnyxStack.builder().profile(ResourceProfile.SERVER).withLogging(true).build(), dir);
    Map<String, String> after = secretFiles(dir);
    assertThat(after).containsAllEntriesOf(before);
    for (String line : envBefore.split("\n")) {
      if (!line.startsWith("#") && line.contains("=") && !line.startsWith("COMPOSE_PROFILES")) {
        assertThat(Files.readString(dir.resolve(".env"))).contains(line);
      }
    }
    assertConfigValid(dir);
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

  private static JsonNode configJson(Path dir, String... extra) throws Exception {
    String[] args = Stream.concat(Stream.of(extra), Stream.of("config", "--format", "json"))
        .toArray(String[]::new);
    Compose.Result r = Compose.run(dir, args);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return new ObjectMapper().readTree(r.stdout());
  }
}
