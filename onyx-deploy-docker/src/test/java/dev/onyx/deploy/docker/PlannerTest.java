package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  static final String IMG = "sha256:aaaa";

  static Service.Builder svc(String name) {
    return Service.builder(name).image("app:1").command("run");
  }

  static Stack stack(Service... services) {
    return Stack.builder("shop").addService(services).build();
  }

  static ServiceSpec spec(Stack stack, String name, String imageId, List<String> env,
      List<ServiceSpec.FileEntry> files) {
    return new ServiceSpec(stack, stack.service(name).orElseThrow(), "app:1", imageId, env, files);
  }

  static ServiceSpec spec(Stack stack, String name) {
    return spec(stack, name, IMG, List.of("A=1"), List.of());
  }

  static ServiceSpec.FileEntry secret(String value, int mode) {
    return new ServiceSpec.FileEntry("secret", "pw", "/run/secrets/pw", value.getBytes(StandardCharsets.UTF_8), mode, 0, 0);
  }

  static Planner.Observed running(ServiceSpec spec, String status) {
    Map<String, String> labels = new HashMap<>();
    labels.put(Names.CONFIG_HASH, spec.hash);
    labels.put(Names.PARTS, spec.partsLabel());
    labels.put(Names.RESOURCES, spec.resources);
    return new Planner.Observed("id-" + spec.service.name(), spec.containerName, spec.service.name(), "running",
        status, labels);
  }

  // ------------------------------------------------------------ config hash

  @Test
  void theHashIsStableAndIgnoresEnvironmentOrder() {
    Stack s = stack(svc("api").build());
    assertThat(spec(s, "api", IMG, List.of("A=1", "B=2"), List.of()).hash)
        .isEqualTo(spec(s, "api", IMG, List.of("B=2", "A=1"), List.of()).hash)
        .hasSize(64);
  }

  @Test
  void theHashCoversTheImageIdNotJustTheReference() {
    Stack s = stack(svc("api").build());
    ServiceSpec a = spec(s, "api", "sha256:aaaa", List.of(), List.of());
    ServiceSpec b = spec(s, "api", "sha256:bbbb", List.of(), List.of());
    assertThat(a.hash).isNotEqualTo(b.hash);
    assertThat(b.changedParts(a.partsLabel())).containsExactly("image");
  }

  @Test
  void theHashCoversSecretAndConfigContentsAndModes() {
    Stack s = stack(svc("api").build());
    ServiceSpec one = spec(s, "api", IMG, List.of(), List.of(secret("one", 0400)));
    ServiceSpec two = spec(s, "api", IMG, List.of(), List.of(secret("two", 0400)));
    ServiceSpec mode = spec(s, "api", IMG, List.of(), List.of(secret("one", 0440)));
    assertThat(one.hash).isNotEqualTo(two.hash).isNotEqualTo(mode.hash);
    assertThat(two.changedParts(one.partsLabel())).containsExactly("secrets");
    ServiceSpec.FileEntry conf = new ServiceSpec.FileEntry("config", "c", "/etc/c", "x".getBytes(), 0444, 0, 0);
    ServiceSpec.FileEntry conf2 = new ServiceSpec.FileEntry("config", "c", "/etc/c", "y".getBytes(), 0444, 0, 0);
    assertThat(spec(s, "api", IMG, List.of(), List.of(conf2)).changedParts(
        spec(s, "api", IMG, List.of(), List.of(conf)).partsLabel())).containsExactly("configs");
  }

  @Test
  void theHashNeverShowsASecretValue() {
    Stack s = stack(svc("api").build());
    ServiceSpec sp = spec(s, "api", IMG, List.of("PASSWORD=hunter2hunter2"), List.of(secret("hunter2hunter2", 0400)));
    assertThat(sp.partsLabel() + sp.hash).doesNotContain("hunter2");
  }

  @Test
  void limitsAndDependenciesAreNotPartOfTheHash() {
    Stack a = stack(svc("db").build(), svc("api").build());
    Stack b = stack(svc("db").build(), svc("api").addDependsOn(DependsOn.healthy("db"))
        .resources(Resources.NONE.withLimits(ResourceSpec.of("0.5", "256m"))).build());
    assertThat(spec(a, "api").hash).isEqualTo(spec(b, "api").hash);
    assertThat(spec(a, "api").resources).isNotEqualTo(spec(b, "api").resources);
    assertThat(spec(b, "api").resources).isEqualTo("cpus=0.5;memory=268435456;memres=;pids=");
  }

  @Test
  void volumeAndNetworkNamesOfTheProjectAreInTheHash() {
    Stack a = Stack.builder("one").addVolume(Volume.named("data"))
        .addService(svc("db").addMounts(dev.onyx.deploy.core.Mount.volume("data", "/d")).build()).build();
    Stack b = Stack.builder("two").addVolume(Volume.named("data"))
        .addService(svc("db").addMounts(dev.onyx.deploy.core.Mount.volume("data", "/d")).build()).build();
    assertThat(spec(b, "db").changedParts(spec(a, "db").partsLabel())).containsExactly("mounts", "networks");
  }

  // ------------------------------------------------------------ decisions

  @Test
  void noContainerIsCreated() {
    Stack s = stack(svc("api").build());
    assertThat(Planner.decide(spec(s, "api"), null, false).kind()).isEqualTo(PlannedAction.Kind.CREATE_CONTAINER);
  }

  @Test
  void anUnchangedRunningServiceIsLeftAlone() {
    Stack s = stack(svc("api").build());
    ServiceSpec sp = spec(s, "api");
    assertThat(Planner.decide(sp, running(sp, "Up 3 minutes"), false).kind()).isEqualTo(PlannedAction.Kind.NOTHING);
  }

  @Test
  void aChangedConfigurationRecreatesNamingWhatChanged() {
    Stack before = stack(svc("api").build());
    Stack after = stack(svc("api").command("run", "--fast").env("X", "1").build());
    PlannedAction a = Planner.decide(spec(after, "api", IMG, List.of("X=1"), List.of()),
        running(spec(before, "api", IMG, List.of(), List.of()), "Up"), false);
    assertThat(a.kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
    assertThat(a.reason()).isEqualTo("changed: command, environment");
  }

  @Test
  void aContainerWithoutPartsLabelIsRecreatedForAChangedHash() {
    Stack s = stack(svc("api").build());
    ServiceSpec sp = spec(s, "api");
    Planner.Observed foreign = new Planner.Observed("x", "shop-api-1", "api", "running", "Up",
        Map.of(Names.CONFIG_HASH, "0123"));
    assertThat(Planner.decide(sp, foreign, false).reason()).startsWith("changed: image");
  }

  @Test
  void aLimitChangeOnlyIsAnUpdateInPlace() {
    Stack before = stack(svc("web").resources(Resources.NONE.withLimits(ResourceSpec.NONE.withMemory(ByteSize.parse("64m")))).build());
    Stack after = stack(svc("web").resources(Resources.NONE.withLimits(ResourceSpec.NONE.withMemory(ByteSize.parse("96m")))).build());
    PlannedAction a = Planner.decide(spec(after, "web"), running(spec(before, "web"), "Up"), false);
    assertThat(a.kind()).isEqualTo(PlannedAction.Kind.UPDATE_CONTAINER);
    assertThat(a.reason()).isEqualTo("limits: memory 64m -> 96m");
  }

  @Test
  void aRemovedLimitRecreates() {
    Stack before = stack(svc("web").resources(Resources.NONE.withLimits(ResourceSpec.NONE.withMemory(ByteSize.parse("64m")))).build());
    Stack after = stack(svc("web").build());
    PlannedAction a = Planner.decide(spec(after, "web"), running(spec(before, "web"), "Up"), false);
    assertThat(a.kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
    assertThat(a.reason()).contains("memory");
  }

  @Test
  void aCompletedOneShotIsNotRerunButACrashedServiceIsStarted() {
    Stack s = stack(svc("migrate").build(), svc("api").healthcheck(Healthcheck.cmd("true")).build());
    ServiceSpec m = spec(s, "migrate");
    Planner.Observed done = withState(running(m, ""), "exited", "Exited (0) 5 seconds ago");
    assertThat(Planner.decide(m, done, false)).satisfies(a -> {
      assertThat(a.kind()).isEqualTo(PlannedAction.Kind.NOTHING);
      assertThat(a.reason()).isEqualTo("completed (exit 0)");
    });
    Planner.Observed crashed = withState(running(m, ""), "exited", "Exited (137) 5 seconds ago");
    assertThat(Planner.decide(m, crashed, false).kind()).isEqualTo(PlannedAction.Kind.START_CONTAINER);
    ServiceSpec api = spec(s, "api");
    Planner.Observed stoppedApi = withState(running(api, ""), "exited", "Exited (0) 1 second ago");
    assertThat(Planner.decide(api, stoppedApi, false).kind()).isEqualTo(PlannedAction.Kind.START_CONTAINER);
    assertThat(Planner.decide(m, withState(running(m, ""), "created", "Created"), false).reason())
        .isEqualTo("created, not started");
  }

  @Test
  void aStoppedServiceThatAlwaysRestartsIsStartedEvenAfterExitZero() {
    Stack s = stack(svc("worker").restart(RestartPolicy.UNLESS_STOPPED).build(),
        svc("web").restart(RestartPolicy.ALWAYS).build(), svc("once").restart(RestartPolicy.ON_FAILURE).build());
    for (String name : List.of("worker", "web")) {
      ServiceSpec sp = spec(s, name);
      assertThat(Planner.decide(sp, withState(running(sp, ""), "exited", "Exited (0) 3 seconds ago"), false))
          .satisfies(a -> assertThat(a.kind()).as(name).isEqualTo(PlannedAction.Kind.START_CONTAINER));
    }
    ServiceSpec once = spec(s, "once");
    assertThat(Planner.decide(once, withState(running(once, ""), "exited", "Exited (0) 3 seconds ago"), false)
        .kind()).isEqualTo(PlannedAction.Kind.NOTHING);
  }

  @Test
  void aRebuiltImageRecreates() {
    Stack s = stack(svc("api").build());
    ServiceSpec sp = spec(s, "api");
    assertThat(Planner.decide(sp, running(sp, "Up"), true).kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
  }

  static Planner.Observed withState(Planner.Observed o, String state, String status) {
    return new Planner.Observed(o.id(), o.name(), o.service(), state, status, o.labels());
  }

  @Test
  void healthAndExitCodeAreReadFromTheStatus() {
    Planner.Observed o = new Planner.Observed("i", "n", "s", "running", "Up 2 minutes (health: starting)", Map.of());
    assertThat(o.health()).isEqualTo("starting");
    assertThat(withState(o, "running", "Up 1 second (healthy)").health()).isEqualTo("healthy");
    assertThat(withState(o, "running", "Up 1 second").health()).isNull();
    assertThat(withState(o, "exited", "Exited (3) 2 hours ago").exitCode()).isEqualTo(3);
  }

  // ------------------------------------------------------------ whole plans

  @Test
  void aPlanCreatesTheProjectsNetworksAndVolumesAndRemovesOrphans() {
    Stack s = Stack.builder("shop")
        .addNetwork(Network.named("back"), Network.external("shared"))
        .addVolume(Volume.named("data"), Volume.external("cache"))
        .addService(svc("db").networks(List.of(dev.onyx.deploy.core.NetworkAttachment.to("back"),
            dev.onyx.deploy.core.NetworkAttachment.to("shared"))).build())
        .addService(svc("api").addDependsOn(DependsOn.started("db")).build())
        .build();
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    specs.put("db", spec(s, "db"));
    specs.put("api", spec(s, "api"));
    Planner.Observed orphan = new Planner.Observed("o", "shop-old-1", "old", "running", "Up", Map.of());
    Planner.Snapshot snap = new Planner.Snapshot(Map.of("db", List.of(running(specs.get("db"), "Up"))), List.of(orphan),
        Set.of("shop_back", "bridge"), Set.of());
    Plan p = Planner.plan(s, specs, snap, Set.of());
    assertThat(p.actions()).extracting(PlannedAction::kind, PlannedAction::target).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PlannedAction.Kind.CREATE_NETWORK, "shop_default"),
        org.assertj.core.groups.Tuple.tuple(PlannedAction.Kind.CREATE_VOLUME, "shop_data"),
        org.assertj.core.groups.Tuple.tuple(PlannedAction.Kind.REMOVE_CONTAINER, "shop-old-1"),
        org.assertj.core.groups.Tuple.tuple(PlannedAction.Kind.NOTHING, "db"),
        org.assertj.core.groups.Tuple.tuple(PlannedAction.Kind.CREATE_CONTAINER, "api"));
    assertThat(p.isNoOp()).isFalse();
    assertThat(p.actionFor("db").kind()).isEqualTo(PlannedAction.Kind.NOTHING);
    assertThat(p.toString()).startsWith("plan for project shop:").contains("orphan: service old is not in the stack");
  }

  @Test
  void composeLabelsAreWrittenTheWayComposeWritesThem() {
    Service api = svc("api").addDependsOn(DependsOn.healthy("db"), DependsOn.started("cache").optional().withRestart())
        .build();
    assertThat(Names.dependsOn(api)).isEqualTo("db:service_healthy:false,cache:service_started:true");
    assertThat(Names.container("shop", api)).isEqualTo("shop-api-1");
    assertThat(Names.container("shop", api.toBuilder().containerName("fixed").build())).isEqualTo("fixed");
  }

  // ------------------------------------------------------------ depends_on restart: true

  @Test
  void aRecreatedDependencyRestartsTheDependantsThatAskForIt() {
    Stack before = stack(svc("db").build(),
        svc("api").addDependsOn(DependsOn.started("db").withRestart()).build(),
        svc("worker").addDependsOn(DependsOn.started("db")).build(),
        svc("web").addDependsOn(DependsOn.started("api").withRestart()).build());
    Stack after = stack(svc("db").command("run", "--changed").build(),
        svc("api").addDependsOn(DependsOn.started("db").withRestart()).build(),
        svc("worker").addDependsOn(DependsOn.started("db")).build(),
        svc("web").addDependsOn(DependsOn.started("api").withRestart()).build());
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    Map<String, List<Planner.Observed>> observed = new LinkedHashMap<>();
    for (String n : List.of("db", "api", "worker", "web")) {
      specs.put(n, spec(after, n));
      observed.put(n, List.of(running(spec(before, n), "Up 1 minute")));
    }
    Plan p = Planner.plan(after, specs, new Planner.Snapshot(observed, List.of(), Set.of("shop_default"), Set.of()),
        Set.of());
    assertThat(p.actionFor("db").kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
    assertThat(p.actionFor("api")).satisfies(a -> {
      assertThat(a.kind()).isEqualTo(PlannedAction.Kind.RESTART_CONTAINER);
      assertThat(a.reason()).isEqualTo("dependency db is recreated (depends_on restart: true)");
    });
    // no restart: true on its edge
    assertThat(p.actionFor("worker").kind()).isEqualTo(PlannedAction.Kind.NOTHING);
    // restart: true on an edge to a restarted service: carried on
    assertThat(p.actionFor("web")).satisfies(a -> {
      assertThat(a.kind()).isEqualTo(PlannedAction.Kind.RESTART_CONTAINER);
      assertThat(a.reason()).startsWith("dependency api is restarted");
    });

    // nothing recreated: nothing restarted, the plan is a no-op
    Map<String, List<Planner.Observed>> same = new LinkedHashMap<>();
    specs.forEach((n, sp) -> same.put(n, List.of(running(sp, "Up 1 minute"))));
    assertThat(Planner.plan(after, specs, new Planner.Snapshot(same, List.of(), Set.of("shop_default"), Set.of()),
        Set.of()).isNoOp()).isTrue();
  }

  @Test
  void onlyARunningUnchangedDependantIsRestarted() {
    Stack s = stack(svc("db").build(), svc("api").addDependsOn(DependsOn.started("db").withRestart()).build());
    Service api = s.service("api").orElseThrow();
    ServiceSpec apiSpec = spec(s, "api");
    PlannedAction recreateDb = new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, "db", "changed: command");
    Map<String, PlannedAction> decided = Map.of("db", recreateDb);
    PlannedAction nothing = new PlannedAction(PlannedAction.Kind.NOTHING, "api", "up to date");
    assertThat(Planner.restartForDependencies(api, running(apiSpec, "Up"), nothing, decided).kind())
        .isEqualTo(PlannedAction.Kind.RESTART_CONTAINER);
    // already recreated itself, or stopped (started anyway), or a completed one-shot: left as planned
    PlannedAction recreate = new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, "api", "changed: command");
    assertThat(Planner.restartForDependencies(api, running(apiSpec, "Up"), recreate, decided)).isSameAs(recreate);
    Planner.Observed exited = withState(running(apiSpec, ""), "exited", "Exited (0) 1 minute ago");
    assertThat(Planner.restartForDependencies(api, exited, nothing, decided)).isSameAs(nothing);
    // a dependency only updated in place does not restart
    assertThat(Planner.restartForDependencies(api, running(apiSpec, "Up"), nothing,
        Map.of("db", new PlannedAction(PlannedAction.Kind.UPDATE_CONTAINER, "db", "limits")))).isSameAs(nothing);
  }

  @Test
  void aContainerHoldingTheIdOfAReplacedOneIsRecreatedNotRestarted() {
    Stack s = stack(svc("x").build(), svc("api").pid("service:x").build(), svc("vol").addVolumesFrom("x:ro").build(),
        svc("plain").build());
    PlannedAction nothing = new PlannedAction(PlannedAction.Kind.NOTHING, "api", "up to date");
    Map<String, PlannedAction> recreated = Map.of("x",
        new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, "x", "changed: command"));
    for (String name : List.of("api", "vol")) {
      Service svc = s.service(name).orElseThrow();
      Planner.Observed stopped = withState(running(spec(s, name), ""), "exited", "Exited (0) 1 minute ago");
      assertThat(Planner.restartForDependencies(svc, stopped, nothing, recreated)).satisfies(a -> {
        assertThat(a.kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
        assertThat(a.reason()).isEqualTo("it uses the namespace or volumes of service x, whose container is replaced");
      });
    }
    assertThat(Planner.restartForDependencies(s.service("plain").orElseThrow(), running(spec(s, "plain"), "Up"),
        nothing, recreated)).isSameAs(nothing);
    assertThat(Planner.restartForDependencies(s.service("api").orElseThrow(), running(spec(s, "api"), "Up"),
        nothing, Map.of())).isSameAs(nothing);
  }

  // ------------------------------------------------------------ SELinux relabel

  @Test
  void aRelabelChangeChangesTheMountsPartOfTheHash() {
    Stack plain = stack(svc("api").addMounts(dev.onyx.deploy.core.Mount.bind("./conf", "/etc/app")).build());
    Stack labelled = stack(svc("api").addMounts(dev.onyx.deploy.core.Mount.bind("./conf", "/etc/app")
        .withSelinux(dev.onyx.deploy.core.Mount.SelinuxLabel.PRIVATE)).build());
    Stack shared = stack(svc("api").addMounts(dev.onyx.deploy.core.Mount.bind("./conf", "/etc/app")
        .withSelinux(dev.onyx.deploy.core.Mount.SelinuxLabel.SHARED)).build());
    ServiceSpec a = spec(plain, "api");
    ServiceSpec b = spec(labelled, "api");
    ServiceSpec c = spec(shared, "api");
    assertThat(b.changedParts(a.partsLabel())).containsExactly("mounts");
    assertThat(c.changedParts(b.partsLabel())).containsExactly("mounts");
    PlannedAction act = Planner.decide(b, running(a, "Up"), false);
    assertThat(act.kind()).isEqualTo(PlannedAction.Kind.RECREATE_CONTAINER);
    assertThat(act.reason()).isEqualTo("changed: mounts");
  }
}
