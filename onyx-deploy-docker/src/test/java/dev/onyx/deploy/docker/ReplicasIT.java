package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.TaskRestartPolicy;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.testsupport.Compose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy.replicas} and the rest of the deploy section on a single engine, against docker compose. */
class ReplicasIT extends EngineITBase {
  static final String SWARM_ONLY = "are Swarm settings; a single engine ignores them, as docker compose does";

  @TempDir
  Path dir;

  DeployOptions options(List<DeployEvent> events) {
    return DeployOptions.defaults().withStateDir(dir.resolve("state")).withWorkingDir(dir)
        .withTimeout(Duration.ofMinutes(2)).withListener(events::add);
  }

  static Stack web(String project, int replicas) {
    return Stack.builder(project).addService(Service.builder("web").image(busybox)
        .stopGracePeriod(Duration.ofSeconds(1)).command("sh", "-c", "exec sleep 3600")
        .deploy(Deploy.builder().replicas(replicas).build()).build()).build();
  }

  /** The project's containers of a service, by name. */
  static Map<String, Container> containers(String project, String service) {
    return client.listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of("com.docker.compose.project=" + project, "com.docker.compose.service=" + service))
        .exec().stream().collect(Collectors.toMap(c -> c.getNames()[0].substring(1), c -> c, (a, b) -> a, TreeMap::new));
  }

  /** The names {@code docker compose ps} lists for the project. */
  static List<String> composePs(String project, Path dir) {
    Compose.Result ps = Compose.run(dir, "-p", project, "ps", "-a", "--format", "{{.Name}}").assertOk();
    return ps.stdout().lines().filter(l -> !l.isBlank()).sorted().toList();
  }

  @Test
  void replicasAreNamedLabelledAndScaledAsComposeDoes() throws Exception {
    String project = projects.name("replicas");
    List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
    DeployResult first = engine.apply(web(project, 3), options(events));
    Map<String, Container> three = containers(project, "web");
    assertThat(three).containsOnlyKeys(project + "-web-1", project + "-web-2", project + "-web-3");
    assertThat(first.containerIds()).containsEntry("web", three.get(project + "-web-1").getId());
    for (int i = 1; i <= 3; i++) {
      InspectContainerResponse c = client.inspectContainerCmd(project + "-web-" + i).exec();
      Map<String, String> l = c.getConfig().getLabels();
      assertThat(l).containsEntry("com.docker.compose.container-number", Integer.toString(i))
          .containsEntry("com.docker.compose.oneoff", "False").containsEntry("com.docker.compose.service", "web")
          .containsEntry("com.docker.compose.project", project)
          .containsEntry("com.docker.compose.config-hash", three.get(project + "-web-1").getLabels()
              .get("com.docker.compose.config-hash"));
      assertThat(c.getNetworkSettings().getNetworks().get(project + "_default").getAliases())
          .contains("web", project + "-web-" + i);
    }
    // every replica answers to the service's name
    assertThat(engine.exec(project, "web", List.of("nslookup", "web")).stdout().lines()
        .filter(x -> x.startsWith("Address") && !x.contains("#53") && !x.contains(":53")).count()).isEqualTo(3);
    assertThat(composePs(project, dir)).containsExactly(project + "-web-1", project + "-web-2", project + "-web-3");

    // compose's own containers of the same service carry no label we lack, and the same numbers
    String peer = projects.name("replicas-compose");
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: " + busybox + "\n"
        + "    command: [\"sh\", \"-c\", \"exec sleep 3600\"]\n    deploy:\n      replicas: 3\n");
    Compose.run(dir, "-p", peer, "-f", "compose.yaml", "up", "-d").assertOk();
    Map<String, Container> theirs = containers(peer, "web");
    assertThat(theirs).containsOnlyKeys(peer + "-web-1", peer + "-web-2", peer + "-web-3");
    for (Container c : theirs.values()) {
      Map<String, String> ours = three.get(project + c.getNames()[0].substring(1 + peer.length())).getLabels();
      assertThat(ours.keySet()).containsAll(c.getLabels().keySet().stream()
          .filter(k -> k.startsWith("com.docker.compose.")).toList());
      assertThat(ours.get("com.docker.compose.container-number"))
          .isEqualTo(c.getLabels().get("com.docker.compose.container-number"));
    }
    Compose.run(dir, "-p", peer, "down", "-t", "0").assertOk();

    // 3 -> 1: the highest numbers go, the first is left alone
    Plan down = engine.plan(web(project, 1), options(new ArrayList<>()));
    assertThat(down.changes()).extracting(PlannedAction::kind, PlannedAction::target, PlannedAction::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(PlannedAction.Kind.REMOVE_CONTAINER, project + "-web-3", "scale web 3 -> 1"),
            org.assertj.core.groups.Tuple.tuple(PlannedAction.Kind.REMOVE_CONTAINER, project + "-web-2", "scale web 3 -> 1"));
    engine.apply(web(project, 1), options(events));
    Map<String, Container> one = containers(project, "web");
    assertThat(one).containsOnlyKeys(project + "-web-1");
    assertThat(one.get(project + "-web-1").getId()).isEqualTo(three.get(project + "-web-1").getId());
    assertThat(composePs(project, dir)).containsExactly(project + "-web-1");

    // 1 -> 2: number 2 is added, the first is left alone
    Plan up = engine.plan(web(project, 2), options(new ArrayList<>()));
    assertThat(up.changes()).singleElement().isEqualTo(
        new PlannedAction(PlannedAction.Kind.CREATE_CONTAINER, "web", "scale 1 -> 2"));
    engine.apply(web(project, 2), options(events));
    Map<String, Container> two = containers(project, "web");
    assertThat(two).containsOnlyKeys(project + "-web-1", project + "-web-2");
    assertThat(two.get(project + "-web-1").getId()).isEqualTo(three.get(project + "-web-1").getId());
    assertThat(two.get(project + "-web-2").getLabels()).containsEntry("com.docker.compose.container-number", "2");
    assertThat(two.values()).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    assertThat(composePs(project, dir)).containsExactly(project + "-web-1", project + "-web-2");
    assertThat(engine.plan(web(project, 2), options(new ArrayList<>())).isNoOp()).isTrue();
    assertThat(engine.status(project)).extracting(ServiceStatus::container)
        .containsExactly(project + "-web-1", project + "-web-2");

    // compose takes the project down
    Compose.run(dir, "-p", project, "down", "-t", "0").assertOk();
    assertThat(containers(project, "web")).isEmpty();
  }

  @Test
  void aDependantWaitsForEveryReplicaOfItsDependencyToBeHealthy() {
    String project = projects.name("replicas-wait");
    // each replica takes a slot 1..3 and is ready 2, 4, 6 s after its start
    Stack stack = Stack.builder(project).addVolume(Volume.named("shared"))
        .addService(Service.builder("db").image(busybox).stopGracePeriod(Duration.ofSeconds(1))
            .command("sh", "-c", "i=1; while ! mkdir /shared/slot$i 2>/dev/null; do i=$((i+1)); done; "
                + "sleep $((i*2)); touch /shared/ready-$i /tmp/ready; exec sleep 3600")
            .healthcheck(Healthcheck.cmd("test", "-f", "/tmp/ready").withInterval(Duration.ofSeconds(1)).withRetries(60))
            .addMounts(Mount.volume("shared", "/shared"))
            .deploy(Deploy.builder().replicas(3).build()).build())
        .addService(Service.builder("app").image(busybox).stopGracePeriod(Duration.ofSeconds(1))
            .command("sh", "-c", "ls /shared | grep -c ready > /shared/seen; exec sleep 3600")
            .addMounts(Mount.volume("shared", "/shared"))
            .addDependsOn(DependsOn.healthy("db")).build())
        .build();
    List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
    engine.apply(stack, options(events));
    assertThat(engine.exec(project, "app", List.of("cat", "/shared/seen")).stdout().strip()).isEqualTo("3");
    List<String> order = events.stream().map(DeployEvent::describe).toList();
    assertThat(events).filteredOn(e -> e instanceof DeployEvent.ServiceHealthy h && h.service().equals("db")).hasSize(1);
    assertThat(indexOf(order, "db: healthy")).isLessThan(indexOf(order, "app: starting"));
    assertThat(events).filteredOn(e -> e instanceof DeployEvent.ServiceStarted s && s.service().equals("db"))
        .hasSize(3);
  }

  @Test
  void swarmOnlySettingsAreReportedOnceAndTheTaskRestartPolicyReachesTheEngine() {
    String project = projects.name("replicas-swarm");
    Stack stack = Stack.builder(project)
        .addService(Service.builder("web").image(busybox).stopGracePeriod(Duration.ofSeconds(1))
            .command("sh", "-c", "exec sleep 3600")
            .deploy(Deploy.builder().replicas(2).placement(Placement.constraints("node.role == manager"))
                .updateConfig(UpdateConfig.builder().parallelism(1).build())
                .endpointMode(Deploy.EndpointMode.DNSRR)
                .restartPolicy(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE).withMaxAttempts(3))
                .build()).build())
        .addService(Service.builder("worker").image(busybox).stopGracePeriod(Duration.ofSeconds(1))
            .command("sh", "-c", "exec sleep 3600").restart(RestartPolicy.ALWAYS)
            .deploy(Deploy.builder().restartPolicy(TaskRestartPolicy.NONE).build()).build())
        .build();
    for (int round = 1; round <= 2; round++) {
      List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
      DeployResult r = engine.apply(stack, options(events));
      assertThat(events).filteredOn(e -> e instanceof DeployEvent.Warning w && w.message().contains(SWARM_ONLY))
          .as("round %d", round).singleElement().extracting(DeployEvent::describe).asString()
          .contains("service 'web' (deploy.placement, deploy.update_config, deploy.endpoint_mode)")
          .doesNotContain("worker");
      assertThat(r.warnings()).filteredOn(w -> w.contains(SWARM_ONLY)).hasSize(1);
    }
    for (String name : List.of(project + "-web-1", project + "-web-2")) {
      var policy = client.inspectContainerCmd(name).exec().getHostConfig().getRestartPolicy();
      assertThat(policy.getName()).isEqualTo("on-failure");
      assertThat(policy.getMaximumRetryCount()).isEqualTo(3);
    }
    // deploy.restart_policy wins over restart, as in compose
    assertThat(client.inspectContainerCmd(project + "-worker-1").exec().getHostConfig().getRestartPolicy().getName())
        .isIn("no", "");
  }

  @Test
  void aFixedHostPortForSeveralReplicasIsRefusedBeforeAnythingIsMade() {
    String project = projects.name("replicas-port");
    Stack stack = Stack.builder(project).addService(Service.builder("web").image(busybox)
        .command("sh", "-c", "exec sleep 3600").addPorts(PortMapping.publish(18080, 80).onHostIp("127.0.0.1"))
        .deploy(Deploy.builder().replicas(2).build()).build()).build();
    assertThatThrownBy(() -> engine.apply(stack, options(new ArrayList<>())))
        .isInstanceOf(DeployException.class).hasMessageContaining("nothing was changed")
        .hasMessageContaining("service 'web': host port 18080 cannot be published by 2 replicas");
    assertThat(containers(project, "web")).isEmpty();
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no event '" + prefix + "' in " + lines);
  }
}
