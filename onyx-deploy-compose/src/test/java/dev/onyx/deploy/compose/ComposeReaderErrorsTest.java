package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.ValidationProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for the error paths of {@link ComposeReader}: each malformed input gives one
 * {@link ComposeFormatException} whose message is {@code FILE:LINE:COLUMN PATH: PROBLEM}.
 */
class ComposeReaderErrorsTest {
  @TempDir
  Path dir;

  private Path file;

  private ComposeFormatException error(String yaml) throws IOException {
    file = dir.resolve("compose.yaml");
    Files.writeString(file, yaml);
    return catchThrowableOfType(ComposeFormatException.class,
        () -> ComposeReader.create().withEnvironment(Map.of()).read(file));
  }

  private String at(int line, int column, String rest) {
    return file + ":" + line + ":" + column + " " + rest;
  }

  @Test
  void badYaml() throws IOException {
    ComposeFormatException e = error("services:\n  web:\n    image: nginx\n   ports: [80]\n");
    assertThat(e).hasMessage(file + ":4:4: invalid YAML: bad indentation: this line is indented neither as a key "
        + "of the mapping that started at 2:3 nor as a value under one of its keys");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isEqualTo(4);
  }

  @Test
  void unclosedFlowSequenceIsReportedWhereItStarted() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    ports: [80\n"))
        .hasMessage(file + ":4:12: invalid YAML: flow sequence '[' not closed; found the end of the file at 5:1: "
            + "close it with ']'");
    assertThat(error("services:\n  web:\n    image: nginx\n    ports: [\"80:80\",\n    command: x\n"))
        .hasMessage(file + ":4:12: invalid YAML: flow sequence '[' not closed; found ':' at 5:12 (a key of the "
            + "enclosing mapping?): close it with ']'");
  }

  @Test
  void unclosedFlowMappingAndQuoteAreReportedWhereTheyStarted() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    environment: {A: 1,\n    command: x\n"))
        .hasMessage(file + ":4:18: invalid YAML: flow mapping '{' not closed; found ':' at 5:12 (a key of the "
            + "enclosing mapping?): close it with '}'");
    assertThat(error("services:\n  web:\n    image: \"nginx\n    command: x\n"))
        .hasMessage(file + ":3:12: invalid YAML: quoted string not closed; found ':' at 4:12 (a key of the "
            + "enclosing mapping?): close it with its quote");
  }

