package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.testsupport.Compose;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployIT extends EngineITBase {
  @TempDir
  Path state;

  static Healthcheck ready() {
    return Healthcheck.cmd("test", "-f", "/tmp/ready").withInterval(Duration.ofSeconds(1))
        .withTimeout(Duration.ofSeconds(2)).withRetries(30);
  }

  static Service.Builder svc(String name, int delaySeconds) {
    return Service.builder(name).image(busybox).stopGracePeriod(Duration.ofSeconds(1))
        .command("sh", "-c", "sleep " + delaySeconds + "; touch /tmp/ready; exec sleep 3600")
        .healthcheck(ready());
  }

  /** db (secret + config) -> migrate (one-shot) -> api (generated secret in env) -> web; flaky is optional and never healthy. */
  static Stack stack(String project, String dbPassword, String webMemory, boolean withWeb) {
    Stack.Builder b = Stack.builder(project)
        .addVolume(Volume.named("data"))
        .addSecret(Secret.ofValue("db_password", dbPassword), Secret.generated("api_key"))
        .addConfig(ConfigFile.inline("app_conf", "listen = 8080\nname = \"demo\"\n"))
        .addService(svc("db", 1)
            .addSecrets(FileReference.of("db_password"))
            .addConfigs(FileReference.of("app_conf", "/etc/app/app.conf"))
            .addMounts(dev.onyx.deploy.core.Mount.volume("data", "/data"))
            .build())
        .addService(Service.builder("migrate").image(busybox)
            .command("sh", "-c", "echo migrated >> /data/migrations; exit 0")
            .addMounts(dev.onyx.deploy.core.Mount.volume("data", "/data"))
            .addDependsOn(DependsOn.healthy("db")).build())
        .addService(Service.builder("flaky").image(busybox).stopGracePeriod(Duration.ofSeconds(1))
            .command("sh", "-c", "exec sleep 3600")
            .healthcheck(Healthcheck.cmd("sh", "-c", "echo flaky-is-broken; exit 1").withInterval(Duration.ofSeconds(1))
                .withRetries(1))
            .build())
        .addService(svc("api", 1)
            .secretEnv("API_KEY", "api_key")
            .addDependsOn(DependsOn.completed("migrate"), DependsOn.healthy("db"), DependsOn.healthy("flaky").optional())
            .build());
    if (withWeb) {
      b.addService(svc("web", 0)
          .resources(Resources.NONE.withLimits(ResourceSpec.NONE.withMemory(ByteSize.parse(webMemory))))
          .addDependsOn(DependsOn.healthy("api")).build());
    }
    return b.build();
  }

  DeployOptions options(List<DeployEvent> events) {
    return DeployOptions.defaults().withStateDir(state).withTimeout(Duration.ofMinutes(2))
        .withListener(events::add);
  }

  static Map<String, String> idsOf(String project) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (Container c : client.listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of("com.docker.compose.project=" + project)).exec()) {
      m.put(c.getLabels().get("com.docker.compose.service"), c.getId());
    }
    return m;
  }

  static String sh(String project, String service, String cmd) {
    ExecResult r = engine.exec(project, service, List.of("sh", "-c", cmd));
    assertThat(r.exitCode()).as("exec %s in %s: %s", cmd, service, r.stderr()).isZero();
    return r.stdout();
  }

  @Test
  void deploysConvergesUpdatesInPlaceAndInteroperatesWithCompose() throws Exception {
    String project = projects.name("deploy");
    List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
    Stack v1 = stack(project, "s3cret-one", "64m", true);

    Plan plan = engine.plan(v1, options(new ArrayList<>()));
    assertThat(plan.changes()).extracting(PlannedAction::kind).contains(PlannedAction.Kind.CREATE_NETWORK,
        PlannedAction.Kind.CREATE_VOLUME, PlannedAction.Kind.CREATE_CONTAINER);
    assertThat(plan.toString()).contains(project + "_default").contains("create container");

    DeployResult r1 = engine.apply(v1, options(events));
    assertThat(r1.wasNoOp()).isFalse();
    assertThat(r1.warnings()).anyMatch(w -> w.contains("flaky"));
    Map<String, String> ids1 = idsOf(project);
    assertThat(ids1).containsOnlyKeys("db", "migrate", "flaky", "api", "web");

    // compose-compatible names
    assertThat(client.inspectContainerCmd(project + "-db-1").exec().getId()).isEqualTo(ids1.get("db"));
    // the DAG: api started after db became healthy and after migrate completed
    List<String> order = events.stream().map(DeployEvent::describe).toList();
    assertThat(indexOf(order, "db: healthy")).isLessThan(indexOf(order, "migrate: starting"));
    assertThat(indexOf(order, "migrate: exited with 0")).isLessThan(indexOf(order, "api: starting"));
    assertThat(indexOf(order, "api: healthy")).isLessThan(indexOf(order, "web: starting"));
    assertThat(events).anyMatch(e -> e instanceof DeployEvent.ServiceFailed f && f.service().equals("flaky")
        && !f.required() && f.reason().contains("flaky-is-broken"));
    // secrets and configs inside the container
    assertThat(sh(project, "db", "cat /run/secrets/db_password")).isEqualTo("s3cret-one");
    assertThat(sh(project, "db", "stat -c %a /run/secrets/db_password").strip()).isEqualTo("400");
    assertThat(sh(project, "db", "cat /etc/app/app.conf")).isEqualTo("listen = 8080\nname = \"demo\"\n");
    String apiKey = sh(project, "api", "printf %s \"$API_KEY\"");
    assertThat(apiKey).hasSize(32).isEqualTo(Files.readString(state.resolve(project).resolve("secrets/api_key")));
    assertThat(events.toString()).doesNotContain(apiKey).doesNotContain("s3cret-one");
    assertThat(sh(project, "web", "cat /proc/self/cgroup >/dev/null; echo ok")).contains("ok");

    // second apply: a no-op, no container id changed, the one-shot not re-run
    events.clear();
    Plan again = engine.plan(v1, options(new ArrayList<>()));
    assertThat(again.changes()).isEmpty();
    DeployResult r2 = engine.apply(v1, options(events));
    assertThat(r2.wasNoOp()).isTrue();
    assertThat(idsOf(project)).isEqualTo(ids1);
    assertThat(events).noneMatch(e -> e instanceof DeployEvent.ServiceStarting);
    assertThat(sh(project, "api", "echo")).isNotNull();
    assertThat(sh(project, "db", "cat /data/migrations")).isEqualTo("migrated\n");
    assertThat(sh(project, "api", "printf %s \"$API_KEY\"")).isEqualTo(apiKey);

    // a changed secret recreates only its service
    Stack v2 = stack(project, "s3cret-two", "64m", true);
    Plan p2 = engine.plan(v2, options(new ArrayList<>()));
    assertThat(p2.changes()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
      assertThat(a.target()).isEqualTo("db");
      assertThat(a.reason()).contains("secrets");
    });
    engine.apply(v2, options(events));
    Map<String, String> ids2 = idsOf(project);
    assertThat(ids2.get("db")).isNotEqualTo(ids1.get("db"));
    ids2.forEach((s, id) -> {
      if (!s.equals("db")) {
        assertThat(id).as(s).isEqualTo(ids1.get(s));
      }
    });
    assertThat(sh(project, "db", "cat /run/secrets/db_password")).isEqualTo("s3cret-two");
    assertThat(client.inspectContainerCmd(project + "-db-1").exec().getId()).isEqualTo(ids2.get("db"));

    // a changed memory limit updates in place
    Stack v3 = stack(project, "s3cret-two", "96m", true);
    assertThat(engine.plan(v3, options(new ArrayList<>())).changes()).singleElement()
        .satisfies(a -> assertThat(a.kind()).isEqualTo(PlannedAction.Kind.UPDATE_CONTAINER));
    engine.apply(v3, options(events));
    assertThat(idsOf(project)).isEqualTo(ids2);
    InspectContainerResponse web = client.inspectContainerCmd(project + "-web-1").exec();
    assertThat(web.getHostConfig().getMemory()).isEqualTo(96L * 1024 * 1024);
    assertThat(engine.plan(v3, options(new ArrayList<>())).isNoOp()).isTrue();

    // status
    List<ServiceStatus> st = engine.status(project);
    assertThat(st).extracting(ServiceStatus::service).contains("api", "db", "web", "migrate");
    assertThat(st.stream().filter(s -> s.service().equals("migrate")).findFirst().orElseThrow().exitCode()).contains(0);

    // a removed service is removed
    Stack v4 = stack(project, "s3cret-two", "96m", false);
    assertThat(engine.plan(v4, options(new ArrayList<>())).changes()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(PlannedAction.Kind.REMOVE_CONTAINER);
      assertThat(a.target()).isEqualTo(project + "-web-1");
    });
    engine.apply(v4, options(events));
    assertThat(idsOf(project)).doesNotContainKey("web").containsKeys("db", "api");

    // compose sees and removes what the library deployed
    Compose.Result ps = Compose.run(state, "-p", project, "ps", "-a", "--format", "json").assertOk();
    assertThat(ps.stdout()).contains(project + "-db-1").contains(project + "-api-1").contains("\"Service\":\"db\"");
    Compose.run(state, "-p", project, "down").assertOk();
    assertThat(idsOf(project)).isEmpty();
    assertThat(client.listNetworksCmd().withNameFilter(project + "_default").exec()
        .stream().filter(n -> n.getName().equals(project + "_default")).toList()).isEmpty();
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no event '" + prefix + "' in " + lines);
  }

  @Test
  void aFailingHealthcheckNamesTheServiceAndItsHealthOutput() {
    String project = projects.name("unhealthy");
    Stack s = Stack.builder(project)
        .addService(Service.builder("broken").image(busybox).command("sh", "-c", "exec sleep 3600")
            .stopGracePeriod(Duration.ofSeconds(1))
            .healthcheck(Healthcheck.shell("echo database-not-reachable; exit 1").withInterval(Duration.ofSeconds(1))
                .withRetries(2))
            .build())
        .addService(svc("after", 0).addDependsOn(DependsOn.healthy("broken")).build())
        .build();
    assertThatThrownBy(() -> engine.apply(s, DeployOptions.defaults().withStateDir(state).withTimeout(Duration.ofMinutes(1))
            .withListener(DeployListener.logging())))
        .isInstanceOfSatisfying(DeployException.class, e -> assertThat(e.service()).contains("broken"))
        .hasMessageContaining("broken").hasMessageContaining("unhealthy").hasMessageContaining("database-not-reachable");
    // nothing running was removed; the dependant was never started
    Map<String, String> ids = idsOf(project);
    assertThat(ids).containsKey("broken");
    assertThat(client.inspectContainerCmd(ids.get("broken")).exec().getState().getRunning()).isTrue();
    if (ids.containsKey("after")) {
      assertThat(client.inspectContainerCmd(ids.get("after")).exec().getState().getStartedAt()).startsWith("0001-");
    }
    engine.down(project, DownOptions.defaults().withVolumes(true).withStateDir(state));
    assertThat(idsOf(project)).isEmpty();
  }

  @Test
  void aServiceThatExitsNonZeroFailsWithItsLastLogLines() {
    String project = projects.name("crash");
    Stack s = Stack.builder(project)
        .addService(Service.builder("crasher").image(busybox)
            .command("sh", "-c", "echo line-before-crash; sleep 0.3; exit 7").build())
        .addService(svc("dependant", 0).addDependsOn(DependsOn.completed("crasher")).build())
        .build();
    assertThatThrownBy(() -> engine.apply(s, DeployOptions.defaults().withStateDir(state).withTimeout(Duration.ofMinutes(1))))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("'crasher' exited with code 7").hasMessageContaining("line-before-crash");
  }

  @Test
  void aPortHeldByAnotherContainerIsRefusedBeforeAnythingIsCreated() throws Exception {
    String project = projects.name("ports");
    String holderProject = projects.name("holder");
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    String holder = holderProject + "-squatter";
    client.createContainerCmd(busybox).withName(holder).withCmd("sleep", "3600")
        .withLabels(Map.of("com.docker.compose.project", holderProject))
        .withExposedPorts(ExposedPort.tcp(80))
        .withHostConfig(HostConfig.newHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(80))))
        .exec();
    client.startContainerCmd(holder).exec();
    Stack s = Stack.builder(project)
        .addService(svc("web", 0).addPorts(PortMapping.publish(port, 8080).onHostIp("127.0.0.1")).build())
        .build();
    PreflightReport report = engine.preflight(s);
    assertThat(report.ok()).isFalse();
    assertThat(report.errors()).singleElement().asString().contains(holder).contains(Integer.toString(port));
    assertThatThrownBy(() -> engine.apply(s, DeployOptions.defaults().withStateDir(state)))
        .isInstanceOf(DeployException.class).hasMessageContaining(holder).hasMessageContaining("nothing was changed");
    assertThat(idsOf(project)).isEmpty();
    assertThat(client.listNetworksCmd().exec()).noneMatch(n -> n.getName().startsWith(project));
  }

  @Test
  void preflightWarnsWhenTheStackNeedsMoreThanTheEngineHas() {
    String project = projects.name("big");
    Stack s = Stack.builder(project)
        .addService(svc("huge", 0).resources(Resources.NONE
            .withReservations(ResourceSpec.of("512", "1000g"))).build())
        .addService(Service.builder("ghost").image("onyx-test/not-here:0").pullPolicy("never").build())
        .addService(Service.builder("later").image("onyx-test/pulled-later:0").build())
        .build();
    PreflightReport r = engine.preflight(s);
    assertThat(r.warnings()).anyMatch(w -> w.contains("later") && w.contains("onyx-test/pulled-later:0")
        && w.contains("will be pulled"));
    assertThat(r.apiVersion()).isEqualTo(engine.apiVersion());
    assertThat(r.warnings()).anyMatch(w -> w.contains("1000g") && w.contains("GiB"));
    assertThat(r.warnings()).anyMatch(w -> w.contains("512 CPUs"));
    assertThat(r.errors()).singleElement().asString().contains("ghost").contains("onyx-test/not-here:0");
    assertThat(idsOf(project)).isEmpty();
  }

  @Test
  void operatesLogsExecHooksAndDown() {
    String project = projects.name("operate");
    Stack s = Stack.builder(project)
        .addVolume(Volume.named("v"))
        .addService(svc("app", 0).command("sh", "-c", "echo hello-from-app; touch /tmp/ready; exec sleep 3600")
            .addMounts(dev.onyx.deploy.core.Mount.volume("v", "/v"))
            .addPorts(PortMapping.exposed(8080)).build())
        .build();
    List<String> hookOrder = Collections.synchronizedList(new ArrayList<>());
    engine.apply(s, DeployOptions.defaults().withStateDir(state)
        .afterHealthy("app", List.of("sh", "-c", "echo migrated > /v/hook; echo hook-ran"))
        .withListener(DeployListener.on(DeployEvent.ActionCompleted.class, e -> hookOrder.add(e.action()))));
    assertThat(hookOrder).anyMatch(a -> a.startsWith("hook app"));
    assertThat(engine.exec(project, "app", List.of("cat", "/v/hook")).stdout()).isEqualTo("migrated\n");
    ExecResult fail = engine.exec(project, "app", List.of("sh", "-c", "echo out; echo err >&2; exit 4"));
    assertThat(fail).isEqualTo(new ExecResult(4, "out\n", "err\n"));
    List<String> lines = new ArrayList<>();
    engine.logs(project, "app", LogOptions.all().withTail(10), lines::add);
    assertThat(lines).contains("hello-from-app");
    List<ServiceStatus> st = engine.status(project);
    assertThat(st).singleElement().satisfies(x -> {
      assertThat(x.state()).isEqualTo("running");
      assertThat(x.health()).isEqualTo(Optional.of("healthy").filter(h -> x.health().orElse("").equals(h))
          .or(() -> x.health()));
      assertThat(x.ports()).anyMatch(p -> p.endsWith("->8080/tcp"));
    });
    // the hook runs only when the service is (re)started: not on a no-op
    hookOrder.clear();
    engine.apply(s, DeployOptions.defaults().withStateDir(state)
        .afterHealthy("app", List.of("sh", "-c", "exit 9"))
        .withListener(DeployListener.on(DeployEvent.ActionCompleted.class, e -> hookOrder.add(e.action()))));
    assertThat(hookOrder).isEmpty();
    engine.down(project, DownOptions.defaults().withStateDir(state));
    assertThat(idsOf(project)).isEmpty();
    assertThat(client.listVolumesCmd().exec().getVolumes()).anyMatch(v -> v.getName().equals(project + "_v"));
    engine.down(project, DownOptions.defaults().withVolumes(true).withStateDir(state));
    assertThat(client.listVolumesCmd().exec().getVolumes()).noneMatch(v -> v.getName().equals(project + "_v"));
  }
}
