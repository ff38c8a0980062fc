package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.event.DeployEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference stack's life on the two-node swarm, one step per test, in order: deploy in
 * dependency order with replicas on both nodes, {@code docker stack ps}, a no-op re-apply, a
 * changed secret file, an update Swarm rolls back, a drained worker, and down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceStackIT extends SwarmITBase {
  static final String NAME = "oxsw-ref";

  @TempDir
  static Path dir;

  static Stack stack;
  static SwarmOptions options;

  @BeforeAll
  static void stack() throws Exception {
    engine.down(NAME);
    write(dir, "api_key.txt", "first key\n");
    // api also reads a secret file and a config: the "changed secret rolls only its users" step
    stack = reference(NAME).toBuilder()
        .addSecret(Secret.fromFile("api_key", "api_key.txt"))
        .addConfig(ConfigFile.inline("web_conf", "listen 8080\n"))
        .build()
        .withService("api", b -> b.addSecrets(FileReference.of("api_key")))
        .withService("web", b -> b.addConfigs(FileReference.of("web_conf", "/etc/web.conf")));
    options = SwarmOptions.defaults().withWorkingDir(dir).withStateDir(dir.resolve("state"))
        .withTimeout(Duration.ofMinutes(5));
  }

  @AfterAll
  static void cleanUp() {
    engine.down(NAME);
  }

  @Test
  @Order(1)
  void deploysHealthyInDependencyOrderWithReplicasOnBothNodes() {
    List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
    SwarmResult r = engine.apply(stack, options.withListener(events::add));

    assertThat(r.wasNoOp()).isFalse();
    List<SwarmServiceStatus> status = engine.status(NAME);
    assertThat(status).extracting(SwarmServiceStatus::service).containsExactlyInAnyOrderElementsOf(stack.serviceNames());
    assertThat(status).allSatisfy(s -> assertThat(s.ready()).as(s.service() + " ready").isTrue());
    for (String replicated : List.of("web", "api")) {
      SwarmServiceStatus s = status.stream().filter(x -> x.service().equals(replicated)).findFirst().orElseThrow();
      assertThat(s.running()).isEqualTo(2);
      assertThat(s.tasks().stream().map(t -> t.nodeId().orElseThrow()).collect(Collectors.toSet()))
          .as(replicated + "'s replicas land on both nodes")
          .containsExactlyInAnyOrder(swarm.managerNodeId(), swarm.workerNodeId());
    }
    SwarmServiceStatus migrate = status.stream().filter(x -> x.service().equals("migrate")).findFirst().orElseThrow();
    assertThat(migrate.completed()).isEqualTo(1);

    // every dependant's first task was made after its dependencies met their condition (manager's clock)
    Map<String, SwarmServiceStatus> by = status.stream().collect(Collectors.toMap(SwarmServiceStatus::service, x -> x));
    for (Service s : stack.services()) {
      if (s.dependsOn().isEmpty()) {
        continue;
      }
      Instant firstTask = by.get(s.name()).tasks().stream().map(SwarmTask::createdAt).min(Instant::compareTo)
          .orElseThrow();
      for (DependsOn d : s.dependsOn()) {
        // healthy: the dependency's tasks reached running (Swarm's word for healthy, with a healthcheck);
        // completed: its task reached complete; started: at least its tasks were made before
        Instant met = by.get(d.service()).tasks().stream()
            .map(d.condition() == DependsOn.Condition.STARTED ? SwarmTask::createdAt : SwarmTask::stateSince)
            .max(Instant::compareTo).orElseThrow();
        assertThat(firstTask).as(s.name() + " made after " + d.service() + " was " + d.condition()).isAfter(met);
      }
    }
    assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new DeployEvent.ServiceCompleted("migrate", 0)));
    assertThat(events).filteredOn(e -> e instanceof DeployEvent.ServiceHealthy).hasSize(11);
  }

  @Test
  @Order(2)
  void dockerStackCommandsSeeTheStack() throws Exception {
    assertThat(docker("stack", "ls", "--format", "{{.Name}} {{.Services}}")).contains(NAME + " 12");
    String ps = docker("stack", "ps", NAME, "--format", "{{.Name}} {{.DesiredState}} {{.CurrentState}}");
    assertThat(ps).contains(NAME + "_web.1 ", NAME + "_web.2 ", NAME + "_api.2 ", NAME + "_migrate.1 ")
        .contains("Running").contains("Complete");
    assertThat(docker("stack", "services", NAME, "--format", "{{.Name}} {{.Replicas}}"))
        .contains(NAME + "_web 2/2", NAME + "_api 2/2", NAME + "_db 1/1");
  }

  @Test
  @Order(3)
  void noOpReapplyChangesNoServiceVersion() {
    Map<String, Long> before = versions(NAME);
    int migrateTasks = engine.api().tasksOf(services(NAME).get("migrate").get("ID").toString()).size();
    assertThat(engine.plan(stack, options).isNoOp()).isTrue();

    SwarmResult r = engine.apply(stack, options);

    assertThat(r.wasNoOp()).isTrue();
    assertThat(versions(NAME)).isEqualTo(before);
    assertThat(engine.api().tasksOf(services(NAME).get("migrate").get("ID").toString())).hasSize(migrateTasks);
  }

  @Test
  @Order(4)
  void aChangedSecretFileRollsOnlyItsUsers() throws Exception {
    Map<String, Long> before = versions(NAME);
    Set<String> secretsBefore = engine.api().secrets(NAME).stream()
        .map(x -> String.valueOf(x.get("ID"))).collect(Collectors.toSet());
    write(dir, "api_key.txt", "second key\n");

    SwarmPlan plan = engine.plan(stack, options);
    assertThat(plan.changes()).extracting(SwarmAction::kind, SwarmAction::target).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(SwarmAction.Kind.CREATE_SECRET, NAME + "_api_key_" + sha8("second key\n")),
        org.assertj.core.groups.Tuple.tuple(SwarmAction.Kind.UPDATE_SERVICE, "api"),
        org.assertj.core.groups.Tuple.tuple(SwarmAction.Kind.REMOVE_SECRET, NAME + "_api_key_" + sha8("first key\n")));
    assertThat(plan.actionFor("api").reason()).isEqualTo("changed: secrets");

    engine.apply(stack, options);

    Map<String, Long> after = versions(NAME);
    before.forEach((svc, v) -> {
      if (svc.equals("api")) {
        assertThat(after.get(svc)).as("api is updated").isGreaterThan(v);
      } else {
        assertThat(after.get(svc)).as(svc + " untouched").isEqualTo(v);
      }
    });
    assertThat(engine.api().secrets(NAME)).extracting(x -> String.valueOf(dev.onyx.deploy.docker.EngineApi.at(x, "Spec", "Name")))
        .containsExactly(NAME + "_api_key_" + sha8("second key\n"));
    assertThat(secretsBefore).doesNotContain(String.valueOf(engine.api().secrets(NAME).get(0).get("ID")));
    assertThat(engine.status(NAME)).allSatisfy(s -> assertThat(s.ready()).isTrue());
  }

  @Test
  @Order(5)
  void aFailingUpdateWithRollbackEndsOnThePreviousVersion() {
    Map<String, Object> webBefore = services(NAME).get("web");
    String hashBefore = labels(webBefore).get(Names.SPEC_HASH);
    Stack broken = stack.withService("web", b -> b.command(List.of("sh", "-c", "echo web cannot start; exit 3"))
        .deploy(Deploy.builder().replicas(2).updateConfig(UpdateConfig.builder()
            .failureAction(UpdateConfig.FailureAction.ROLLBACK).monitor(Duration.ofSeconds(2)).build())
            .rollbackConfig(UpdateConfig.builder().parallelism(2).monitor(Duration.ofSeconds(1)).build()).build()));

    assertThatThrownBy(() -> engine.apply(broken, options))
        .isInstanceOf(UpdateRolledBackException.class)
        .hasMessageStartingWith("service 'web': the update failed and Swarm rolled it back to the previous version")
        .satisfies(e -> assertThat(((UpdateRolledBackException) e).service()).contains("web"));

    Map<String, Object> webAfter = services(NAME).get("web");
    assertThat(labels(webAfter).get(Names.SPEC_HASH)).isEqualTo(hashBefore);
    SwarmServiceStatus web = engine.status(NAME).stream().filter(s -> s.service().equals("web")).findFirst()
        .orElseThrow();
    assertThat(web.updateState()).contains("rollback_completed");
    assertThat(web.ready()).isTrue();
    assertThat(web.running()).isEqualTo(2);
  }

  @Test
  @Order(6)
  void aServiceLeftOutOfTheStackIsRemoved() {
    Map<String, Long> before = versions(NAME);
    stack = stack.withoutService("code-interpreter");
    assertThat(engine.plan(stack, options).changes()).extracting(SwarmAction::kind, SwarmAction::target)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SwarmAction.Kind.REMOVE_SERVICE, "code-interpreter"));

    engine.apply(stack, options);

    Map<String, Long> after = versions(NAME);
    assertThat(after).doesNotContainKey("code-interpreter");
    before.remove("code-interpreter");
    assertThat(after).isEqualTo(before);
  }

  @Test
  @Order(7)
  void drainingTheWorkerMovesItsTasksAndTheStackIsHealthyAgain() throws Exception {
    assertThat(runningOn(swarm.workerNodeId())).isNotEmpty();
    swarm.setAvailability(swarm.workerNodeId(), "drain");
    try {
      waitUntil("the stack to run on the manager alone", Duration.ofMinutes(4),
          () -> runningOn(swarm.workerNodeId()).isEmpty()
              && engine.status(NAME).stream().allMatch(SwarmServiceStatus::ready),
          () -> engine.status(NAME).stream().filter(s -> !s.ready() || s.tasks().stream()
              .anyMatch(t -> t.running() && t.nodeId().filter(swarm.workerNodeId()::equals).isPresent())).toList());
      assertThat(engine.status(NAME)).filteredOn(s -> !s.service().equals("migrate"))
          .allSatisfy(s -> assertThat(s.tasks()).allSatisfy(t -> assertThat(t.nodeId()).contains(swarm.managerNodeId())));
    } finally {
      swarm.setAvailability(swarm.workerNodeId(), "active");
    }
  }

  @Test
  @Order(8)
  void downLeavesNothingOfTheStack() throws Exception {
    assertThat(objectsOf(NAME)).isGreaterThan(0);

    engine.down(NAME);

    assertThat(objectsOf(NAME)).isZero();
    assertThat(engine.api().tasks(NAME)).isEmpty();
    assertThat(docker("stack", "ls", "--format", "{{.Name}}")).doesNotContain(NAME);
  }

  private static List<SwarmTask> runningOn(String node) {
    return engine.status(NAME).stream().flatMap(s -> s.tasks().stream())
        .filter(t -> t.running() && t.nodeId().filter(node::equals).isPresent()).toList();
  }

  private static Map<String, String> labels(Map<String, Object> service) {
    return SwarmApi.labels(dev.onyx.deploy.docker.EngineApi.at(service, "Spec", "Labels"));
  }

  private static String sha8(String content) {
    return Hashes.sha256(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
  }
}