  @Test
  void unknownTopLevelKey() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\nservice:\n  db: {}\n")).hasMessage(at(4, 1,
        "service: unknown key 'service' (expected one of configs, models, name, networks, secrets, services, version, "
            + "volumes, or an x- extension)"));
  }

  @Test
  void unknownServiceKey() throws IOException {
    ComposeFormatException e = error("services:\n  web:\n    image: nginx\n    prots: [80]\n");
    assertThat(e).hasMessage(at(4, 5, "services.web.prots: unknown key 'prots' (not in the Compose Specification; "
        + "did you mean 'ports'?)"));
    assertThat(e.path()).isEqualTo("services.web.prots");
    assertThat(e.problem()).isEqualTo("unknown key 'prots' (not in the Compose Specification; did you mean 'ports'?)");
  }

  @Test
  void aKeyFarFromAnyKnownOneGetsNoSuggestion() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    zzzzzzzz: 1\n")).hasMessage(at(4, 5,
        "services.web.zzzzzzzz: unknown key 'zzzzzzzz' (not in the Compose Specification)"));
  }

  @Test
  void badDuration() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [CMD, true]\n      interval: 10 seconds\n"))
        .hasMessage(at(6, 17, "services.web.healthcheck.interval: invalid duration '10 seconds' (expected e.g. 30s, 1m30s, 500ms, 1h)"));
  }

  @Test
  void badPort() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    ports:\n      - \"443:443\"\n      - \"80:80:80:80\"\n"))
        .hasMessage(at(6, 9, "services.web.ports[1]: invalid port '80:80:80:80' (expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])"));
  }

  @Test
  void badPortNumber() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    ports: [\"80:http\"]\n"))
        .hasMessage(at(4, 13, "services.web.ports[0]: invalid port '80:http' ('http' is not a port or range)"));
  }

  @Test
  void badSize() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    shm_size: lots\n"))
        .hasMessage(at(4, 15, "services.web.shm_size: invalid size 'lots' (expected e.g. 512m, 2g or a number of bytes)"));
  }

  @Test
  void undefinedRequiredVariable() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    environment:\n      X: ${X:?need X}\n"))
        .hasMessage(at(5, 10, "services.web.environment.X: required variable 'X' is missing a value: need X"));
  }

  @Test
  void badInterpolationFormat() throws IOException {
    assertThat(error("services:\n  web:\n    image: \"nginx:${TAG\"\n"))
        .hasMessageStartingWith(at(3, 12, "services.web.image: invalid interpolation format in 'nginx:${TAG'"));
  }

  @Test
  void cyclicExtends() throws IOException {
    assertThat(error("services:\n  a:\n    image: x\n    extends: b\n  b:\n    extends:\n      service: a\n"))
        .hasMessage(at(7, 7, "services.b.extends: cyclic extends: a -> b -> a"));
  }

  @Test
  void missingExtendsFile() throws IOException {
    assertThat(error("services:\n  web:\n    extends:\n      file: base.yaml\n      service: app\n"))
        .hasMessage(at(4, 13, "services.web.extends.file: extended file " + dir.resolve("base.yaml") + " not found"));
  }

  @Test
  void extendsAMissingService() throws IOException {
    assertThat(error("services:\n  web:\n    extends: nothere\n"))
        .hasMessage(at(3, 14, "services.web.extends: no service 'nothere'"));
  }

  @Test
  void missingRequiredEnvFile() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    env_file:\n      - path: web.env\n"))
        .hasMessage(at(5, 9, "services.web.env_file[0]: env file " + dir.resolve("web.env")
            + " not found (create it, or use {path: ..., required: false})"));
  }

  @Test
  void wrongTypeListWhereMappingExpected() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    logging:\n      - json-file\n"))
        .hasMessage(at(5, 7, "services.web.logging: must be a mapping, not a list"));
  }

  @Test
  void wrongTypeMappingWhereValueExpected() throws IOException {
    assertThat(error("services:\n  web:\n    image:\n      name: nginx\n"))
        .hasMessage(at(4, 7, "services.web.image: must be a single value, not a mapping"));
  }

  @Test
  void badDependsOnCondition() throws IOException {
    assertThat(error("services:\n  db: {image: db}\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: healthy\n"))
        .hasMessage(at(7, 20, "services.web.depends_on.db.condition: invalid condition 'healthy' (expected "
            + "service_started, service_healthy or service_completed_successfully)"));
  }

  @Test
  void badRestartPolicy() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    restart: sometimes\n"))
        .hasMessage(at(4, 14, "services.web.restart: invalid restart policy 'sometimes' (expected no, always, on-failure[:N] or unless-stopped)"));
  }

  @Test
  void badUlimit() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    ulimits:\n      nofile:\n        soft: 1024\n"))
        .hasMessage(at(6, 9, "services.web.ulimits.nofile: invalid ulimit: needs both soft and hard (or a single number)"));
    assertThat(error("services:\n  web:\n    image: nginx\n    ulimits:\n      nproc: many\n"))
        .hasMessage(at(5, 14, "services.web.ulimits.nproc: invalid ulimit 'many' (expected a whole number, -1 for unlimited)"));
  }

  @Test
  void duplicateKey() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    image: httpd\n"))
        .hasMessage(file + ":4:5: mapping key 'image' already defined at line 3");
  }

  @Test
  void badHealthcheckTest() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [curl, -f, http://localhost]\n"))
        .hasMessage(at(5, 13, "services.web.healthcheck.test: must start with CMD, CMD-SHELL or NONE (was 'curl')"));
  }

  @Test
  void unknownVolumeMode() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    volumes:\n      - ./html:/usr/share/nginx/html:ro,q\n"))
        .hasMessage(at(5, 9, "services.web.volumes[0]: invalid volume mode 'q' in './html:/usr/share/nginx/html:ro,q' "
            + "(expected ro, rw, z, Z, nocopy or a propagation such as rshared)"));
  }

  @Test
  void unknownSelinuxRelabelOptionInTheLongSyntax() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    volumes:\n      - type: bind\n        source: ./html\n"
        + "        target: /html\n        bind:\n          selinux: q\n"))
        .hasMessage(at(9, 20, "services.web.volumes[0].bind.selinux: invalid SELinux relabel option 'q' (expected z or Z)"));
  }

  @Test
  void selinuxRelabelOnATmpfsIsRefusedByValidation() throws IOException {
    file = dir.resolve("compose.yaml");
    Files.writeString(file, "services:\n  web:\n    image: nginx\n    volumes:\n      - type: tmpfs\n"
        + "        target: /cache\n        bind:\n          selinux: Z\n");
    ComposeValidationException e = catchThrowableOfType(ComposeValidationException.class,
        () -> ComposeReader.create().withEnvironment(Map.of()).read(file));
    assertThat(e).isNotNull();
    assertThat(e.problems()).containsExactly(new ValidationProblem("services.web.volumes[0].bind.selinux",
        "only a bind or volume mount can be relabelled (SELinux)"));
  }

  @Test
  void reportsEveryFormatProblemAndTheStacksOwnAtOnce() throws IOException {
    ComposeFormatException e = error("services:\n  web:\n    image: nginx\n    read_only: yes\n    ports: [\"x:y\"]\n"
        + "    depends_on: [db]\n  api:\n    image: [a]\n");
    assertThat(e.problems()).extracting(ComposeFormatException::getMessage).containsExactly(
        at(4, 16, "services.web.read_only: must be true or false, not 'yes'"),
        at(5, 13, "services.web.ports[0]: invalid port 'x:y' ('y' is not a port or range)"),
        at(8, 12, "services.api.image: must be a single value, not a list"),
        at(6, 18, "services.web.depends_on.db: no such service 'db'"));
    assertThat(e).hasMessageStartingWith(file + " has 4 problems:\n  " + at(4, 16, ""));
  }

  @Test
  void badBoolean() throws IOException {
    assertThat(error("services:\n  web:\n    image: nginx\n    read_only: yes\n"))
        .hasMessage(at(4, 16, "services.web.read_only: must be true or false, not 'yes'"));
  }

  @Test
  void missingComposeFile() {
    Path missing = dir.resolve("nope.yaml");
    ComposeFormatException e = catchThrowableOfType(ComposeFormatException.class,
        () -> ComposeReader.create().read(missing));
    assertThat(e).hasMessage(missing + ": compose file not found");
  }

  @Test
  void invalidServiceNameFailsCoreValidation() throws IOException {
    file = dir.resolve("compose.yaml");
    Files.writeString(file, "services:\n  -web:\n    image: nginx\n");
    ComposeValidationException e = catchThrowableOfType(ComposeValidationException.class,
        () -> ComposeReader.create().withEnvironment(Map.of()).read(file));
    assertThat(e).isInstanceOf(StackValidationException.class);
    assertThat(e.problems()).extracting(ValidationProblem::path).containsExactly("services.-web");
    assertThat(e.locatedProblems()).containsExactly(file + ":2:3 services.-web: invalid service name '-web' "
        + "(use letters, digits, '.', '-' and '_', starting with a letter or digit)");
    assertThat(e).hasMessage("stack '" + dir.getFileName() + "' is invalid (1 problem):\n  " + e.locatedProblems().get(0));
  }

  @Test
  void validationProblemsPointAtTheirEntries() throws IOException {
    file = dir.resolve("compose.yaml");
    Files.writeString(file, """
        name: shop
        services:
          web:
            image: nginx
            environment:
              - OK=1
              - 1BAD=2
            depends_on: [db]
            deploy:
              resources:
                limits:
                  memory: 1k
          api:
            image: api
            depends_on:
              cache:
                condition: service_started
        """);
    ComposeValidationException e = catchThrowableOfType(ComposeValidationException.class,
        () -> ComposeReader.create().withEnvironment(Map.of()).read(file));
    assertThat(e.locatedProblems()).containsExactly(
        file + ":7:9 services.web.environment.1BAD: invalid variable name '1BAD'",
        file + ":8:18 services.web.depends_on.db: no such service 'db'",
        file + ":12:19 services.web.deploy.resources.limits.memory: 1k is below the engine's minimum of 6m",
        file + ":16:7 services.api.depends_on.cache: no such service 'cache'");
  }

  @Test
  void servicesClashingOnAHostPortLoadAsInComposeAndAreRefusedWhenAsked() throws IOException {
    file = dir.resolve("compose.yaml");
    Files.writeString(file, "services:\n  db:\n    image: postgres\n    ports: [\"9432:5432\"]\n"
        + "  demo-db:\n    image: postgres\n    ports: [\"9432:5432\"]\n"
        + "  cpu:\n    image: ollama\n    profiles: [cpu]\n    ports: [\"11434:11434\"]\n"
        + "  gpu:\n    image: ollama\n    profiles: [gpu]\n    ports: [\"11434:11434\"]\n");
    ComposeReader reader = ComposeReader.create().withEnvironment(Map.of());
    assertThat(reader.read(file).serviceNames()).containsExactly("db", "demo-db", "cpu", "gpu");
    ComposeValidationException e = catchThrowableOfType(ComposeValidationException.class,
        () -> reader.withConflictsRefused().read(file));
    assertThat(e.locatedProblems()).containsExactly(
        at(7, 13, "services.demo-db.ports[0]: host port 9432/tcp on 0.0.0.0 is also published by service 'db'"));
    ComposeValidationException both = catchThrowableOfType(ComposeValidationException.class,
        () -> reader.withConflictsRefused().withProfiles("cpu", "gpu").read(file));
    assertThat(both.locatedProblems()).containsExactly(
        at(7, 13, "services.demo-db.ports[0]: host port 9432/tcp on 0.0.0.0 is also published by service 'db'"),
        at(15, 13, "services.gpu.ports[0]: host port 11434/tcp on 0.0.0.0 is also published by service 'cpu' "
            + "(they run together)"));
  }
}
