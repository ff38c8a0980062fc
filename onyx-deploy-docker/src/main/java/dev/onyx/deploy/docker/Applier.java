package dev.onyx.deploy.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.ServiceNode.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link DockerEngine#apply}: the plan applied as a dependency graph. This class is the
 * scheduling: which step of which container runs when (after the dependencies meet their
 * conditions, through the start slots), what the services' conditions are, and how a failure or
 * the deadline stops the run. The steps themselves are {@link ContainerSteps}; waiting for one
 * container to be healthy is {@link Readiness}.
 *
 * <p>A service with several replicas is one node of the graph: its containers are handled in
 * parallel, and it is started, healthy or completed when all of them are.
 */
final class Applier {
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

  /** Why a service did not reach a condition. */
  static final class ServiceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean secondary;

    ServiceFailure(String message, boolean secondary) {
      super(message, null, false, false);
      this.secondary = secondary;
    }
  }

  /** Thrown in a worker when the apply is being stopped. */
  static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super("aborted", null, false, false);
    }
  }

  /**
   * For each service, the number of services on its longest chain of dependants including itself
   * (1 for a service nothing depends on): the more, the earlier it should start.
   */
  static Map<String, Integer> criticality(Stack stack) {
    Map<String, List<String>> dependants = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      dependants.putIfAbsent(s.name(), new ArrayList<>());
      for (DependsOn dep : s.dependsOn()) {
        dependants.computeIfAbsent(dep.service(), k -> new ArrayList<>()).add(s.name());
      }
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      criticality(s.name(), dependants, out, new HashSet<>());
    }
    return out;
  }

  private static int criticality(String name, Map<String, List<String>> dependants, Map<String, Integer> memo,
      Set<String> path) {
    Integer known = memo.get(name);
    if (known != null) {
      return known;
    }
    if (!path.add(name)) {
      return 0; // a cycle (validation refuses those): no priority from it
    }
    int best = 0;
    for (String d : dependants.getOrDefault(name, List.of())) {
      best = Math.max(best, criticality(d, dependants, memo, path));
    }
    path.remove(name);
    memo.put(name, best + 1);
    return best + 1;
  }

  private final Deployer d;
  private final Stack stack;
  private final DeployOptions o;
  private final DeployListener listener;
  private final long deadline;
  private final CompletableFuture<Void> abort = new CompletableFuture<>();
  private final Map<String, ServiceNode> nodes = new LinkedHashMap<>();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> ids = new ConcurrentHashMap<>();
  private volatile DeployException error;
  /** Completes once every service without dependencies has been started (or given up): the
   * containers of the others are created after that, so their creation does not delay the first
   * starts on a busy engine (they are still created long before their dependencies are ready). */
  private CompletableFuture<Void> rootsStarted = CompletableFuture.completedFuture(null);
  private EventTracker tracker;
  private ContainerSteps steps;
  private final Readiness readiness;
  private Deployer.Planned planned;
  private final StartGate startGate;
  private final Map<String, Integer> criticality;

  Applier(Deployer d, Stack stack, DeployOptions o) {
    this.d = d;
    this.stack = stack;
    this.o = o;
    this.listener = DeployListener.safe(o.listener());
    this.deadline = System.nanoTime() + o.timeout().toNanos();
    this.startGate = new StartGate(o.maxConcurrentStarts());
    this.criticality = criticality(stack);
    this.readiness = new Readiness(d, o, listener, abort, deadline);
  }

  DeployResult run() {
    long t0 = System.nanoTime();
    Planner.Snapshot observed = d.observe(stack);
    LOG.debug("observed in {} ms", (System.nanoTime() - t0) / 1_000_000);
    Map<String, String> imageIds = d.imageIds(stack);
    LOG.debug("images inspected at {} ms", (System.nanoTime() - t0) / 1_000_000);
    planned = d.plan(stack, o, observed, false, imageIds);
    LOG.debug("planned at {} ms", (System.nanoTime() - t0) / 1_000_000);
    Planner.Snapshot snap = planned.snapshot();
    Plan plan = planned.plan();
    DeploySettings.swarmOnlyWarning(stack).ifPresent(this::warn);
    if (!plan.isNoOp()) {
      // before any change: images, host ports, memory/CPUs
      PreflightReport pf = d.preflight(stack, o.workingDir(), snap, true, imageIds, o.pullPolicy());
      for (String w : pf.warnings()) {
        warn(w);
      }
      if (!pf.ok()) {
        throw new DeployException("preflight failed for project " + stack.name() + "; nothing was changed:\n  - "
            + String.join("\n  - ", pf.errors()));
      }
    }
    for (Service s : stack.services()) {
      nodes.put(s.name(), new ServiceNode(s, planned.specs().get(s.name()), planned.services().get(s.name())));
    }
    List<Replica> all = nodes.values().stream().flatMap(n -> n.replicas.stream()).toList();
    if (plan.isNoOp() && all.stream().allMatch(this::settled)) {
      all.forEach(r -> setId(r, r.existing.id()));
      nodes.values().forEach(n -> listener.onEvent(new DeployEvent.ServiceUnchanged(n.name())));
      return new DeployResult(plan, Duration.ofNanos(System.nanoTime() - t0), ids, warnings);
    }
    if (LOG.isDebugEnabled()) {
      all.stream().filter(r -> !settled(r)).forEach(r -> LOG.debug("{} is not settled: {} {}", r.name, r.action,
          r.existing == null ? "" : r.existing.status()));
    }
    tracker = new EventTracker(d.client(), stack.name());
    ContainerFactory factory = new ContainerFactory(d.client(), stack, o.workingDir(), o.configFiles(),
        d.engine.supportsStartInterval(), o.fastReadiness() ? o.fastReadinessInterval() : null, this::warn);
    steps = new ContainerSteps(d, stack, listener, factory, o.workingDir());
    try {
      startInfrastructure(plan, snap);
      rootsStarted = CompletableFuture.allOf(nodes.values().stream()
          .filter(n -> n.service.dependsOn().isEmpty())
          .map(n -> n.started.handle((v, t) -> null)).toArray(CompletableFuture[]::new));
      // The most critical first: their creates are queued first and their starts announced, so
      // the head of the longest chain starts first even if another container is created sooner.
      List<ServiceNode> byCriticality = new ArrayList<>(nodes.values());
      byCriticality.sort(Comparator.comparingInt((ServiceNode n) -> -priority(n.name())));
      for (ServiceNode n : byCriticality) {
        for (Replica r : n.replicas) {
          PlannedAction.Kind k = r.action.kind();
          if (n.service.dependsOn().isEmpty() && n.build == null
              && (k == PlannedAction.Kind.CREATE_CONTAINER || k == PlannedAction.Kind.START_CONTAINER)) {
            startGate.expect(r.name, priority(n.name()));
          }
        }
      }
      for (ServiceNode n : byCriticality) {
        for (Replica r : n.replicas) {
          CompletableFuture.runAsync(() -> runReplica(r), d.pool);
        }
      }
      CompletableFuture<Void> goals = CompletableFuture.allOf(nodes.values().stream().map(n -> n.goal)
          .toArray(CompletableFuture[]::new));
      try {
        CompletableFuture.anyOf(goals, abort).get(readiness.remainingMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        timeout();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        setError(new DeployException("apply of project " + stack.name() + " was interrupted"));
      } catch (ExecutionException e) {
        setError(new DeployException("apply of project " + stack.name() + " failed: " + e.getCause(), e.getCause()));
      }
      if (error != null) {
        abort.complete(null);
        waitForWorkers();
        throw error;
      }
      return new DeployResult(plan, Duration.ofNanos(System.nanoTime() - t0), ids, warnings);
    } catch (DockerException e) {
      abort.complete(null);
      waitForWorkers();
      throw new DeployException("apply of project " + stack.name() + " failed: " + e.getMessage(), e);
    } finally {
      abort.complete(null);
      tracker.close();
    }
  }

  /**
   * Networks, volumes and removals first, in parallel (waited for); image builds begin, and the
   * services that need them wait for them.
   */
  private void startInfrastructure(Plan plan, Planner.Snapshot snap) {
    Map<String, Planner.Observed> removed = new LinkedHashMap<>();
    snap.extra().forEach(c -> removed.put(c.name(), c));
    planned.services().values().forEach(p -> p.surplus().forEach(c -> removed.put(c.name(), c)));
    List<CompletableFuture<Void>> infra = new ArrayList<>();
    for (PlannedAction a : plan.actions()) {
      switch (a.kind()) {
        case CREATE_NETWORK -> infra.add(async(a, () -> steps.createNetwork(a.target())));
        case CREATE_VOLUME -> infra.add(async(a, () -> steps.createVolume(a.target())));
        case REMOVE_CONTAINER -> infra.add(async(a, () -> {
          Planner.Observed c = removed.get(a.target());
          steps.remove(c);
          if (snap.extra().contains(c)) {
            listener.onEvent(new DeployEvent.ServiceRemoved(c.service()));
          }
        }));
        case BUILD_IMAGE -> {
          ServiceNode n = nodes.get(a.target());
          n.build = CompletableFuture.supplyAsync(
              () -> steps.timed(a, a.target(), () -> steps.build(n.service, n.spec.imageRef)), d.pool);
        }
        default -> { }
      }
    }
    for (CompletableFuture<Void> f : infra) {
      Deployer.join(f);
    }
  }

  /** An unchanged container whose state needs no waiting (running and healthy or without healthcheck, or completed). */
  private boolean settled(Replica r) {
    Planner.Observed c = r.existing;
    if (c == null) {
      return false;
    }
    if (c.running()) {
      String h = c.health();
      return h == null || h.equals("healthy");
    }
    return r.action.reason().startsWith("completed");
  }

  private void waitForWorkers() {
    try {
      CompletableFuture.allOf(nodes.values().stream().flatMap(n -> n.replicas.stream()).map(r -> r.done)
          .toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("workers still busy after the apply stopped", e);
    }
  }

  /** A start's priority: its service's criticality. */
  private int priority(String service) {
    return criticality.getOrDefault(service, 1);
  }

  private CompletableFuture<Void> async(PlannedAction a, Runnable r) {
    return CompletableFuture.runAsync(() -> steps.timed(a, a.target(), r), d.pool);
  }

  private void warn(String w) {
    warnings.add(w);
    listener.onEvent(new DeployEvent.Warning(w));
  }

  // ------------------------------------------------------------ one container, in the graph

  private void runReplica(Replica r) {
    ServiceNode n = r.node;
    String createdTemp = null;
    try {
      if (n.build != null) {
        r.phase = "building";
        ServiceSpec spec = n.rebuilt(planned.resolver());
        r.action = r.existing == null ? r.action : Planner.decide(spec, r.existing, false);
      }
      switch (r.action.kind()) {
        case NOTHING -> adopt(r, r.existing, n.action.kind() == PlannedAction.Kind.NOTHING);
        case UPDATE_CONTAINER -> {
          steps.update(r.action, r.subject(), r.existing.id(), n.service);
          if (r.existing.running() || r.existing.exitCode() != null && r.existing.exitCode() == 0
              && !n.spec.hasHealthcheckDeclared()) {
            adopt(r, r.existing, false);
          } else {
            waitDeps(r);
            start(r, r.existing.id(), true);
          }
        }
        case START_CONTAINER -> {
          waitDeps(r);
          start(r, r.existing.id(), true);
        }
        case RESTART_CONTAINER -> {
          // depends_on with restart: true: a dependency was recreated or restarted
          waitDeps(r);
          restart(r);
        }
        case CREATE_CONTAINER -> {
          awaitRoots(r);
          r.phase = "creating";
          String id = steps.create(r.action, r.subject(), n.spec, r.number);
          waitDeps(r);
          start(r, id, false);
        }
        case RECREATE_CONTAINER -> {
          awaitRoots(r);
          r.phase = "creating";
          createdTemp = steps.createReplacement(r.subject(), n.spec, r.number);
          waitDeps(r);
          readiness.checkAbort();
          String newId = createdTemp;
          steps.swap(r.action, r.subject(), r.existing.id(), newId, r.name, grace(n));
          createdTemp = null;
          listener.onEvent(new DeployEvent.ServiceRemoved(n.name()));
          start(r, newId, false);
        }
        default -> throw new IllegalStateException("unexpected action " + r.action);
      }
    } catch (Aborted e) {
      failQuietly(n, new ServiceFailure("not started: the apply stopped", true));
    } catch (ServiceFailure e) {
      failQuietly(n, e);
    } catch (DeployException e) {
      fail(n, e.getMessage().startsWith("service '") ? e.getMessage() : "service '" + n.name() + "': " + e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.debug("{} failed", r.name, e);
      fail(n, r.who() + " failed while " + r.phase + ": " + DockerEngine.rootMessage(e));
    } finally {
      if (createdTemp != null) {
        steps.discard(createdTemp);
      }
      startGate.withdraw(r.name);
      r.done.complete(null);
    }
  }

  /** Its id goes in the result when it is the service's first container. */
  private void setId(Replica r, String id) {
    r.containerId = id;
    if (r.node.replicas.get(0) == r) {
      ids.put(r.node.name(), id);
    }
  }

  private static Duration grace(ServiceNode n) {
    return n.service.stopGracePeriod().orElse(Duration.ofSeconds(10));
  }

  /** Stops a running container and starts it again (after its stop's die event, so that is not taken for the new run's). */
  private void restart(Replica r) {
    String id = r.existing.id();
    EventTracker.Watch old = tracker.watch(id);
    steps.timed(r.action, r.subject(), () -> steps.stop(id, grace(r.node)));
    try {
      old.exited.get(2, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.debug("no die event for {} after its stop", r.name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Aborted();
    }
    start(r, id, true);
  }

  /** Creation of a dependant waits until every root was started, or until its own dependencies
   * were (so the next hop of the critical path is created while services with slack still start). */
  private void awaitRoots(Replica r) {
    if (!r.node.service.dependsOn().isEmpty()) {
      r.phase = "waiting for the first services to start";
      CompletableFuture<Void> ownDeps = CompletableFuture.allOf(r.node.service.dependsOn().stream()
          .map(dep -> nodes.get(dep.service())).filter(Objects::nonNull)
          .map(dn -> dn.started.handle((v, t) -> null)).toArray(CompletableFuture[]::new));
      await(CompletableFuture.anyOf(rootsStarted, ownDeps));
    }
  }

  /** Waits until every dependency meets its condition (each of its containers does). */
  private void waitDeps(Replica r) {
    ServiceNode n = r.node;
    for (DependsOn dep : n.service.dependsOn()) {
      ServiceNode dn = nodes.get(dep.service());
      if (dn == null) {
        continue;
      }
      CompletableFuture<Void> f = switch (dep.condition()) {
        case STARTED -> dn.started;
        case HEALTHY -> dn.healthy;
        case COMPLETED_SUCCESSFULLY -> dn.completed;
      };
      r.phase = "waiting for " + dep.service() + " to be " + Names.conditionWord(dep.condition());
      await(f);
      if (f.isCompletedExceptionally()) {
        String why = causeOf(f);
        if (dep.required()) {
          throw new ServiceFailure("service '" + n.name() + "' not started: its dependency '" + dep.service()
              + "' did not become " + Names.conditionWord(dep.condition()) + " (" + why + ")", true);
        }
        if (n.warned.add(dep.service())) {
          warn("service '" + n.name() + "': optional dependency '" + dep.service() + "' did not become "
              + Names.conditionWord(dep.condition()) + " (" + firstLine(why) + "); starting it anyway");
        }
      }
    }
    readiness.checkAbort();
  }

  private void await(CompletableFuture<?> f) {
    try {
      CompletableFuture.anyOf(f, abort).get(readiness.remainingMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Aborted();
    } catch (ExecutionException e) {
      // f failed: the caller looks
    } catch (TimeoutException e) {
      throw new Aborted();
    }
    if (!f.isDone()) {
      throw new Aborted();
    }
  }

  private static String causeOf(CompletableFuture<?> f) {
    try {
      f.join();
      return "";
    } catch (CompletionException | CancellationException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      return c.getMessage();
    }
  }

  private void start(Replica r, String id, boolean existing) {
    ServiceNode n = r.node;
    readiness.checkAbort();
    r.phase = "starting";
    setId(r, id);
    if (existing) {
      tracker.forget(id);
    }
    r.phase = "waiting for a start slot";
    // Only the first wave (services without dependencies) shares the start slots: a dependant
    // starts the moment its dependencies are ready, never behind a start with slack.
    boolean gated = n.service.dependsOn().isEmpty();
    if (gated) {
      startGate.acquire(r.name, priority(n.name()), abort::isDone, deadline);
    }
    try {
      readiness.checkAbort();
      r.phase = "starting";
      listener.onEvent(new DeployEvent.ServiceStarting(n.name()));
      steps.start(id);
    } finally {
      if (gated) {
        startGate.release();
      }
    }
    long now = System.nanoTime();
    n.startedAt.compareAndSet(0, now);
    EventTracker.Watch w = tracker.watch(id);
    w.startedAfterNanos = now;
    listener.onEvent(new DeployEvent.ServiceStarted(n.name(), id));
    r.started.complete(null);
    follow(r, id, w, true);
  }

  /** An existing container left as it is: its state resolves the conditions. */
  private void adopt(Replica r, Planner.Observed c, boolean unchanged) {
    ServiceNode n = r.node;
    setId(r, c.id());
    if (unchanged && n.replicas.get(0) == r) {
      listener.onEvent(new DeployEvent.ServiceUnchanged(n.name()));
    }
    r.started.complete(null);
    if (!c.running()) {
      r.completed.complete(null);
      r.healthy.completeExceptionally(new ServiceFailure(r.who() + " has exited", false));
      r.goal.complete(null);
      return;
    }
    if ("healthy".equals(c.health())) {
      healthyReplica(r);
      r.healthy.complete(null);
      r.goal.complete(null);
      return;
    }
    EventTracker.Watch w = tracker.watch(c.id());
    w.startedAfterNanos = System.nanoTime();
    n.startedAt.compareAndSet(0, w.startedAfterNanos);
    tracker.refresh(w);
    follow(r, c.id(), w, false);
  }

  /** After a start: wires completion, waits for health, runs hooks. */
  private void follow(Replica r, String id, EventTracker.Watch w, boolean hooks) {
    ServiceNode n = r.node;
    List<String> test = readiness.healthTest(n.service, id);
    w.exited.thenAccept(code -> {
      if (code == 0) {
        listener.onEvent(new DeployEvent.ServiceCompleted(n.name(), 0));
        r.completed.complete(null);
        if (test == null) {
          r.goal.complete(null);
        }
      } else if (!abort.isDone()) {
        listener.onEvent(new DeployEvent.ServiceCompleted(n.name(), code));
        fail(n, r.who() + " exited with code " + code + "; last log lines:\n  " + d.lastLogLines(id, 20));
      }
    });
    if (test == null) {
      r.healthy.completeExceptionally(new ServiceFailure("service '" + n.name() + "' has no healthcheck", false));
      if (hooks) {
        runHooks(r, id);
      }
      r.goal.complete(null);
      return;
    }
    r.phase = "waiting to be healthy";
    n.watchedHealth = true;
    String via = readiness.awaitHealthy(r.who(), n.service, id, w, test);
    LOG.debug("{} ready ({})", r.name, via);
    healthyReplica(r);
    if (hooks) {
      runHooks(r, id);
    }
    r.healthy.complete(null);
    r.goal.complete(null);
  }

  /** One more container is healthy: with the last one, the service is (reported when this apply waited for it). */
  private void healthyReplica(Replica r) {
    ServiceNode n = r.node;
    if (n.notHealthy.decrementAndGet() == 0 && n.watchedHealth) {
      listener.onEvent(new DeployEvent.ServiceHealthy(n.name(), Duration.ofNanos(System.nanoTime() - n.startedAt.get())));
    }
  }

  /** The service's post-deploy hooks, once per apply that started it: in the first of its containers ready. */
  private void runHooks(Replica r, String id) {
    List<DeployOptions.Hook> hooks = o.hooks().stream().filter(h -> h.service().equals(r.node.name())).toList();
    if (hooks.isEmpty() || !r.node.hooksRun.compareAndSet(false, true)) {
      return;
    }
    r.phase = "running its post-deploy hook";
    for (DeployOptions.Hook h : hooks) {
      readiness.runHook(r.node.name(), id, h);
    }
  }

  // ------------------------------------------------------------ failure

  private boolean required(String service) {
    boolean anyEdge = false;
    for (Service s : stack.services()) {
      for (DependsOn dep : s.dependsOn()) {
        if (dep.service().equals(service)) {
          anyEdge = true;
          if (dep.required()) {
            return true;
          }
        }
      }
    }
    return !anyEdge;
  }

  /** A primary failure of a service: reported, and the apply stops when it is required. */
  private void fail(ServiceNode n, String message) {
    ServiceFailure f = new ServiceFailure(message, false);
    boolean first = !n.goal.isDone() || !n.healthy.isDone() || !n.completed.isDone();
    n.started.completeExceptionally(f);
    n.healthy.completeExceptionally(f);
    n.completed.completeExceptionally(f);
    boolean req = required(n.name());
    if (first) {
      listener.onEvent(new DeployEvent.ServiceFailed(n.name(), message, req));
    }
    if (!req) {
      warn(message);
      n.goal.complete(null);
      return;
    }
    setError(new DeployException(n.name(), message, null));
    n.goal.completeExceptionally(f);
  }

  /** A secondary failure (blocked by a dependency, or aborted): no error of its own. */
  private void failQuietly(ServiceNode n, ServiceFailure f) {
    if (!f.secondary) {
      fail(n, f.getMessage());
      return;
    }
    n.started.completeExceptionally(f);
    n.healthy.completeExceptionally(f);
    n.completed.completeExceptionally(f);
    if (!required(n.name())) {
      n.goal.complete(null);
    } else {
      n.goal.completeExceptionally(f);
    }
  }

  private synchronized void setError(DeployException e) {
    if (error == null) {
      error = e;
      abort.complete(null);
    }
  }

  /** The deadline passed: the error names the container that held the apply up, and why. */
  private void timeout() {
    Replica stuck = null;
    search:
    for (ServiceNode n : nodes.values()) {
      if (n.goal.isDone()) {
        continue;
      }
      for (Replica r : n.replicas) {
        if (!r.goal.isDone() && (stuck == null || !r.phase.startsWith("waiting for"))) {
          stuck = r;
          if (!r.phase.startsWith("waiting for")) {
            break search;
          }
        }
      }
    }
    String detail = "";
    if (stuck != null && stuck.containerId != null && stuck.phase.equals("waiting to be healthy")) {
      detail = "; last health-check output: " + readiness.healthOutput(stuck.containerId);
    } else if (stuck != null && stuck.containerId != null) {
      detail = "; last log lines:\n  " + d.lastLogLines(stuck.containerId, 20);
    }
    String name = stuck == null ? "?" : stuck.node.name();
    String who = stuck == null ? "service '?'" : stuck.who();
    setError(new DeployException(name, who + " timed out after " + o.timeout().toSeconds()
        + " s while " + (stuck == null ? "deploying" : stuck.phase) + detail + " (raise the timeout, or check the service)", null));
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
