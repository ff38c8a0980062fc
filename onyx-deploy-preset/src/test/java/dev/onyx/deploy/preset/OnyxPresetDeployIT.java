package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DeployOptions;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.ExecResult;
import dev.onyx.deploy.docker.ServiceStatus;
import dev.onyx.deploy.testsupport.TestEngine;
import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the real engine: the Onyx preset (upstream layout, default options) deployed by the
 * engine backend with its images remapped to local stand-ins. Postgres, Redis and nginx are the real
 * servers of the real-services image (nginx with the generated configuration); api_server,
 * web_server, the model servers and opensearch are busybox {@code httpd} answering their health
 * paths on their ports; background is a busybox loop. Everything gets healthy (or runs, where
 * upstream has no healthcheck), and HTTP through nginx's published port reaches the right stand-in:
 * {@code /api/health} the api (with the {@code /api} prefix stripped), {@code /} the web server. After
 * an upgrade of api_server (a new container, a new address) nginx, not restarted, reaches the new one
 * (upstream's 502-after-upgrade bug).
 */
@Tag("docker")
class OnyxPresetDeployIT {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  @TempDir
  Path workDir;

  /** A busybox httpd stand-in serving {@code body} at {@code path} on {@code port}. */
  static UnaryOperator<Service.Builder> httpStandIn(String busybox, int port, String path, String body) {
    String dir = "/tmp/www" + path.substring(0, path.lastIndexOf('/') + 1);
    String file = "/tmp/www" + (path.endsWith("/") ? path + "index.html" : path);
    return b -> b.image(busybox)
        .command("sh", "-c", "mkdir -p " + dir + " && echo " + body + " > " + file
            + " && exec httpd -f -p " + port + " -h /tmp/www")
        .healthcheck(fast(Healthcheck.cmd("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:" + port + path)));
  }

  /** Upstream's timings are 10-30 s intervals; the stand-ins are checked every second. */
  static Healthcheck fast(Healthcheck h) {
    return h.withInterval(Duration.ofSeconds(1)).withTimeout(Duration.ofSeconds(5)).withRetries(30)
        .withStartPeriod(Duration.ofSeconds(60));
  }

  static Stack standIns(Stack preset, String busybox, String services) {
    return preset
        .withService(OnyxStack.API_SERVER, httpStandIn(busybox, 8080, "/health", "api-standin"))
        .withService(OnyxStack.WEB_SERVER, httpStandIn(busybox, 3000, "/", "web-standin"))
        .withService(OnyxStack.INFERENCE_MODEL_SERVER, httpStandIn(busybox, 9000, "/api/health", "inference"))
        .withService(OnyxStack.INDEXING_MODEL_SERVER, httpStandIn(busybox, 9000, "/api/health", "indexing"))
        // OpenSearch's ulimits (memlock -1, nofile 65536) need an engine allowed to raise them above its
        // own hard limits; sandboxed engines are not (runc: "error setting rlimit type 8"), and the
        // stand-in needs neither. The preset's values are checked by the unit and compose tests.
        .withService(OnyxStack.OPENSEARCH, b -> httpStandIn(busybox, 9200, "/", "opensearch").apply(b)
            .clearHealthcheck()
            .ulimits(List.of()))
        .withService(OnyxStack.BACKGROUND, b -> b.image(busybox)
            .command("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"))
        // real Postgres: initialise with the generated password, then run with upstream's settings
        .withService(OnyxStack.RELATIONAL_DB, b -> b.image(services)
            .command("sh", "-c", "set -e; D=/var/lib/postgresql/data; chown postgres \"$D\";"
                + " if [ ! -s \"$D/PG_VERSION\" ]; then test -n \"$POSTGRES_PASSWORD\";"
                + " echo \"$POSTGRES_PASSWORD\" > /tmp/pw; chown postgres /tmp/pw;"
                + " su postgres -c \"initdb -D $D -U $POSTGRES_USER --pwfile=/tmp/pw -A scram-sha-256\";"
                + " rm /tmp/pw; echo \"listen_addresses='*'\" >> \"$D/postgresql.conf\"; fi;"
                + " exec su postgres -c \"postgres -D $D -c max_connections=250\"")
            .healthcheck(fast(b.build().healthcheck().orElseThrow())))
        // real Redis with upstream's command (no persistence)
        .withService(OnyxStack.CACHE, b -> b.image(services))
        // real nginx with the generated configuration (Debian's nginx has curl, not wget)
        .withService(OnyxStack.NGINX, b -> b.image(services)
            .command("sh", "-c", "rm -f /etc/nginx/sites-enabled/default && exec nginx -g 'daemon off;'")
            .healthcheck(fast(Healthcheck.cmd("curl", "-fsS", "http://127.0.0.1" + OnyxNginx.HEALTH_PATH))));
  }

  @Test
  void presetWithStandInsGetsHealthyAndNginxRoutesToApiAndWeb() throws Exception {
    String busybox = TestImages.busybox();
    String services = TestImages.realServices();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String project = projects.name("onyx-preset");
    // default profiles (no s3-filestore): minio and the optional dependency on it drop out
    Stack stack = standIns(OnyxStack.builder().name(project).publishHttpPort(port).build(), busybox, services)
        .forProfiles(List.of());
    assertThat(stack.serviceNames()).doesNotContain("minio").hasSize(9);

    try (DockerEngine engine = DockerEngine.connect()) {
      engine.apply(stack, DeployOptions.defaults().withTimeout(Duration.ofMinutes(4)).withWorkingDir(workDir));

      // apply returns when every dependency condition is met; services nobody waits on for health
      // (relational_db: upstream's api_server only needs it started) may still be starting
      Map<String, ServiceStatus> status = Map.of();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        status = engine.status(project).stream().collect(Collectors.toMap(ServiceStatus::service, s -> s));
        boolean settled = status.values().stream()
            .allMatch(st -> st.health().map(h -> !h.equals("starting")).orElse(true));
        if (settled) {
          break;
        }
        Thread.sleep(500);
      }
      assertThat(status.keySet()).containsExactlyInAnyOrderElementsOf(stack.serviceNames());
      for (Service svc : stack.services()) {
        ServiceStatus st = status.get(svc.name());
        assertThat(st.state()).as(svc.name()).isEqualTo("running");
        if (svc.hasHealthcheck()) {
          assertThat(st.health()).as(svc.name()).contains("healthy");
        }
      }

      // the hardening reached the engine: no-new-privileges and only the capabilities each image uses
      // (the real Postgres and nginx started under them)
      for (String name : List.of(OnyxStack.NGINX, OnyxStack.RELATIONAL_DB, OnyxStack.WEB_SERVER)) {
        var host = TestEngine.client().inspectContainerCmd(status.get(name).containerId()).exec().getHostConfig();
        assertThat(host.getSecurityOpts()).as(name).containsExactly(Privileges.NO_NEW_PRIVILEGES);
        assertThat(host.getCapDrop()).as(name).extracting(Enum::name).containsExactly("ALL");
        assertThat(host.getCapAdd() == null ? List.<String>of()
            : java.util.Arrays.stream(host.getCapAdd()).map(Enum::name).toList())
            .as(name).containsExactlyInAnyOrderElementsOf(stack.service(name).orElseThrow().capAdd());
      }

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThat(get(http, port, "/nginx-health")).isEqualTo("200 ok");
      assertThat(get(http, port, "/api/health")).isEqualTo("200 api-standin");
      assertThat(get(http, port, "/")).isEqualTo("200 web-standin");

      // upgrade api_server (a new container with a new address): nginx, not restarted, finds it
      String nginxBefore = status.get(OnyxStack.NGINX).containerId();
      String apiBefore = status.get(OnyxStack.API_SERVER).containerId();
      Stack upgraded = stack.withService(OnyxStack.API_SERVER,
          httpStandIn(busybox, 8080, "/health", "api-standin-upgraded"));
      engine.apply(upgraded, DeployOptions.defaults().withTimeout(Duration.ofMinutes(2)).withWorkingDir(workDir));
      Map<String, ServiceStatus> after = engine.status(project).stream()
          .collect(Collectors.toMap(ServiceStatus::service, s -> s));
      assertThat(after.get(OnyxStack.API_SERVER).containerId()).isNotEqualTo(apiBefore);
      assertThat(after.get(OnyxStack.NGINX).containerId()).isEqualTo(nginxBefore);
      String upgradedAnswer = "";
      for (int i = 0; i < 40 && !upgradedAnswer.equals("200 api-standin-upgraded"); i++) {
        upgradedAnswer = get(http, port, "/api/health");
        Thread.sleep(500);
      }
      assertThat(upgradedAnswer).isEqualTo("200 api-standin-upgraded");

      // the real Postgres accepted the generated password: it is in the container's environment only
      ExecResult psql = engine.exec(project, OnyxStack.RELATIONAL_DB, List.of("sh", "-c",
          "PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h 127.0.0.1 -U postgres -tAc 'show max_connections'"));
      assertThat(psql.exitCode()).as(psql.stderr()).isZero();
      assertThat(psql.stdout().strip()).isEqualTo("250");
    }
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r = null;
    for (int i = 0; i < 20; i++) {
      r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        break;
      }
      Thread.sleep(500);
    }
    return r.statusCode() + " " + r.body().strip();
  }
}
