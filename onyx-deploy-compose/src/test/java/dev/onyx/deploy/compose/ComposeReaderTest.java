package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.StackValidationException;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.Volume;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ComposeReader}: every form of compose input it understands. */
class ComposeReaderTest {
  @TempDir
  Path dir;

  private final Map<String, String> env = Map.of("TAG", "1.2", "HOST_PORT", "8080", "EMPTY", "");

  private ComposeReader reader() {
    return ComposeReader.create().withEnvironment(env);
  }

  private Stack read(String yaml) {
    return reader().read(yaml, dir);
  }

  private Service service(String yaml, String name) {
    return read(yaml).service(name).orElseThrow();
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private String abs(String relative) {
    return dir.resolve(relative).toAbsolutePath().normalize().toString();
  }

  // ------------------------------------------------------------ basics, interpolation

  @Test
  void readsAMinimalFileAndNamesTheStackAfterTheFolder() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("My_Shop.v2"));
    Files.writeString(sub.resolve("compose.yaml"), "services:\n  web:\n    image: nginx\n");
    Stack s = reader().read(sub.resolve("compose.yaml"));
    assertThat(s.name()).isEqualTo("my_shopv2");
    assertThat(s.serviceNames()).containsExactly("web");
    assertThat(s.service("web").orElseThrow().image()).contains("nginx");
  }

  @Test
  void nameComesFromTheFileThenComposeProjectNameThenWithProjectName() {
    assertThat(read("name: shop\nservices:\n  a:\n    image: x\n").name()).isEqualTo("shop");
    assertThat(ComposeReader.create().withEnvironment(Map.of("COMPOSE_PROJECT_NAME", "fromenv"))
        .read("services:\n  a:\n    image: x\n", dir).name()).isEqualTo("fromenv");
    assertThat(reader().withProjectName("cli").read("name: shop\nservices:\n  a:\n    image: x\n", dir).name())
        .isEqualTo("cli");
  }

  @Test
  void interpolatesValuesWithEveryOperator() {
    Service s = service("""
        services:
          web:
            image: "nginx:${TAG}"
            environment:
              A: $TAG
              B: ${UNSET:-fallback}
              C: ${EMPTY-keep-empty}
              D: ${TAG:+has-tag}
              E: ${UNSET+never}
              F: ${UNSET:-${ALSO_UNSET:-nested}}
              G: $$HOME and $${TAG}
              H: ${TAG?unused}
              I: ${TAG:?unused}
            ports:
              - "${HOST_PORT}:80"
        """, "web");
    assertThat(s.image()).contains("nginx:1.2");
    assertThat(s.environment()).containsExactly(Map.entry("A", "1.2"), Map.entry("B", "fallback"),
        Map.entry("C", ""), Map.entry("D", "has-tag"), Map.entry("E", ""), Map.entry("F", "nested"),
        Map.entry("G", "$HOME and ${TAG}"), Map.entry("H", "1.2"), Map.entry("I", "1.2"));
    assertThat(s.ports()).containsExactly(PortMapping.publish(8080, 80));
  }

  @Test
  void dotEnvBesideTheFileIsReadAndTheProcessEnvironmentWins() throws IOException {
    write(".env", "# settings\nTAG=from-dotenv\nONLY_FILE='single $NOT'\nQUOTED=\"a\\nb ${ONLY_FILE}\"\nexport EXPORTED=yes # comment\n");
    Path f = write("compose.yaml", """
        services:
          a:
            image: x:${TAG}
            environment:
              ONLY_FILE: ${ONLY_FILE}
              QUOTED: ${QUOTED}
              EXPORTED: ${EXPORTED}
        """);
    Service s = reader().read(f).service("a").orElseThrow();
    assertThat(s.image()).contains("x:1.2");
    assertThat(s.environment()).containsEntry("ONLY_FILE", "single $NOT").containsEntry("QUOTED", "a\nb single $NOT")
        .containsEntry("EXPORTED", "yes");
    Stack withoutProcessValue = ComposeReader.create().withEnvironment(Map.of()).read(f);
    assertThat(withoutProcessValue.service("a").orElseThrow().image()).contains("x:from-dotenv");
  }

  @Test
  void envFilesReplaceDotEnvLikeComposeEnvFileFlag() throws IOException {
    write(".env", "V=dotenv\n");
    Path one = write("one.env", "V=one\nW=one\n");
    Path two = write("two.env", "W=two\n");
    Path f = write("compose.yaml", "services:\n  a:\n    image: x:${V}-${W}\n");
    Stack s = ComposeReader.create().withEnvironment(Map.of()).withEnvFiles(List.of(one, two)).read(f);
    assertThat(s.service("a").orElseThrow().image()).contains("x:one-two");
  }

  @Test
  void scalarTypesBecomeStringsAsComposeWritesThem() {
    Service s = service("""
        services:
          a:
            image: x
            environment:
              INT: 1
              FLOAT: 1.50
              OCTAL: 0123
              BOOL: true
              CAPS: False
              YES: yes
              QUOTED: "007"
              NULL_SET: ~
              TAG:
        """, "a");
    assertThat(s.environment()).containsEntry("INT", "1").containsEntry("FLOAT", "1.5").containsEntry("OCTAL", "83")
        .containsEntry("BOOL", "true").containsEntry("CAPS", "false").containsEntry("YES", "yes")
        .containsEntry("QUOTED", "007").containsEntry("TAG", "1.2");
    assertThat(s.environment().get("NULL_SET")).isNull();
    assertThat(s.environment()).containsKey("NULL_SET");
  }

  @Test
  void environmentAsListWithMissingValues() {
    Service s = service("""
        services:
          a:
            image: x
            environment:
              - A=1
              - B=x=y
              - TAG
              - NOT_SET
              - EMPTY=
        """, "a");
    assertThat(s.environment()).containsEntry("A", "1").containsEntry("B", "x=y").containsEntry("TAG", "1.2")
        .containsEntry("EMPTY", "");
    assertThat(s.environment().get("NOT_SET")).isNull();
  }

  // ------------------------------------------------------------ YAML features

  @Test
  void anchorsAliasesAndMergeKeys() {
    Stack s = read("""
        x-common: &common
          image: app:1
          restart: always
          environment: &env
            A: "1"
            B: "2"
        x-logging: &logging
          logging:
            driver: json-file
        x-label: &label
          labels:
            team: core
          restart: "no"
        services:
          one:
            <<: *common
            environment:
              <<: *env
              B: overridden
          two:
            <<: [*logging, *label, *common]
            command: ["a", "b"]
          three:
            image: other
            environment: *env
        """);
    Service one = s.service("one").orElseThrow();
    assertThat(one.image()).contains("app:1");
    assertThat(one.restart()).contains(RestartPolicy.ALWAYS);
    assertThat(one.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "overridden"));
    Service two = s.service("two").orElseThrow();
    assertThat(two.logging()).contains(Logging.of("json-file", Map.of()));
    assertThat(two.labels()).containsEntry("team", "core");
    assertThat(two.restart()).as("first mapping of a merge list wins").contains(RestartPolicy.NO);
    assertThat(two.command()).containsExactly("a", "b");
    assertThat(s.service("three").orElseThrow().environment()).containsEntry("B", "2");
    assertThat(s.serviceNames()).containsExactly("one", "two", "three");
  }

  @Test
  void extensionFieldsAreIgnoredAtTopLevelAndInServices() {
    Service s = service("""
        x-anything: {whatever: [1, 2]}
        services:
          a:
            image: x
            x-note: ignored
        """, "a");
    assertThat(s.image()).contains("x");
  }

  // ------------------------------------------------------------ multi-file, extends, include

  @Test
  void overrideFilesMergeAsComposeDoes() throws IOException {
    Path base = write("compose.yaml", """
        services:
          web:
            image: web:1
            command: ["serve", "--port", "80"]
            environment:
              A: "1"
              B: "2"
            labels: ["x=1"]
            ports: ["80:80", "443:443"]
            volumes:
              - data:/data
              - ./conf:/etc/conf:ro
            secrets: [s1]
            depends_on: [db]
          db:
            image: postgres
        volumes:
          data: {}
        secrets:
          s1: {file: ./s1.txt}
          s2: {file: ./s2.txt}
        """);
    Path over = write("compose.override.yaml", """
        services:
          web:
            image: web:2
            command: serve
            environment:
              - B=override
              - C=3
            labels: {y: "2"}
            ports: ["8080:8080", "80:80"]
            volumes:
              - other:/data
            secrets:
              - source: s2
                target: s1
            depends_on:
              db:
                condition: service_healthy
          cache:
            image: redis
        volumes:
          other:
            driver: local
        """);
    Stack s = reader().read(base, over);
    Service web = s.service("web").orElseThrow();
    assertThat(web.image()).contains("web:2");
    assertThat(web.command()).containsExactly("serve");
    assertThat(web.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "override"), Map.entry("C", "3"));
    assertThat(web.labels()).containsExactly(Map.entry("x", "1"), Map.entry("y", "2"));
    assertThat(web.ports()).containsExactly(PortMapping.publish(80, 80), PortMapping.publish(443, 443),
        PortMapping.publish(8080, 8080));
    assertThat(web.mounts()).containsExactly(Mount.volume("other", "/data"), Mount.bind(abs("conf"), "/etc/conf").asReadOnly());
    assertThat(web.secrets()).as("compose keys a long-syntax target as written: 's1' is not '/run/secrets/s1'")
        .containsExactly(FileReference.of("s1"), FileReference.of("s2", "s1"));
    assertThat(web.dependsOn()).containsExactly(DependsOn.healthy("db"));
    assertThat(s.serviceNames()).containsExactly("web", "db", "cache");
    assertThat(s.volumes()).extracting(Volume::name).containsExactly("data", "other");
  }

  @Test
  void extendsAServiceInTheSameFile() {
    Stack s = read("""
        services:
          base:
            image: app:1
            environment: {A: "1", B: "2"}
            command: run
          worker:
            extends: base
            environment: {B: "worker"}
          worker2:
            extends:
              service: worker
            command: ["work", "hard"]
        """);
    Service w = s.service("worker").orElseThrow();
    assertThat(w.image()).contains("app:1");
    assertThat(w.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "worker"));
    assertThat(w.command()).containsExactly("run");
    Service w2 = s.service("worker2").orElseThrow();
    assertThat(w2.environment()).containsEntry("B", "worker");
    assertThat(w2.command()).containsExactly("work", "hard");
  }

  @Test
  void extendsAServiceOfAnotherFileWithItsPathsRelativeToThatFile() throws IOException {
    write("common/base.yaml", """
        services:
          app:
            image: app:${TAG}
            volumes: ["./conf:/conf"]
            build: ./src
        """);
    Path f = write("compose.yaml", """
        services:
          web:
            extends:
              file: common/base.yaml
              service: app
            ports: ["80:80"]
        """);
    Service web = reader().read(f).service("web").orElseThrow();
    assertThat(web.image()).contains("app:1.2");
    assertThat(web.mounts()).containsExactly(Mount.bind(abs("common/conf"), "/conf"));
    assertThat(web.build()).contains(Build.of(abs("common/src")));
    assertThat(web.ports()).containsExactly(PortMapping.publish(80, 80));
  }

  @Test
  void includeAddsTheResourcesOfAnotherProject() throws IOException {
    write("db/compose.yaml", """
        services:
          db:
            image: postgres:${PG_VERSION}
            volumes: ["data:/var/lib/postgresql/data", "./init:/docker-entrypoint-initdb.d"]
        volumes:
          data: {}
        """);
    write("db/.env", "PG_VERSION=16\n");
    write("cache.yaml", "services:\n  cache:\n    image: redis\n");
    Path f = write("compose.yaml", """
        include:
          - path: db/compose.yaml
          - cache.yaml
        services:
          web:
            image: web
            depends_on: [db, cache]
        """);
    Stack s = reader().read(f);
    assertThat(s.serviceNames()).containsExactlyInAnyOrder("web", "db", "cache");
    Service db = s.service("db").orElseThrow();
    assertThat(db.image()).contains("postgres:16");
    assertThat(db.mounts()).contains(Mount.bind(abs("db/init"), "/docker-entrypoint-initdb.d"));
    assertThat(s.volume("data")).isPresent();
  }

  @Test
  void includeWithProjectDirectoryAndEnvFile() throws IOException {
    write("parts/api.yaml", """
        services:
          api:
            image: api:${API_TAG}
            build: ./src
        """);
    write("parts/api.env", "API_TAG=7\n");
    Path f = write("compose.yaml", """
        include:
          - path: [parts/api.yaml]
            project_directory: parts/root
            env_file: parts/api.env
        services:
          web:
            image: web
        """);
    Service api = reader().read(f).service("api").orElseThrow();
    assertThat(api.image()).contains("api:7");
    assertThat(api.build()).contains(Build.of(abs("parts/root/src")));
  }

  @Test
  void pathsInOverrideFilesAreRelativeToTheProjectFolder() throws IOException {
    Path base = write("compose.yaml", "services:\n  web:\n    image: web\n");
    Path over = write("overrides/dev.yaml", "services:\n  web:\n    volumes: [\"./src:/src\"]\n");
    assertThat(reader().read(base, over).service("web").orElseThrow().mounts())
        .containsExactly(Mount.bind(abs("src"), "/src"));
  }

  @Test
  void networksAsList() {
    Stack st = read("""
        services:
          a:
            image: x
            networks: [front, default]
        networks:
          front: {}
        """);
    assertThat(st.service("a").orElseThrow().networks())
        .containsExactly(NetworkAttachment.to("front"), NetworkAttachment.to("default"));
  }

  // ------------------------------------------------------------ env_file

  @Test
  void envFileFormsAreLoadedIntoTheEnvironment() throws IOException {
    write("a.env", "A=from-a\nSHARED=a\n");
    write("b.env", "B=from-b\nSHARED=b\nREF=${TAG}-x\n");
    Path f = write("compose.yaml", """
        services:
          one:
            image: x
            env_file: a.env
          two:
            image: x
            env_file: [a.env, b.env]
            environment:
              SHARED: explicit
          three:
            image: x
            env_file:
              - path: b.env
              - path: missing.env
                required: false
        """);
    Stack s = reader().read(f);
    assertThat(s.service("one").orElseThrow().environment()).containsExactly(Map.entry("A", "from-a"), Map.entry("SHARED", "a"));
    assertThat(s.service("two").orElseThrow().environment()).containsEntry("A", "from-a").containsEntry("B", "from-b")
        .containsEntry("SHARED", "explicit").containsEntry("REF", "1.2-x");
    assertThat(s.service("three").orElseThrow().environment()).containsEntry("B", "from-b");
    assertThat(s.service("three").orElseThrow().envFiles()).isEmpty();
  }

  // ------------------------------------------------------------ ports

  @Test
  void portsShortSyntax() {
    Service s = service("""
        services:
          a:
            image: x
            ports:
              - 80
              - "8080:80"
              - "127.0.0.1:5432:5432"
              - "127.0.0.1::6379"
              - "53:53/udp"
              - "9000-9002:9000-9002"
              - "[::1]:8443:443"
              - ":2283:2283"
              - 3000-3001
        """, "a");
    assertThat(s.ports()).containsExactly(
        PortMapping.exposed(80),
        PortMapping.publish(8080, 80),
        PortMapping.publish(5432, 5432).onHostIp("127.0.0.1"),
        PortMapping.exposed(6379).onHostIp("127.0.0.1"),
        PortMapping.publish(53, 53).withProtocol(Protocol.UDP),
        TestValues.port(Optional.empty(), Optional.of(new PortRange(9000, 9002)), new PortRange(9000, 9002), Protocol.TCP, Optional.empty()),
        PortMapping.publish(8443, 443).onHostIp("::1"),
        PortMapping.publish(2283, 2283),
        TestValues.port(Optional.empty(), Optional.empty(), new PortRange(3000, 3001), Protocol.TCP, Optional.empty()));
  }

  @Test
  void portsLongSyntax() {
    Service s = service("""
        services:
          a:
            image: x
            ports:
              - target: 80
                published: "8080"
                host_ip: 0.0.0.0
                protocol: tcp
                mode: ingress
                name: http
              - target: 53
                published: 5353-5354
                protocol: udp
              - target: 9090
        """, "a");
    assertThat(s.ports()).containsExactly(
        TestValues.port(Optional.of("0.0.0.0"), Optional.of(PortRange.of(8080)), PortRange.of(80), Protocol.TCP, Optional.of("http")),
        TestValues.port(Optional.empty(), Optional.of(new PortRange(5353, 5354)), PortRange.of(53), Protocol.UDP, Optional.empty()),
        PortMapping.exposed(9090));
  }

  // ------------------------------------------------------------ volumes, tmpfs

  @Test
  void volumesShortSyntaxBindNamedAnonymous() {
    Stack st = read("""
        services:
          a:
            image: x
            volumes:
              - data:/data
              - ./conf:/etc/conf:ro
              - /abs/path/:/abs:rw
              - ../up:/up
              - ~/home:/h
              - /anonymous
        volumes:
          data:
        """);
    Service s = st.service("a").orElseThrow();
    assertThat(s.mounts()).containsExactly(
        Mount.volume("data", "/data"),
        Mount.bind(abs("conf"), "/etc/conf").asReadOnly(),
        Mount.bind("/abs/path/", "/abs"),
        Mount.bind(dir.resolve("../up").toAbsolutePath().normalize().toString(), "/up"),
        Mount.bind(Path.of(System.getProperty("user.home"), "home").toString(), "/h"),
        Mount.anonymousVolume("/anonymous"));
  }

  @Test
  void volumesLongSyntaxAndTmpfs() {
    Service s = service("""
        services:
          a:
            image: x
            volumes:
              - type: volume
                source: data
                target: /data
                read_only: true
                volume: {}
              - type: bind
                source: ./site
                target: /site
                bind:
                  create_host_path: true
              - type: tmpfs
                target: /cache
                tmpfs:
                  size: 64m
            tmpfs:
              - /run
              - /tmp:size=1g
        volumes:
          data: {}
        """, "a");
    assertThat(s.mounts()).containsExactly(
        Mount.volume("data", "/data").asReadOnly(),
        Mount.bind(abs("site"), "/site"),
        Mount.tmpfs("/cache").withTmpfsSize(ByteSize.ofMebibytes(64)));
    assertThat(s.tmpfs()).containsExactly(Tmpfs.at("/run"), Tmpfs.at("/tmp", "size=1g"));
    assertThat(service("services:\n  a:\n    image: x\n    tmpfs: /data\n", "a").tmpfs())
        .containsExactly(Tmpfs.at("/data"));
  }

  @Test
  void volumesSelinuxRelabelInShortAndLongSyntax() {
    Service s = service("""
        services:
          a:
            image: x
            volumes:
              - ./conf:/etc/conf:ro,Z
              - ./html:/html:z,ro
              - ./logs:/logs:z
              - data:/data:Z
              - ./both:/both:z,Z
              - type: bind
                source: ./site
                target: /site
                read_only: true
                bind:
                  selinux: z
                  create_host_path: true
              - type: volume
                source: data
                target: /more
                bind:
                  selinux: Z
              - type: volume
                target: /anon
                bind:
                  selinux: z
        volumes:
          data: {}
        """, "a");
    assertThat(s.mounts()).containsExactly(
        Mount.bind(abs("conf"), "/etc/conf").asReadOnly().withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.bind(abs("html"), "/html").asReadOnly().withSelinux(Mount.SelinuxLabel.SHARED),
        Mount.bind(abs("logs"), "/logs").withSelinux(Mount.SelinuxLabel.SHARED),
        Mount.volume("data", "/data").withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.bind(abs("both"), "/both").withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.bind(abs("site"), "/site").asReadOnly().withSelinux(Mount.SelinuxLabel.SHARED),
        // long-syntax volumes without a volume: block
        Mount.builder(Mount.Type.VOLUME, "/more").source("data").build().withSelinux(Mount.SelinuxLabel.PRIVATE),
        Mount.builder(Mount.Type.VOLUME, "/anon").build().withSelinux(Mount.SelinuxLabel.SHARED));
  }

  // ------------------------------------------------------------ commands, healthcheck, build

  @Test
  void commandAndEntrypointAsStringOrList() {
    Service s = service("""
        services:
          a:
            image: x
            command: redis-server --save "" --appendonly no
            entrypoint: ["/bin/sh", "-c"]
        """, "a");
    assertThat(s.command()).containsExactly("redis-server", "--save", "", "--appendonly", "no");
    assertThat(s.entrypoint()).containsExactly("/bin/sh", "-c");
  }

  @Test
  void healthcheckForms() {
    Stack st = read("""
        services:
          shell:
            image: x
            healthcheck:
              test: pg_isready -U postgres
              interval: 1m30s
              timeout: 500ms
              retries: 5
              start_period: 1h
              start_interval: 2s
          cmd:
            image: x
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost/"]
          cmdshell:
            image: x
            healthcheck:
              test: ["CMD-SHELL", "exit 0"]
          disabled:
            image: x
            healthcheck:
              disable: true
          none:
            image: x
            healthcheck:
              test: ["NONE"]
          imagedefault:
            image: x
            healthcheck:
              disable: false
        """);
    assertThat(st.service("shell").orElseThrow().healthcheck()).contains(Healthcheck.shell("pg_isready -U postgres")
        .withInterval(Duration.ofSeconds(90)).withTimeout(Duration.ofMillis(500)).withRetries(5)
        .withStartPeriod(Duration.ofHours(1)).withStartInterval(Duration.ofSeconds(2)));
    assertThat(st.service("cmd").orElseThrow().healthcheck()).contains(Healthcheck.cmd("curl", "-f", "http://localhost/"));
    assertThat(st.service("cmdshell").orElseThrow().healthcheck()).contains(Healthcheck.shell("exit 0"));
    assertThat(st.service("disabled").orElseThrow().healthcheck()).contains(Healthcheck.none());
    assertThat(st.service("none").orElseThrow().healthcheck()).contains(Healthcheck.none());
    assertThat(st.service("imagedefault").orElseThrow().healthcheck()).contains(Healthcheck.imageTest());
  }

  @Test
  void buildAsStringAndMapWithArgsListAndMap() {
    Stack st = read("""
        services:
          s:
            build: ./app
          m:
            build:
              context: backend
              dockerfile: Dockerfile.prod
              target: runtime
              args:
                VERSION: ${TAG}
                NUM: 3
          l:
            image: l
            build:
              context: https://github.com/org/repo.git#main
              args:
                - A=1
                - TAG
                - UNSET_ARG
        """);
    assertThat(st.service("s").orElseThrow().build()).contains(Build.of(abs("app")));
    assertThat(st.service("m").orElseThrow().build()).contains(Build.of(abs("backend"))
        .withDockerfile("Dockerfile.prod").withTarget("runtime").withArg("VERSION", "1.2").withArg("NUM", "3"));
    Build l = st.service("l").orElseThrow().build().orElseThrow();
    assertThat(l.context()).isEqualTo("https://github.com/org/repo.git#main");
    assertThat(l.args()).containsEntry("A", "1").containsEntry("TAG", "1.2").containsKey("UNSET_ARG");
    assertThat(l.args().get("UNSET_ARG")).isNull();
  }

  // ------------------------------------------------------------ depends_on, secrets, configs

  @Test
  void dependsOnListAndMap() {
    Stack st = read("""
        services:
          db: {image: db}
          cache: {image: cache}
          init: {image: init}
          a:
            image: x
            depends_on: [db, cache]
          b:
            image: x
            depends_on:
              db:
                condition: service_healthy
              init:
                condition: service_completed_successfully
                required: false
              cache:
                condition: service_started
                restart: true
        """);
    assertThat(st.service("a").orElseThrow().dependsOn()).containsExactly(DependsOn.started("db"), DependsOn.started("cache"));
    assertThat(st.service("b").orElseThrow().dependsOn()).containsExactly(DependsOn.healthy("db"),
        DependsOn.completed("init").optional(), DependsOn.started("cache").withRestart());
  }

  @Test
  void secretsAndConfigsShortAndLong() {
    Stack st = read("""
        services:
          a:
            image: x
            secrets:
              - db_password
              - source: api_key
                target: /etc/api.key
                uid: "1000"
                gid: "1000"
                mode: 0440
            configs:
              - nginx_conf
              - source: inline
                target: /etc/inline.txt
                mode: 420
        secrets:
          db_password:
            file: ./secrets/db_password.txt
          api_key:
            environment: API_KEY
        configs:
          nginx_conf:
            file: ./nginx.conf
          inline:
            content: |
              hello ${TAG}
        """);
    Service a = st.service("a").orElseThrow();
    assertThat(a.secrets()).containsExactly(FileReference.of("db_password"),
        new FileReference("api_key", Optional.of("/etc/api.key"), Optional.of("1000"), Optional.of("1000"), Optional.of(0440)));
    assertThat(a.configs()).containsExactly(FileReference.of("nginx_conf"), FileReference.of("inline", "/etc/inline.txt").withMode(420));
    assertThat(st.secrets()).containsExactly(Secret.fromFile("db_password", abs("secrets/db_password.txt")),
        Secret.fromEnvironment("api_key", "API_KEY"));
    assertThat(st.configs()).containsExactly(ConfigFile.fromFile("nginx_conf", abs("nginx.conf")),
        ConfigFile.inline("inline", "hello 1.2\n"));
  }

  // ------------------------------------------------------------ the rest of a service

  @Test
  void ulimitsSingleAndSoftHard() {
    Service s = service("""
        services:
          a:
            image: x
            ulimits:
              nproc: 65535
              nofile:
                soft: 20000
                hard: 40000
              memlock: {soft: -1, hard: -1}
        """, "a");
    assertThat(s.ulimits()).containsExactly(Ulimit.of("nproc", 65535), new Ulimit("nofile", 20000, 40000),
        new Ulimit("memlock", -1, -1));
  }

  @Test
  void resourcesFromDeployAndLegacyKeys() {
    Stack st = read("""
        services:
          gpu:
            image: x
            deploy:
              resources:
                limits:
                  cpus: "2.5"
                  memory: 2g
                  pids: 100
                reservations:
                  cpus: 0.5
                  memory: 512M
                  devices:
                    - driver: nvidia
                      count: all
                      capabilities: [gpu]
                    - capabilities: [gpu, compute]
                      device_ids: ["0", "1"]
          legacy:
            image: x
            mem_limit: 1g
            cpus: 1.5
            pids_limit: 50
            mem_reservation: 256m
        """);
    var r = st.service("gpu").orElseThrow().resources();
    assertThat(r.limits()).isEqualTo(new ResourceSpec(Optional.of(new BigDecimal("2.5")), Optional.of(ByteSize.ofGibibytes(2)), Optional.of(100L)));
    assertThat(r.reservations()).isEqualTo(ResourceSpec.of("0.5", "512m"));
    assertThat(r.devices()).containsExactly(DeviceRequest.allGpus(),
        new DeviceRequest(Optional.empty(), Optional.empty(), List.of("0", "1"), List.of("gpu", "compute"), Map.of()));
    var legacy = st.service("legacy").orElseThrow().resources();
    assertThat(legacy.limits()).isEqualTo(new ResourceSpec(Optional.of(new BigDecimal("1.5")), Optional.of(ByteSize.ofGibibytes(1)), Optional.of(50L)));
    assertThat(legacy.reservations().memory()).contains(ByteSize.ofMebibytes(256));
  }

  @Test
  void everyOtherServiceField() {
    Stack st = read("""
        services:
          db: {image: db}
          a:
            image: x
            pull_policy: always
            platform: linux/amd64
            restart: on-failure:3
            user: "1000:1000"
            working_dir: /app
            hostname: a-host
            container_name: a-container
            labels: ["com.example=1", "empty"]
            logging:
              driver: json-file
              options: {max-size: 50m, max-file: 6}
            shm_size: 1g
            extra_hosts:
              - "host.docker.internal:host-gateway"
              - "v6=::1"
            dns: 8.8.8.8
            stop_grace_period: 1m
            stop_signal: SIGINT
            init: true
            read_only: true
            privileged: true
            tty: true
            stdin_open: true
            cap_add: [NET_ADMIN]
            cap_drop: [ALL]
            security_opt: ["no-new-privileges:true"]
            sysctls: {net.core.somaxconn: 1024}
            devices: ["/dev/fuse:/dev/fuse"]
            runtime: runc
            expose: [8080, "9000/udp"]
            networks:
              front:
                aliases: [web]
                ipv4_address: 172.28.0.10
              back:
          b:
            image: x
            network_mode: service:db
            extra_hosts:
              one: 10.0.0.1
        networks:
          front:
            driver: bridge
            driver_opts: {com.docker.network.bridge.name: br-front}
            ipam:
              config:
                - subnet: 172.28.0.0/16
            labels: [tier=front]
            attachable: true
          back:
            internal: true
          outside:
            external: true
            name: shared-net
        volumes:
          data:
            driver: local
            driver_opts: {type: none, o: bind, device: /srv/data}
            labels: {backup: "daily"}
          ext:
            external: true
            name: legacy_data
        """);
    Service a = st.service("a").orElseThrow();
    assertThat(a.pullPolicy()).contains("always");
    assertThat(a.platform()).contains("linux/amd64");
    assertThat(a.restart()).contains(RestartPolicy.onFailure(3));
    assertThat(a.user()).contains("1000:1000");
    assertThat(a.workingDir()).contains("/app");
    assertThat(a.hostname()).contains("a-host");
    assertThat(a.containerName()).contains("a-container");
    assertThat(a.labels()).containsExactly(Map.entry("com.example", "1"), Map.entry("empty", ""));
    assertThat(a.logging()).contains(Logging.of("json-file", Map.of("max-size", "50m", "max-file", "6")));
    assertThat(a.shmSize()).contains(ByteSize.ofGibibytes(1));
    assertThat(a.extraHosts()).containsExactly(new ExtraHost("host.docker.internal", "host-gateway"), new ExtraHost("v6", "::1"));
    assertThat(a.dns()).containsExactly("8.8.8.8");
    assertThat(a.stopGracePeriod()).contains(Duration.ofMinutes(1));
    assertThat(a.stopSignal()).contains("SIGINT");
    assertThat(a.init()).contains(true);
    assertThat(a.readOnly()).isTrue();
    assertThat(a.privileged()).isTrue();
    assertThat(a.tty()).isTrue();
    assertThat(a.stdinOpen()).isTrue();
    assertThat(a.capAdd()).containsExactly("NET_ADMIN");
    assertThat(a.capDrop()).containsExactly("ALL");
    assertThat(a.securityOpt()).containsExactly("no-new-privileges:true");
    assertThat(a.sysctls()).containsEntry("net.core.somaxconn", "1024");
    assertThat(a.devices()).containsExactly("/dev/fuse:/dev/fuse");
    assertThat(a.runtime()).contains("runc");
    assertThat(a.expose()).containsExactly("8080", "9000/udp");
    assertThat(a.networks()).containsExactly(TestValues.attachment("front", List.of("web"), Optional.of("172.28.0.10")),
        NetworkAttachment.to("back"));
    Service b = st.service("b").orElseThrow();
    assertThat(b.networkMode()).contains("service:db");
    assertThat(b.extraHosts()).containsExactly(new ExtraHost("one", "10.0.0.1"));
    assertThat(st.networks()).containsExactly(
        TestValues.network("front", Optional.of("bridge"), Map.of("com.docker.network.bridge.name", "br-front"), false, true,
            List.of("172.28.0.0/16"), false, Map.of("tier", "front"), Optional.empty()),
        Network.named("back").asInternal(),
        Network.external("outside").withCustomName("shared-net"));
    assertThat(st.volumes()).containsExactly(
        Volume.named("data").withDriver("local").withDriverOption("type", "none").withDriverOption("o", "bind")
            .withDriverOption("device", "/srv/data").withLabel("backup", "daily"),
        Volume.external("ext").withCustomName("legacy_data"));
  }

  // ------------------------------------------------------------ profiles, validation

  @Test
  void servicesKeepTheirProfilesAndWithProfilesNarrows() {
    String yaml = """
        services:
          web: {image: web}
          debug:
            image: tools
            profiles: [debug]
          flower:
            image: flower
            profiles: [monitoring, debug]
        """;
    Stack all = read(yaml);
    assertThat(all.serviceNames()).containsExactly("web", "debug", "flower");
    assertThat(all.service("flower").orElseThrow().profiles()).containsExactly("monitoring", "debug");
    assertThat(reader().withProfiles("monitoring").read(yaml, dir).serviceNames()).containsExactly("web", "flower");
    assertThat(reader().withProfiles("none-of-these").read(yaml, dir).serviceNames()).containsExactly("web");
    assertThat(reader().withProfiles("*").read(yaml, dir).serviceNames()).containsExactly("web", "debug", "flower");
  }

  @Test
  void theLoadedStackGoesThroughCoreValidation() {
    assertThatThrownBy(() -> read("""
        services:
          web:
            image: x
            depends_on: [nope]
        """)).isInstanceOf(StackValidationException.class)
        .hasMessageContaining("services.web.depends_on.nope: no such service 'nope'");
  }

  @Test
  void readerIsImmutable() {
    ComposeReader base = ComposeReader.create();
    ComposeReader changed = base.withProfiles("x").withEnvironment(Map.of("A", "1"));
    assertThat(changed).isNotSameAs(base);
    assertThat(base.withEnvFiles(List.of())).isNotSameAs(base);
  }
}
