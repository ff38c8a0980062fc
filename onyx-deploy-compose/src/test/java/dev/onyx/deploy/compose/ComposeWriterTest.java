package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Ulimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link ComposeWriter}: field mapping, escaping, determinism, secrets. */
class ComposeWriterTest {
  private static final ComposeWriter WRITER = ComposeWriter.create();
  private static final YAMLMapper YAML = new YAMLMapper();

  private static Stack one(Service s) {
    return Stack.builder("t").addService(s).build();
  }

  private static String yaml(Service s) {
    return WRITER.toYaml(one(s));
  }

  private static JsonNode service(Stack stack, String name) throws IOException {
    return YAML.readTree(WRITER.toYaml(stack)).path("services").path(name);
  }

  @Test
  void writesTheRichStackExactlyAsTheGoldenFile() throws IOException {
    String expected;
    try (InputStream in = getClass().getResourceAsStream("rich.compose.yaml")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(WRITER.toYaml(WriterFixtures.rich())).isEqualTo(expected);
  }

  @Test
  void sameStackTwiceGivesIdenticalBytes() {
    Stack a = WriterFixtures.rich();
    Stack b = WriterFixtures.rich();
    assertThat(WRITER.toYaml(a).getBytes(StandardCharsets.UTF_8))
        .isEqualTo(WRITER.toYaml(b).getBytes(StandardCharsets.UTF_8));
    StringWriter out = new StringWriter();
    WRITER.write(a, out);
    assertThat(out.toString()).isEqualTo(WRITER.toYaml(a));
  }

  @Test
  void writesTheCurrentSpecificationWithoutVersionAndTopLevelKeysInOrder() throws IOException {
    String yaml = WRITER.toYaml(WriterFixtures.rich());
    assertThat(yaml).doesNotContain("version:").startsWith("name: rich-shop\nservices:\n");
    List<String> top = new ArrayList<>();
    YAML.readTree(yaml).fieldNames().forEachRemaining(top::add);
    assertThat(top).containsExactly("name", "services", "networks", "volumes", "secrets", "configs");
  }

  @Test
  void keepsServicesInDeclarationOrder() throws IOException {
    Stack s = Stack.builder("t")
        .addService(Service.builder("zeta").image("a").build(), Service.builder("alpha").image("a").build(),
            Service.builder("mid").image("a").build())
        .build();
    List<String> names = new ArrayList<>();
    YAML.readTree(WRITER.toYaml(s)).path("services").fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("zeta", "alpha", "mid");
  }

  @Test
  void formatsDurationsAsCompose() {
    assertThat(ComposeDurations.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(ComposeDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(ComposeDurations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(ComposeDurations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(ComposeDurations.format(Duration.ofHours(1).plusSeconds(1))).isEqualTo("1h1s");
    assertThat(ComposeDurations.format(Duration.ofHours(49))).isEqualTo("49h");
    assertThat(ComposeDurations.format(Duration.ofNanos(1_002_003))).isEqualTo("1ms2us3ns");
    assertThat(ComposeDurations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void writesDurationsAndSizesInTheirComposeForm() throws IOException {
    Service s = Service.builder("a").image("x")
        .healthcheck(Healthcheck.cmd("true").withInterval(Duration.ofSeconds(90))
            .withTimeout(Duration.ofMillis(500)).withStartInterval(Duration.ofSeconds(2)))
        .stopGracePeriod(Duration.ofMinutes(2))
        .shmSize(ByteSize.ofGibibytes(2))
        .resources(Resources.NONE.withLimits(ResourceSpec.of("0.5", "512m")))
        .addMounts(Mount.tmpfs("/t").withTmpfsSize(ByteSize.ofKibibytes(1536)))
        .build();
    String yaml = yaml(s);
    assertThat(yaml).contains("      interval: 1m30s\n", "      timeout: 500ms\n",
        "      start_interval: 2s\n", "    stop_grace_period: 2m\n", "    shm_size: 2g\n",
        "          cpus: 0.5\n", "          memory: 512m\n", "          size: 1536k\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "No", "ON", "off", "y", "n", "true", "False", "null", "NULL", "~", "",
      "1", "1.0", "-1", "+1", ".5", "1e3", "0x1F", "0o17", "012", "1_000", "12:30", "12:30:45",
      "2001-12-14", ".inf", "-.inf", ".nan", "*ref", "&anchor", "!tag", "%dir", "@at", "`tick",
      "#comment", "a #b", "a: b", "key:", "- item", "? q", "[a]", "{a: 1}", "|", ">", "'", "\"",
      "  lead", "trail  ", "tab\there", "line1\nline2", "line1\nline2\n", "\r\n", "back\\slash",
      "<<", "=", "héllo ✓", "\u2028", "emoji \uD83D\uDE00", "x\u0000y", "0", "00", "1m30s", "512m"})
  void quotesEveryStringSoYamlReadsBackTheSameString(String value) throws IOException {
    String doc = "k: " + YamlEmitter.quote(value) + "\n";
    JsonNode n = YAML.readTree(doc).get("k");
    assertThat(n.isTextual()).as(doc).isTrue();
    assertThat(n.textValue()).as(doc).isEqualTo(value);
    String keyDoc = YamlEmitter.quote(value.isEmpty() ? "e" : value) + ": v\n";
    assertThat(YAML.readTree(keyDoc).fieldNames().next()).as(keyDoc).isEqualTo(value.isEmpty() ? "e" : value);
  }

  @Test
  void leavesSafeStringsPlain() {
    assertThat(YamlEmitter.quote("postgres:16")).isEqualTo("postgres:16");
    assertThat(YamlEmitter.quote("./data")).isEqualTo("./data");
    assertThat(YamlEmitter.quote("/var/lib/x")).isEqualTo("/var/lib/x");
    assertThat(YamlEmitter.quote("30s")).isEqualTo("30s");
    assertThat(YamlEmitter.quote("yes")).isEqualTo("\"yes\"");
    assertThat(YamlEmitter.quote("8080:80")).isEqualTo("\"8080:80\"");
  }

  @Test
  void quotesEveryReservedWordInAnyCaseAndNothingNextToThem() {
    for (String w : YamlEmitter.RESERVED) {
      String title = Character.toUpperCase(w.charAt(0)) + w.substring(1);
      for (String v : List.of(w, w.toUpperCase(java.util.Locale.ROOT), title)) {
        assertThat(YamlEmitter.quote(v)).as(v).isEqualTo("\"" + v + "\"");
      }
      assertThat(YamlEmitter.quote(w + "x")).as(w + "x").isEqualTo(w + "x");
      assertThat(YamlEmitter.quote("x" + w)).as("x" + w).isEqualTo("x" + w);
    }
    assertThat(YamlEmitter.quote("nul")).isEqualTo("nul");
    assertThat(YamlEmitter.quote("o")).isEqualTo("o");
  }

  @Test
  void escapesDollarInEveryInterpolatedValueButNotInSecretReferences() throws IOException {
    Stack stack = Stack.builder("t")
        .addSecret(Secret.generated("db-pass"))
        .addService(Service.builder("a").image("img:$TAG")
            .command(List.of("sh", "-c", "echo $HOME ${X}"))
            .env("P", "pa$$word")
            .secretEnv("DB_PASSWORD", "db-pass")
            .label("cost", "$5")
            .healthcheck(Healthcheck.shell("test $$ -gt 0"))
            .build())
        .build();
    String yaml = WRITER.toYaml(stack);
    assertThat(yaml).contains("image: \"img:$$TAG\"", "\"echo $$HOME $${X}\"", "P: \"pa$$$$word\"",
        "cost: \"$$5\"", "\"test $$$$ -gt 0\"", "DB_PASSWORD: \"${DB_PASS}\"");
  }

  @Test
  void writesMultiLineValuesSoTheySurvive() throws IOException {
    String script = "#!/bin/sh\nset -e\necho \"done\"\n";
    JsonNode svc = service(one(Service.builder("a").image("x").env("SCRIPT", script)
        .command(List.of("sh", "-c", script)).build()), "a");
    assertThat(svc.path("environment").path("SCRIPT").textValue()).isEqualTo(script);
    assertThat(svc.path("command").get(2).textValue()).isEqualTo(script);
  }

  @Test
  void writesANullEnvironmentValueAsAKeyWithoutValue() throws IOException {
    String yaml = yaml(Service.builder("a").image("x").env("FROM_SHELL", null).env("SET", "1").build());
    assertThat(yaml).contains("      FROM_SHELL:\n      SET: \"1\"\n");
    JsonNode env = YAML.readTree(yaml).path("services").path("a").path("environment");
    assertThat(env.get("FROM_SHELL").isNull()).isTrue();
  }

  @Test
  void neverWritesSecretValues() {
    Secret generated = Secret.generated("gen");
    Stack stack = Stack.builder("t")
        .addSecret(generated, Secret.ofValue("given", "s3cr3t-given-value"),
            Secret.fromFile("file", "/etc/secret"), Secret.fromEnvironment("env", "TOKEN"))
        .addService(Service.builder("a").image("x").secretEnv("A", "gen").secretEnv("B", "given")
            .secretEnv("C", "env")
            .addSecrets(dev.onyx.deploy.core.FileReference.of("gen"),
                dev.onyx.deploy.core.FileReference.of("file"))
            .build())
        .build();
    String yaml = WRITER.toYaml(stack);
    assertThat(yaml).doesNotContain("s3cr3t-given-value")
        .contains("  gen:\n    file: ./secrets/gen\n", "  given:\n    file: ./secrets/given\n",
            "  file:\n    file: /etc/secret\n", "  env:\n    environment: TOKEN\n",
            "A: \"${GEN}\"", "B: \"${GIVEN}\"", "C: \"${TOKEN}\"");
  }

  @Test
  void derivesDeterministicVariableNamesForSecrets() {
    Stack stack = Stack.builder("t")
        .addSecret(Secret.generated("db-password"), Secret.generated("db_password"),
            Secret.generated("1st.key"), Secret.generated("home"), Secret.fromEnvironment("ci", "CI_TOKEN"))
        .build();
    assertThat(SecretVariables.of(stack)).containsExactly(
        java.util.Map.entry("db-password", "DB_PASSWORD"), java.util.Map.entry("db_password", "DB_PASSWORD_2"),
        java.util.Map.entry("1st.key", "_1ST_KEY"), java.util.Map.entry("home", "HOME_SECRET"),
        java.util.Map.entry("ci", "CI_TOKEN"));
  }

  @Test
  void usesShortPortSyntaxWhenLosslessAndLongOtherwise() throws IOException {
    Service s = Service.builder("a").image("x")
        .addPorts(PortMapping.publish(80, 8080), PortMapping.exposed(9000).withProtocol(Protocol.SCTP),
            PortMapping.exposed(53).onHostIp("127.0.0.1").withProtocol(Protocol.UDP),
            TestValues.port(Optional.of("::1"), Optional.of(PortRange.of(443)), PortRange.of(8443),
                Protocol.TCP, Optional.empty()),
            TestValues.port(Optional.empty(), Optional.of(PortRange.of(81)), PortRange.of(81),
                Protocol.TCP, Optional.of("web")),
            TestValues.port(Optional.of("::1"), Optional.of(new PortRange(8000, 8001)), new PortRange(90, 91),
                Protocol.UDP, Optional.empty()))
        .build();
    JsonNode ports = service(one(s), "a").path("ports");
    assertThat(ports.get(0).textValue()).isEqualTo("80:8080");
    assertThat(ports.get(1).textValue()).isEqualTo("9000/sctp");
    assertThat(ports.get(2).textValue()).isEqualTo("127.0.0.1::53/udp");
    assertThat(ports.get(3).path("host_ip").textValue()).isEqualTo("::1");
    assertThat(ports.get(3).path("published").textValue()).isEqualTo("443");
    assertThat(ports.get(3).path("target").intValue()).isEqualTo(8443);
    assertThat(ports.get(4).path("name").textValue()).isEqualTo("web");
    assertThat(ports.get(5).textValue()).isEqualTo("[::1]:8000-8001:90-91/udp");
  }

  @Test
  void usesShortMountSyntaxWhenLosslessAndLongOtherwise() throws IOException {
    Stack stack = Stack.builder("t").addVolume(dev.onyx.deploy.core.Volume.named("data"))
        .addService(Service.builder("a").image("x")
            .addMounts(Mount.volume("data", "/d"), Mount.bind("./conf", "/c").asReadOnly(),
                Mount.bind("relative", "/r"), Mount.anonymousVolume("/anon"),
                Mount.anonymousVolume("/anon-ro").asReadOnly(), Mount.tmpfs("/t1"),
                Mount.bind("/abs", "/abs"))
            .addTmpfs(Tmpfs.at("/t2"), Tmpfs.at("/t3", "size=16m", "mode=1750", "exec"))
            .build())
        .build();
    JsonNode svc = service(stack, "a");
    JsonNode v = svc.path("volumes");
    assertThat(v.get(0).textValue()).isEqualTo("data:/d");
    assertThat(v.get(1).textValue()).isEqualTo("./conf:/c:ro");
    assertThat(v.get(2).path("type").textValue()).isEqualTo("bind");
    assertThat(v.get(2).path("source").textValue()).isEqualTo("relative");
    assertThat(v.get(2).path("bind").path("create_host_path").booleanValue()).isTrue();
    assertThat(v.get(3).textValue()).isEqualTo("/anon");
    assertThat(v.get(4).path("read_only").booleanValue()).isTrue();
    assertThat(v.get(5).path("type").textValue()).isEqualTo("tmpfs");
    assertThat(v.get(6).textValue()).isEqualTo("/abs:/abs");
    assertThat(v).hasSize(7);
    assertThat(v.get(4).path("volume").isObject()).as("the short syntax's volume: {} block").isTrue();
    assertThat(svc.path("tmpfs").get(0).textValue()).isEqualTo("/t2");
    assertThat(svc.path("tmpfs").get(1).textValue()).isEqualTo("/t3:size=16m,mode=1750,exec");
  }

  @Test
  void writesSelinuxRelabelOptionsInTheShortSyntaxAndAsBindSelinuxInTheLongOne() throws IOException {
    Stack stack = Stack.builder("t").addVolume(dev.onyx.deploy.core.Volume.named("data"))
        .addService(Service.builder("a").image("x")
            .addMounts(Mount.bind("./conf", "/c").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE),
                Mount.bind("/abs", "/abs").withSelinux(Mount.SelinuxLabel.SHARED),
                Mount.volume("data", "/d").withSelinux(Mount.SelinuxLabel.PRIVATE),
                Mount.volume("data", "/d-ro").asReadOnly().withSelinux(Mount.SelinuxLabel.SHARED),
                Mount.bind("relative", "/r").withSelinux(Mount.SelinuxLabel.PRIVATE),
                Mount.anonymousVolume("/anon").withSelinux(Mount.SelinuxLabel.SHARED),
                Mount.bind("./plain", "/p"))
            .build())
        .build();
    JsonNode v = service(stack, "a").path("volumes");
    assertThat(v.get(0).textValue()).isEqualTo("./conf:/c:ro,Z");
    assertThat(v.get(1).textValue()).isEqualTo("/abs:/abs:z");
    assertThat(v.get(2).textValue()).isEqualTo("data:/d:Z");
    assertThat(v.get(3).textValue()).isEqualTo("data:/d-ro:ro,z");
    assertThat(v.get(4).path("type").textValue()).isEqualTo("bind");
    assertThat(v.get(4).path("bind").path("selinux").textValue()).isEqualTo("Z");
    assertThat(v.get(4).path("bind").path("create_host_path").booleanValue()).isTrue();
    assertThat(v.get(5).path("type").textValue()).isEqualTo("volume");
    assertThat(v.get(5).has("source")).isFalse();
    assertThat(v.get(5).path("bind").path("selinux").textValue()).isEqualTo("z");
    assertThat(v.get(5).path("bind").has("create_host_path")).isFalse();
    assertThat(v.get(6).textValue()).isEqualTo("./plain:/p");
    assertThat(v).hasSize(7);
    assertThat(WRITER.toYaml(stack)).contains("      - type: volume\n        target: /anon\n        bind:\n"
        + "          selinux: z\n");
  }

  @Test
  void writesDependsOnInTheLongFormWithConditionRequiredAndRestart() throws IOException {
    Stack stack = Stack.builder("t")
        .addService(Service.builder("db").image("x").build(), Service.builder("job").image("x").build(),
            Service.builder("a").image("x").addDependsOn(DependsOn.healthy("db").withRestart(),
                DependsOn.completed("job").optional()).build())
        .build();
    JsonNode deps = service(stack, "a").path("depends_on");
    assertThat(deps.path("db").path("condition").textValue()).isEqualTo("service_healthy");
    assertThat(deps.path("db").path("restart").booleanValue()).isTrue();
    assertThat(deps.path("db").has("required")).isFalse();
    assertThat(deps.path("job").path("condition").textValue()).isEqualTo("service_completed_successfully");
    assertThat(deps.path("job").path("required").booleanValue()).isFalse();
  }

  @Test
  void writesUlimitsAsOneValueWhenSoftEqualsHard() {
    String yaml = yaml(Service.builder("a").image("x")
        .addUlimits(Ulimit.of("nofile", 1024), new Ulimit("nproc", 10, 20), Ulimit.of("memlock", -1)).build());
    assertThat(yaml).contains("    ulimits:\n      nofile: 1024\n      nproc:\n        soft: 10\n"
        + "        hard: 20\n      memlock: -1\n");
  }

  @Test
  void writesHealthcheckNoneAsDisable() {
    assertThat(yaml(Service.builder("a").image("x").healthcheck(Healthcheck.none()).build()))
        .contains("    healthcheck:\n      disable: true\n");
  }

  @Test
  void writesFileModesInOctal() throws IOException {
    Stack stack = Stack.builder("t").addConfig(ConfigFile.inline("c", "x"))
        .addService(Service.builder("a").image("x")
            .addConfigs(dev.onyx.deploy.core.FileReference.of("c", "/c").withMode(0440)).build())
        .build();
    String yaml = WRITER.toYaml(stack);
    assertThat(yaml).contains("        mode: 0440\n");
    assertThat(YAML.readTree(yaml).path("services").path("a").path("configs").get(0).path("mode").intValue())
        .isEqualTo(0440);
  }

  @Test
  void refusesAPidsReservationWhichComposeCannotHold() {
    Service s = Service.builder("a").image("x")
        .resources(Resources.NONE.withReservations(ResourceSpec.NONE.withPids(10))).build();
    assertThatThrownBy(() -> yaml(s)).isInstanceOf(ComposeFormatException.class)
        .hasMessage("services.a.deploy.resources.reservations.pids: compose has no pids reservation "
            + "(pids is a limit only): move it to the limits");
  }

  @Test
  void refusesConfigFileNamesOutsideTheConfigFolder() {
    Stack stack = Stack.builder("t").addConfig(ConfigFile.inline("c", "../evil.conf", "x")).build();
    ComposeWriter project = ComposeWriter.forProject();
    assertThatThrownBy(() -> project.toYaml(stack)).isInstanceOf(ComposeFormatException.class)
        .hasMessageStartingWith("configs.c.file_name: invalid file name '../evil.conf'");
    Stack twice = Stack.builder("t").addConfig(ConfigFile.inline("a", "same.conf", "x"),
        ConfigFile.inline("b", "same.conf", "y")).build();
    assertThatThrownBy(() -> project.toYaml(twice)).isInstanceOf(ComposeFormatException.class)
        .hasMessage("configs.b.file_name: file 'config/same.conf' is also used by config 'a' "
            + "(give each a distinct file name)");
  }

  @Test
  void writesInlineConfigsInlineSoThatTheDocumentStandsAlone() {
    Stack stack = Stack.builder("t").addConfig(ConfigFile.inline("nginx", "nginx/site.conf", "a $x\n"),
        ConfigFile.fromEnvironment("env", "CONF"), ConfigFile.builder("ext").external(true).customName("shared").build())
        .build();
    assertThat(WRITER.toYaml(stack)).contains("configs:\n  nginx:\n    content: \"a $$x\\n\"\n"
        + "  env:\n    environment: CONF\n  ext:\n    name: shared\n    external: true\n");
  }

  @Test
  void theProjectWriterWritesInlineConfigsAsFilesUnderConfig() {
    Stack stack = Stack.builder("t").addConfig(ConfigFile.inline("nginx", "nginx/site.conf", "x"),
        ConfigFile.inline("plain", "y"), ConfigFile.fromFile("ext", "/etc/ext.conf")).build();
    assertThat(ComposeWriter.forProject().toYaml(stack)).contains("configs:\n  nginx:\n    file: ./config/nginx/site.conf\n"
        + "  plain:\n    file: ./config/plain\n  ext:\n    file: /etc/ext.conf\n");
  }
}
