package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.testsupport.TestImages;
import dev.onyx.deploy.testsupport.TestProjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Postgres, Redis and nginx proxying to a backend, from the real-services image, deploy healthy. */
@Tag("docker")
class RealServicesIT {
  @RegisterExtension
  final TestProjects.Cleanup projects = new TestProjects.Cleanup();

  @TempDir
  Path state;

  static Healthcheck every(Healthcheck h) {
    return h.withInterval(Duration.ofSeconds(2)).withTimeout(Duration.ofSeconds(5)).withRetries(30);
  }

  @Test
  void postgresRedisAndNginxDeployHealthy() {
    String image = TestImages.realServices();
    String project = projects.name("real");
    Stack stack = Stack.builder(project)
        .addConfig(ConfigFile.inline("backend_conf", "pid /tmp/nginx.pid;\nevents {}\nhttp {\n"
            + "  server { listen 8081; location / { default_type text/plain; return 200 'backend-ok\\n'; } }\n}\n"))
        .addConfig(ConfigFile.inline("proxy_conf", "pid /tmp/nginx.pid;\nevents {}\nhttp {\n"
            + "  server { listen 8080; location / { proxy_pass http://backend:8081; } }\n}\n"))
        .addService(Service.builder("postgres").image(image).user("postgres")
            .command("sh", "-c", "initdb -D /tmp/pgdata -A trust -U postgres >/tmp/initdb.log"
                + " && exec postgres -D /tmp/pgdata -k /tmp -c listen_addresses='*'")
            .healthcheck(every(Healthcheck.shell("pg_isready -h 127.0.0.1 -U postgres")))
            .stopGracePeriod(Duration.ofSeconds(2))
            .build())
        .addService(Service.builder("redis").image(image)
            .command("redis-server", "--protected-mode", "no", "--save", "")
            .healthcheck(every(Healthcheck.shell("redis-cli ping | grep -q PONG")))
            .stopGracePeriod(Duration.ofSeconds(2))
            .build())
        .addService(Service.builder("backend").image(image)
            .command("nginx", "-g", "daemon off;", "-c", "/etc/nginx/backend.conf")
            .addConfigs(FileReference.of("backend_conf", "/etc/nginx/backend.conf"))
            .healthcheck(every(Healthcheck.shell("curl -fsS http://127.0.0.1:8081/")))
            .addDependsOn(DependsOn.healthy("postgres"), DependsOn.healthy("redis"))
            .stopGracePeriod(Duration.ofSeconds(2))
            .build())
        .addService(Service.builder("proxy").image(image)
            .command("nginx", "-g", "daemon off;", "-c", "/etc/nginx/proxy.conf")
            .addConfigs(FileReference.of("proxy_conf", "/etc/nginx/proxy.conf"))
            .healthcheck(every(Healthcheck.shell("curl -fsS http://127.0.0.1:8080/ | grep -q backend-ok")))
            .addDependsOn(DependsOn.healthy("backend"))
            .stopGracePeriod(Duration.ofSeconds(2))
            .build())
        .build();
    try (DockerEngine engine = DockerEngine.connect()) {
      DeployResult r = engine.apply(stack, DeployOptions.defaults().withStateDir(state).withTimeout(Duration.ofMinutes(3)));
      assertThat(r.containerIds()).containsOnlyKeys("postgres", "redis", "backend", "proxy");
      assertThat(engine.exec(project, "proxy", List.of("curl", "-fsS", "http://127.0.0.1:8080/")).stdout())
          .isEqualTo("backend-ok\n");
      assertThat(engine.exec(project, "redis", List.of("redis-cli", "ping")).stdout()).isEqualTo("PONG\n");
      ExecResult pg = engine.exec(project, "postgres", List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "select 40+2"));
      assertThat(pg.stdout().strip()).as(pg.stderr()).isEqualTo("42");
      assertThat(engine.status(project)).hasSize(4).allSatisfy(s -> assertThat(s.state()).isEqualTo("running"));
      assertThat(engine.apply(stack, DeployOptions.defaults().withStateDir(state)).wasNoOp()).isTrue();
      engine.down(project, DownOptions.defaults().withVolumes(true).withStateDir(state));
    }
  }
}
