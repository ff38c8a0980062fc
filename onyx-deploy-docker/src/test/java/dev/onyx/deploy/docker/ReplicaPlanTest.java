package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests for how {@link Planner} converges a service's replicas, as compose numbers them. */
class ReplicaPlanTest {
  static Service.Builder svc(String name, int replicas) {
    return Service.builder(name).image("app:1").command("run").deploy(Deploy.builder().replicas(replicas).build());
  }

  static Stack stack(Service... services) {
    return Stack.builder("shop").addService(services).build();
  }

  static ServiceSpec spec(Stack stack, String name) {
    return new ServiceSpec(stack, stack.service(name).orElseThrow(), "app:1", PlannerTest.IMG, List.of(), List.of());
  }

  /** Replica {@code number} of the service as the engine lists it, made from {@code spec}. */
  static Planner.Observed replica(ServiceSpec spec, int number, String status) {
    Map<String, String> labels = new HashMap<>();
    labels.put(Names.CONFIG_HASH, spec.hash);
    labels.put(Names.PARTS, spec.partsLabel());
    labels.put(Names.RESOURCES, spec.resources);
    labels.put(Names.NUMBER, Integer.toString(number));
    return new Planner.Observed("id-" + number, "shop-" + spec.service.name() + "-" + number, spec.service.name(),
        status.startsWith("Exited") ? "exited" : "running", status, labels);
  }

  static Plan plan(Stack stack, Map<String, List<Planner.Observed>> observed) {
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    stack.services().forEach(s -> specs.put(s.name(), spec(stack, s.name())));
    return Planner.plan(stack, specs, new Planner.Snapshot(observed, List.of(), Set.of("shop_default"), Set.of()),
        Set.of());
  }

  @Test
  void aNewServiceGetsOneContainerPerReplicaNumberedFromOne() {
    Stack s = stack(svc("web", 3).build());
    Planner.ServicePlan p = Planner.service("shop", spec(s, "web"), List.of(), false, Map.of());
    assertThat(p.replicas()).extracting(Planner.ReplicaPlan::number, Planner.ReplicaPlan::name)
        .containsExactly(tuple(1, "shop-web-1"), tuple(2, "shop-web-2"), tuple(3, "shop-web-3"));
    assertThat(p.replicas()).allSatisfy(r -> assertThat(r.action().kind()).isEqualTo(PlannedAction.Kind.CREATE_CONTAINER));
    assertThat(p.summary()).isEqualTo(new PlannedAction(PlannedAction.Kind.CREATE_CONTAINER, "web",
        "no container yet, 3 replicas"));
  }

  @Test
  void scalingDownRemovesTheHighestNumbersAndLeavesTheRestAlone() {
    ServiceSpec three = spec(stack(svc("web", 3).build()), "web");
    Stack one = stack(svc("web", 1).build());
    Plan p = plan(one, Map.of("web", List.of(replica(three, 1, "Up"), replica(three, 2, "Up"), replica(three, 3, "Up"))));
    assertThat(p.actions()).extracting(PlannedAction::kind, PlannedAction::target, PlannedAction::reason).containsExactly(
        tuple(PlannedAction.Kind.REMOVE_CONTAINER, "shop-web-3", "scale web 3 -> 1"),
        tuple(PlannedAction.Kind.REMOVE_CONTAINER, "shop-web-2", "scale web 3 -> 1"),
        tuple(PlannedAction.Kind.NOTHING, "web", "up to date"));
    assertThat(p.toString()).contains("remove container    shop-web-3               (scale web 3 -> 1)");
  }

  @Test
  void scalingUpNumbersOnFromTheHighestAndKeepsTheExistingContainers() {
    ServiceSpec one = spec(stack(svc("web", 1).build()), "web");
    Stack two = stack(svc("web", 2).build());
    Planner.ServicePlan p = Planner.service("shop", spec(two, "web"), List.of(replica(one, 1, "Up")), false, Map.of());
    assertThat(p.replicas()).extracting(r -> r.number(), r -> r.action().kind()).containsExactly(
        tuple(1, PlannedAction.Kind.NOTHING), tuple(2, PlannedAction.Kind.CREATE_CONTAINER));
    assertThat(p.surplus()).isEmpty();
    assertThat(p.summary()).isEqualTo(new PlannedAction(PlannedAction.Kind.CREATE_CONTAINER, "web", "scale 1 -> 2"));
    // as compose: after the highest number there is, not into a gap
    Planner.ServicePlan gap = Planner.service("shop", spec(stack(svc("web", 3).build()), "web"),
        List.of(replica(one, 1, "Up"), replica(one, 3, "Up")), false, Map.of());
    assertThat(gap.replicas()).extracting(Planner.ReplicaPlan::name).containsExactly("shop-web-1", "shop-web-3", "shop-web-4");
  }

