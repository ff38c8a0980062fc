package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.testsupport.Compose;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer against the real {@code docker compose} v2 CLI: what it writes is accepted by
 * {@code docker compose config}, compose reads the values the model holds, and (through
 * {@link ComposeReader}) it reads back to an equal model.
 */
@Tag("docker")
class ComposeWriterConformanceIT {
  /** How many random stacks the property test writes; each costs one compose process. */
  static final int RANDOM_STACKS = Integer.getInteger("onyx.compose.randomStacks", 200);
  static final long SEED = Long.getLong("onyx.compose.seed", 20261130L);

  @TempDir
  Path dir;

  @BeforeAll
  static void composeIsThere() {
    assertThat(Compose.available()).as("docker compose v2 (run scripts/engine-up)").isTrue();
  }

  private static Compose.Result config(Path project, Map<String, String> env, String... extra) {
    List<String> args = new ArrayList<>(List.of("-f", "compose.yaml"));
    args.addAll(List.of(extra));
    return Compose.run(project, Duration.ofMinutes(2), env, args);
  }

  @Test
  void richStackPassesComposeConfigWithEveryValueIntact() throws IOException {
    Stack stack = WriterFixtures.rich();
    ComposeProject.writer(dir).write(stack);
    Files.writeString(dir.resolve("db.env"), "FROM_DB_ENV=1\n");
    Files.createDirectories(dir.resolve("tls"));
    Files.writeString(dir.resolve("tls/key.pem"), "key");
    Files.writeString(dir.resolve("extra.conf"), "x");

    config(dir, Map.of(), "config", "-q").assertOk();
    Compose.Result json = config(dir, Map.of("CI_TOKEN", "ci"), "--profile", "*", "config", "--format", "json")
        .assertOk();
    JsonNode doc = new ObjectMapper().readTree(json.stdout());
    JsonNode db = doc.path("services").path("db");
    JsonNode api = doc.path("services").path("api");
    Service dbModel = stack.service("db").orElseThrow();
    dbModel.environment().forEach((k, v) ->
        assertThat(unescape(db.path("environment").path(k).textValue())).as(k).isEqualTo(v));
    assertThat(db.path("environment").path("POSTGRES_PASSWORD").textValue())
        .isEqualTo(Files.readString(dir.resolve("secrets/db-password")));
    assertThat(unescape(api.path("environment").path("API_KEY").textValue()))
        .isEqualTo(WriterFixtures.GIVEN_SECRET_VALUE);
    assertThat(api.path("environment").path("MULTI").textValue()).isEqualTo("line one\nline two\n");
    assertThat(api.path("environment").path("FROM_HOST").isNull()).isTrue();
    assertThat(unescape(api.path("command").get(2).textValue()))
        .isEqualTo("alembic upgrade head && exec uvicorn app:app --port $PORT");
    assertThat(unescape(api.path("labels").path("com.example.cost").textValue())).isEqualTo("$5/month");
    assertThat(api.path("labels").path("yes").textValue()).isEqualTo("no");
    assertThat(db.path("healthcheck").path("start_interval").textValue()).isEqualTo("500ms");
    assertThat(db.path("healthcheck").path("timeout").textValue()).isEqualTo("2.5s");
    assertThat(db.path("ulimits").path("nproc").path("hard").intValue()).isEqualTo(2048);
    assertThat(db.path("deploy").path("resources").path("limits").path("pids").intValue()).isEqualTo(512);
    assertThat(db.path("secrets").get(1).path("mode").intValue()).isEqualTo(0440);
    assertThat(api.path("deploy").path("resources").path("reservations").path("devices").get(0)
        .path("count").intValue()).isEqualTo(-1);
    assertThat(api.path("depends_on").path("migrate").path("required").booleanValue()).isFalse();
    assertThat(api.path("depends_on").path("cache").path("restart").booleanValue()).isTrue();
    JsonNode https = null;
    for (JsonNode port : api.path("ports")) {
      if ("https".equals(port.path("name").textValue())) {
        https = port;
      }
    }
    assertThat(https).as("the named port").isNotNull();
    assertThat(https.path("host_ip").textValue()).isEqualTo("::1");
    assertThat(https.path("published").textValue()).isEqualTo("8443");
    assertThat(doc.path("services").path("migrate").path("restart").textValue()).isEqualTo("no");
    assertThat(doc.path("services").path("migrate").path("profiles").get(1).textValue()).isEqualTo("on");
    assertThat(Files.readString(dir.resolve("config/plain"))).isEqualTo("plain text\r\nwith CRLF\r\n");
  }

  /** compose prints values with {@code $} escaped as {@code $$}. */
  private static String unescape(String s) {
    return s == null ? null : s.replace("$$", "$");
  }

  @Test
  void randomStacksPassComposeConfigAndReadBackToAnEqualModel() throws Exception {
    Path root = dir.resolve("host");
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      env.put("ONYX_RS_" + i, "from-env-" + i);
    }
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    // Each compose process mostly waits (CLI start-up, plugin hand-off): run a few at once.
    int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int i = 0; i < RANDOM_STACKS; i++) {
        int index = i;
        jobs.add(pool.submit(() -> {
          try {
            check(index, root, env, failures);
          } catch (Exception | AssertionError e) {
            failures.add("stack " + index + " (seed " + SEED + "): " + e);
          }
        }));
      }
      for (Future<?> f : jobs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("%d random stacks checked with docker compose config in %d ms%n", RANDOM_STACKS,
        (System.nanoTime() - start) / 1_000_000);
    assertThat(failures).as("failures (re-run one with -Donyx.compose.seed=%d)", SEED).isEmpty();
  }

  private void check(int index, Path root, Map<String, String> env, List<String> failures) throws IOException {
    Stack stack = RandomStacks.generate(SEED, index, root);
    Path project = dir.resolve("p" + index);
    for (Secret sec : stack.secrets()) {
      if (sec.source() == Secret.Source.FILE) {
        Path f = Path.of(sec.location().orElseThrow());
        Files.createDirectories(f.getParent());
        Files.writeString(f, "file-secret-" + sec.name());
      }
    }
    ComposeProject.writer(project).write(stack);
    // every profile on: the reader keeps every service too (a dependency may be behind a profile)
    Compose.Result r = config(project, env, "--profile", "*", "config", "-q");
    if (!r.ok()) {
      failures.add("stack " + index + ": docker compose config failed: " + r.stderr().strip()
          + "\n" + Files.readString(project.resolve("compose.yaml")));
      return;
    }
    Stack back = ComposeReader.create().withEnvironment(env).read(project.resolve("compose.yaml"));
    Stack expected = expectedAfterReadBack(stack, project, env);
    if (!back.equals(expected)) {
      failures.add("stack " + index + ": read back differently:\n" + difference(expected, back));
    }
  }

  /**
   * What reading the written project gives: secrets kept in files become file secrets, inline
   * configs file configs (absolute paths, as compose resolves them), and variables fed from secrets
   * are plain environment entries with the value compose interpolates.
   */
  static Stack expectedAfterReadBack(Stack s, Path project, Map<String, String> env) {
    Path abs = project.toAbsolutePath().normalize();
    DotEnvFile dotEnv = DotEnvFile.read(abs.resolve(".env"));
    Map<String, String> vars = SecretVariables.of(s);
    Map<String, String> configFiles = ProjectLayout.configFiles(s);
    Stack.Builder b = s.toBuilder();
    List<Secret> secrets = new ArrayList<>();
    for (Secret sec : s.secrets()) {
      secrets.add(ProjectLayout.hasSecretFile(sec)
          ? Secret.fromFile(sec.name(), abs.resolve(ProjectLayout.secretFile(sec)).toString()) : sec);
    }
    b.secrets(secrets);
    List<ConfigFile> configs = new ArrayList<>();
    for (ConfigFile c : s.configs()) {
      configs.add(c.content().isPresent()
          ? ConfigFile.fromFile(c.name(), abs.resolve(configFiles.get(c.name())).toString()) : c);
    }
    b.configs(configs);
    List<Service> services = new ArrayList<>();
    for (Service svc : s.services()) {
      if (svc.secretEnvironment().isEmpty()) {
        services.add(svc);
        continue;
      }
      Service.Builder sb = svc.toBuilder().secretEnvironment(Map.of());
      svc.secretEnvironment().forEach((k, secret) -> {
        String var = vars.get(secret);
        String value = env.containsKey(var) ? env.get(var) : dotEnv.get(var).orElse("");
        sb.env(k, value);
      });
      services.add(sb.build());
    }
    b.services(services);
    return b.build();
  }

  private static String difference(Stack expected, Stack actual) {
    StringBuilder sb = new StringBuilder();
    if (!expected.name().equals(actual.name())) {
      sb.append("  name: ").append(expected.name()).append(" != ").append(actual.name()).append('\n');
    }
    for (Service e : expected.services()) {
      Service a = actual.service(e.name()).orElse(null);
      if (a == null) {
        sb.append("  service ").append(e.name()).append(" missing\n");
      } else if (!a.equals(e)) {
        var comps = Service.class.getRecordComponents();
        for (var c : comps) {
          try {
            Object ev = c.getAccessor().invoke(e);
            Object av = c.getAccessor().invoke(a);
            if (!java.util.Objects.equals(ev, av)) {
              sb.append("  services.").append(e.name()).append('.').append(c.getName()).append(":\n    expected ")
                  .append(ev).append("\n    actual   ").append(av).append('\n');
            }
          } catch (ReflectiveOperationException x) {
            throw new IllegalStateException(x);
          }
        }
      }
    }
    if (!expected.volumes().equals(actual.volumes())) {
      sb.append("  volumes: ").append(expected.volumes()).append(" != ").append(actual.volumes()).append('\n');
    }
    if (!expected.networks().equals(actual.networks())) {
      sb.append("  networks: ").append(expected.networks()).append(" != ").append(actual.networks()).append('\n');
    }
    if (!expected.secrets().equals(actual.secrets())) {
      sb.append("  secrets: ").append(expected.secrets()).append(" != ").append(actual.secrets()).append('\n');
    }
    if (!expected.configs().equals(actual.configs())) {
      sb.append("  configs: ").append(expected.configs()).append(" != ").append(actual.configs()).append('\n');
    }
    return sb.toString();
  }

  static String utf8(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