  @Test
  void theReplicaCountIsNotPartOfTheConfigurationHash() {
    assertThat(spec(stack(svc("web", 3).build()), "web").hash).isEqualTo(spec(stack(svc("web", 1).build()), "web").hash)
        .isEqualTo(spec(stack(Service.builder("web").image("app:1").command("run").build()), "web").hash);
    assertThat(plan(stack(svc("web", 2).build()), Map.of("web", List.of(
        replica(spec(stack(svc("web", 5).build()), "web"), 1, "Up"),
        replica(spec(stack(svc("web", 5).build()), "web"), 2, "Up")))).isNoOp()).isTrue();
  }

  @Test
  void aChangeOfEveryReplicaIsOneLineAndAChangeOfSomeNamesThem() {
    ServiceSpec old = spec(stack(svc("web", 2).command("old").build()), "web");
    Stack now = stack(svc("web", 3).build());
    Planner.ServicePlan p = Planner.service("shop", spec(now, "web"),
        List.of(replica(old, 1, "Up"), replica(old, 2, "Up")), false, Map.of());
    assertThat(p.summary()).isEqualTo(new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, "web",
        "changed: command; scale 2 -> 3"));
    ServiceSpec current = spec(now, "web");
    Planner.ServicePlan some = Planner.service("shop", current,
        List.of(replica(current, 1, "Up"), replica(current, 2, "Exited (1) 3 seconds ago"), replica(current, 3, "Up")),
        false, Map.of());
    assertThat(some.summary()).isEqualTo(new PlannedAction(PlannedAction.Kind.START_CONTAINER, "web",
        "shop-web-2: stopped (Exited (1) 3 seconds ago)"));
  }

  @Test
  void noReplicasIsNoContainerAndNoWait() {
    ServiceSpec one = spec(stack(svc("web", 1).build()), "web");
    Planner.ServicePlan p = Planner.service("shop", spec(stack(svc("web", 0).build()), "web"),
        List.of(replica(one, 1, "Up")), false, Map.of());
    assertThat(p.replicas()).isEmpty();
    assertThat(p.surplus()).extracting(Planner.Observed::name).containsExactly("shop-web-1");
    assertThat(p.summary().kind()).isEqualTo(PlannedAction.Kind.NOTHING);
  }

  @Test
  void aScaleUpOfADependencyDoesNotRestartItsDependants() {
    Stack before = stack(svc("db", 1).build(), svc("api", 1).addDependsOn(DependsOn.started("db").withRestart()).build());
    Stack after = stack(svc("db", 2).build(), svc("api", 1).addDependsOn(DependsOn.started("db").withRestart()).build());
    Plan p = plan(after, Map.of("db", List.of(replica(spec(before, "db"), 1, "Up")),
        "api", List.of(replica(spec(before, "api"), 1, "Up"))));
    assertThat(p.actionFor("db").kind()).isEqualTo(PlannedAction.Kind.CREATE_CONTAINER);
    assertThat(p.actionFor("api").kind()).isEqualTo(PlannedAction.Kind.NOTHING);
    // a recreated one does, in each of the dependant's containers
    Stack changed = stack(svc("db", 2).command("new").build(),
        svc("api", 2).addDependsOn(DependsOn.started("db").withRestart()).build());
    Map<String, ServiceSpec> specs = Map.of("db", spec(changed, "db"), "api", spec(changed, "api"));
    Map<String, Planner.ServicePlan> plans = Planner.services(changed, specs, new Planner.Snapshot(Map.of(
        "db", List.of(replica(spec(before, "db"), 1, "Up"), replica(spec(before, "db"), 2, "Up")),
        "api", List.of(replica(specs.get("api"), 1, "Up"), replica(specs.get("api"), 2, "Up"))),
        List.of(), Set.of(), Set.of()), Set.of());
    assertThat(plans.get("api").replicas()).extracting(r -> r.action().kind())
        .containsExactly(PlannedAction.Kind.RESTART_CONTAINER, PlannedAction.Kind.RESTART_CONTAINER);
  }
}
