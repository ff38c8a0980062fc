package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.str;

import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DeployException;
import dev.onyx.deploy.docker.EngineApiException;
import dev.onyx.deploy.docker.StackInputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link SwarmEngine#apply}: images onto the nodes, networks and objects, then every
 * service created or updated as soon as its dependencies meet their conditions, then what the
 * stack no longer has removed.
 */
final class Applier {
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  /** How long a task of a service without a healthcheck must run before the service counts as up. */
  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Why a service did not reach its goal; {@code secondary} when another service is to blame. */
  static final class ServiceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean secondary;

    ServiceFailure(String message, boolean secondary) {
      super(message, null, false, false);
      this.secondary = secondary;
    }
  }

  /** The deadline passed while a service waited (the error is made once, naming the stuck service). */
  private static final ServiceFailure TIMED_OUT = new ServiceFailure("timed out", true);

  /** One service being deployed. */
  final class Node {
    final Service service;
    final SpecMapper.Mapped mapped;
    final SwarmAction action;
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Void> healthy = new CompletableFuture<>();
    final CompletableFuture<Void> completed = new CompletableFuture<>();
    final CompletableFuture<Void> goal = new CompletableFuture<>();
    volatile String phase = "waiting";
    volatile @Nullable String serviceId;
    /** The service's id as observed before the apply, when it existed. */
    @Nullable String observedId;
    volatile @Nullable Progress last;
    long actedAt;
    /** Tasks that existed before this apply acted: their failures are not this apply's. */
    Set<String> known = Set.of();
    /** The start of the service's last rolling update before this apply's, to tell ours apart. */
    String previousUpdate = "null";
    /** Whether this apply's update changes the tasks (a rolling update follows). */
    boolean expectRollout;
    /** Whether the deadline passed while it waited. */
    volatile boolean timedOut;
    /** When each task was first seen running. */
    final Map<String, Long> runningSince = new ConcurrentHashMap<>();

    Node(Service service, SpecMapper.Mapped mapped, SwarmAction action) {
      this.service = service;
      this.mapped = mapped;
      this.action = action;
    }

    String name() {
      return service.name();
    }
  }

  private final SwarmEngine engine;
  private final SwarmApi api;
  private final Stack stack;
  private final SwarmOptions o;
  private final DeployListener listener;
  private final long deadline;
  private final CompletableFuture<Void> abort = new CompletableFuture<>();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> objectIds = new ConcurrentHashMap<>();
  private Map<String, String> nodeNames = Map.of();
  private @Nullable TaskWatcher watcher;
  /** The {@code X-Registry-Auth} header services are made with (so nodes can pull), when a registry is set. */
  private final @Nullable String registryAuth;
  private volatile @Nullable DeployException error;

  Applier(SwarmEngine engine, Stack stack, SwarmOptions o) {
    this.engine = engine;
    this.api = engine.api();
    this.stack = stack;
    this.o = o;
    this.listener = DeployListener.safe(o.listener());
    this.deadline = System.nanoTime() + o.timeout().toNanos();
    this.registryAuth = o.registry().map(NodeImages::host)
        .flatMap(host -> o.credentials().find(host).map(a -> a.header(host))).orElse(null);
  }

  SwarmResult run() {
    long t0 = System.nanoTime();
    // every read the plan and a no-op need, at once: each is a round trip to the manager
    NodeImages images = new NodeImages(api, engine.engine());
    var inspected = images.inspect(stack, engine.pool());
    var leftovers = CompletableFuture.supplyAsync(() -> images.leftovers(stack.name()), engine.pool());
    var tasksNow = CompletableFuture.supplyAsync(() -> api.tasks(stack.name()), engine.pool());
    Observed obs = Observed.read(api, stack.name(), engine.pool());
    nodeNames = SwarmEngine.nodeNames(obs.nodes);
    StackInputs inputs = StackInputs.of(stack, o.workingDir(), o.stateDir(), SwarmEngine.kept(obs), false);
    Map<String, Planner.ImageChoice> choices = images.choose(stack, obs, o.registry(), inspected);
    Planner planner = new Planner(stack, obs, inputs);
    Planner.Desired first = planner.plan(choices, engine.startInterval(), api::named, o.workingDir());
    ImageSteps steps = new ImageSteps(engine, stack, o, listener, registryAuth, nodeNames);
    Map<String, Planner.ImageChoice> prepared = steps.prepare(images, choices);
    Planner.Desired d = prepared.equals(choices) ? first
        : planner.plan(prepared, engine.startInterval(), api::named, o.workingDir());
    choices = prepared;
    List<SwarmAction> done = new ArrayList<>();
    first.plan.actions().stream().filter(a -> a.kind() == SwarmAction.Kind.BUILD_IMAGE
        || a.kind() == SwarmAction.Kind.PUSH_IMAGE).forEach(done::add);
    d.plan.actions().stream().filter(a -> a.kind() != SwarmAction.Kind.BUILD_IMAGE
        && a.kind() != SwarmAction.Kind.PUSH_IMAGE).forEach(done::add);
    SwarmPlan plan = new SwarmPlan(stack.name(), done, d.warnings);
    d.warnings.forEach(w -> listener.onEvent(new DeployEvent.Warning(w)));
    warnings.addAll(d.warnings);
    if (o.registry().isEmpty() && o.imageCheck()) {
      steps.checkNodes(images, d, choices, obs);
    }
    images.removeLeftovers(Observed.join(leftovers));
    if (plan.isNoOp() && upAlready(d, obs, Observed.join(tasksNow))) {
      stack.serviceNames().forEach(name -> listener.onEvent(new DeployEvent.ServiceUnchanged(name)));
      return new SwarmResult(plan, Duration.ofNanos(System.nanoTime() - t0), List.copyOf(warnings));
    }

    try (TaskWatcher w = new TaskWatcher(api, stack.name(), o.pollInterval(), engine.pool()).start()) {
      watcher = w;
      makeNetworksAndObjects(d);
      for (String name : stack.graph().topologicalOrder()) {
        Node n = new Node(stack.service(name).orElseThrow(), d.specs.get(name), plan.actionFor(name));
        n.observedId = Optional.ofNullable(obs.services.get(name)).map(x -> str(x.get("ID"))).orElse(null);
        nodes.put(name, n);
      }
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (Node n : nodes.values()) {
        all.add(CompletableFuture.runAsync(() -> deploy(n), engine.pool()));
      }
      try {
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
            .get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 2000,
                TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        timeout();
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.debug("a service's deploy ended with an error", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort.complete(null);
        throw new DeployException("interrupted while deploying " + stack.name());
      }
      if (error == null && nodes.values().stream().anyMatch(n -> n.timedOut || !n.goal.isDone())) {
        timeout();
      }
      if (error != null) {
        abort.complete(null);
        throw error;
      }
      removeLeftOvers(d);
    }
    return new SwarmResult(plan, Duration.ofNanos(System.nanoTime() - t0), List.copyOf(warnings));
  }

  // ------------------------------------------------------------ images, networks, objects

  private void makeNetworksAndObjects(Planner.Desired d) {
    List<CompletableFuture<Void>> fs = new ArrayList<>();
    d.networksToCreate.forEach((name, spec) -> fs.add(CompletableFuture.runAsync(() -> step("create network " + name,
        () -> {
          try {
            api.createNetwork(spec);
          } catch (EngineApiException e) {
            if (e.status() != 409 || api.network(name).isEmpty()) {
              throw e;
            }
          }
        }), engine.pool())));
    for (Planner.ObjectPlan p : d.objects.values()) {
      if (p.existingId() != null) {
        objectIds.put(p.swarmName(), p.existingId());
        continue;
      }
      String what = p.kind().equals("secrets") ? "secret" : "config";
      fs.add(CompletableFuture.runAsync(() -> step("create " + what + " " + p.swarmName(), () -> {
        try {
          objectIds.put(p.swarmName(), api.createObject(p.kind(), p.swarmName(), p.data(), p.labels()));
        } catch (EngineApiException e) {
          if (e.status() != 409) {
            throw e;
          }
          // made a moment ago by another apply of the same content: use it
          (p.kind().equals("secrets") ? api.secrets(stack.name()) : api.configs(stack.name())).stream()
              .filter(x -> p.swarmName().equals(at(x, "Spec", "Name"))).findFirst()
              .ifPresent(x -> objectIds.put(p.swarmName(), str(x.get("ID"))));
        }
      }), engine.pool()));
    }
    fs.forEach(Observed::join);
  }

  private void step(String action, Runnable r) {
    ImageSteps.timed(listener, action, () -> {
      r.run();
      return null;
    });
  }

  /**
   * For a plan that changes nothing: whether the task list (read with the services) shows every
   * service at its goal already (then no watching is needed; else the apply waits as usual).
   */
  private boolean upAlready(Planner.Desired d, Observed obs, List<Map<String, Object>> stackTasks) {
    Map<String, List<Map<String, Object>>> tasks = new LinkedHashMap<>();
    for (Map<String, Object> t : stackTasks) {
      tasks.computeIfAbsent(str(t.get("ServiceID")), k -> new ArrayList<>()).add(t);
    }
    for (Service s : stack.services()) {
      Map<String, Object> deployed = obs.services.get(s.name());
      if (deployed == null) {
        return false;
      }
      Progress p = Progress.of(deployed, s.name(), tasks.getOrDefault(str(deployed.get("ID")), List.of()),
          d.specs.get(s.name()).taskHash(), Set.of(), nodeNames);
      boolean up = Roles.oneShot(stack, s) ? p.isCompleted() : p.isRunning(Roles.mayComplete(stack, s));
      if (!up || p.failure().isPresent() && !Roles.oneShot(stack, s)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------ services

  private void deploy(Node n) {
    try {
      waitDeps(n);
      act(n);
      follow(n);
    } catch (ServiceFailure f) {
      n.timedOut |= f == TIMED_OUT;
      failQuietly(n, f);
    } catch (DeployException e) {
      fail(n, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (RuntimeException e) {
      LOG.debug("deploying {} failed", n.name(), e);
      fail(n, "service '" + n.name() + "': " + e, null);
    }
  }

  private void waitDeps(Node n) {
    for (DependsOn dep : n.service.dependsOn()) {
      Node dn = nodes.get(dep.service());
      if (dn == null) {
        continue;
      }
      CompletableFuture<Void> f = switch (dep.condition()) {
        case STARTED -> dn.started;
        case HEALTHY -> dn.healthy;
        case COMPLETED_SUCCESSFULLY -> dn.completed;
      };
      n.phase = "waiting for " + dep.service() + " to be " + word(dep.condition());
      await(f);
      if (f.isCompletedExceptionally()) {
        String why = causeOf(f);
        if (dep.required()) {
          throw new ServiceFailure("service '" + n.name() + "' not deployed: its dependency '" + dep.service()
              + "' did not become " + word(dep.condition()) + " (" + why + ")", true);
        }
        warn("service '" + n.name() + "': optional dependency '" + dep.service() + "' did not become "
            + word(dep.condition()) + " (" + firstLine(why) + "); deploying it anyway");
      }
    }
  }

  private void act(Node n) {
    if (abort.isDone()) {
      throw new ServiceFailure("aborted", true);
    }
    Map<String, Object> spec = n.mapped.spec();
    SpecMapper.fillIds(spec, objectIds);
    switch (n.action.kind()) {
      case CREATE_SERVICE -> {
        n.phase = "creating";
        listener.onEvent(new DeployEvent.ServiceStarting(n.name()));
        n.actedAt = System.nanoTime();
        n.serviceId = api.createService(spec, registryAuth);
        n.known = Set.of();
        watcher.servicesChanged();
      }
      case UPDATE_SERVICE -> {
        n.phase = "updating";
        listener.onEvent(new DeployEvent.ServiceStarting(n.name()));
        update(n, spec, registryAuth);
      }
      default -> {
        n.serviceId = n.observedId;
        n.known = Set.of();
        n.actedAt = System.nanoTime();
        listener.onEvent(new DeployEvent.ServiceUnchanged(n.name()));
      }
    }
  }

  private void update(Node n, Map<String, Object> spec, @Nullable String auth) {
    for (int attempt = 0; ; attempt++) {
      Map<String, Object> s = api.service(Names.service(stack.name(), n.name())).orElseThrow(() ->
          new DeployException(n.name(), "service '" + n.name() + "' disappeared from the swarm during the apply", null));
      n.serviceId = str(s.get("ID"));
      n.previousUpdate = String.valueOf(at(s, "UpdateStatus", "StartedAt"));
      n.expectRollout = !n.mapped.taskHash().equals(
          at(s, "Spec", "TaskTemplate", "ContainerSpec", "Labels", Names.TASK_HASH));
      Set<String> known = new HashSet<>();
      api.tasksOf(n.serviceId).forEach(t -> known.add(str(t.get("ID"))));
      n.known = known;
      n.actedAt = System.nanoTime();
      try {
        api.updateService(n.serviceId, SwarmApi.version(s), spec, auth)
            .forEach(w -> warn("service '" + n.name() + "': " + w));
        watcher.servicesChanged();
        return;
      } catch (EngineApiException e) {
        if (attempt < 3 && e.engineMessage().contains("out of sequence")) {
          continue; // changed meanwhile (e.g. Swarm finished a previous rollout): read it again
        }
        throw e;
      }
    }
  }

  private void follow(Node n) {
    boolean oneShot = Roles.oneShot(stack, n.service);
    boolean mayComplete = Roles.mayComplete(stack, n.service);
    UpdateConfig.FailureAction onFailure = n.service.deploy().updateConfig().flatMap(UpdateConfig::failureAction)
        .orElse(UpdateConfig.FailureAction.PAUSE);
    n.phase = oneShot ? "waiting to complete" : "waiting to run" + (n.service.hasHealthcheck() ? " healthy" : "");
    String id = Objects.requireNonNull(n.serviceId, "service id");
    // a read that began once the service is watched holds its tasks
    long after = Math.max(n.actedAt, watcher.watch(id));
    try {
      follow(n, after, oneShot, mayComplete, onFailure);
    } finally {
      watcher.unwatch(id);
    }
  }

  /** Reads the watcher's snapshots until the service reaches its goal (or fails, or the deadline passes). */
  private void follow(Node n, long watchedSince, boolean oneShot, boolean mayComplete,
      UpdateConfig.FailureAction onFailure) {
    long after = watchedSince;
    boolean startedSeen = false;
    UpdateRolledBackException rolledBack = null;
    while (true) {
      TaskWatcher.Snapshot snap;
      try {
        snap = watcher.next(after, Math.min(deadline, abortCheckpoint()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceFailure("interrupted", true);
      }
      if (abort.isDone()) {
        throw new ServiceFailure("aborted", true);
      }
      if (snap == null) {
        if (System.nanoTime() >= deadline) {
          if (rolledBack != null) {
            throw rolledBack;
          }
          throw TIMED_OUT;
        }
        continue;
      }
      after = snap.readAt();
      Map<String, Object> service = snap.services().get(n.serviceId);
      if (service == null) {
        continue; // not listed yet
      }
      Progress p = Progress.of(service, n.name(), snap.tasksOf(n.serviceId), n.mapped.taskHash(), n.known, nodeNames);
      n.last = p;
      String update = String.valueOf(at(service, "UpdateStatus", "StartedAt")).equals(n.previousUpdate)
          ? null : str(at(service, "UpdateStatus", "State"));
      if (n.action.kind() == SwarmAction.Kind.UPDATE_SERVICE && update != null) {
        String message = SwarmApi.text(at(service, "UpdateStatus", "Message"));
        switch (update) {
          case "rollback_completed", "rollback_paused" -> {
            if (rolledBack == null) {
              rolledBack = new UpdateRolledBackException(n.name(), "service '" + n.name() + "': the update failed "
                  + "and Swarm rolled it back to the previous version" + (message.isEmpty() ? "" : " (" + message + ")")
                  + failedTaskDetail(n, p));
              n.phase = "rolled back: waiting for the previous version to run again";
            }
            // report once the previous version runs again (or the deadline passes), not while it restarts
            String previous = str(at(service, "Spec", "TaskTemplate", "ContainerSpec", "Labels", Names.TASK_HASH));
            if (update.equals("rollback_paused") || Progress.of(service, n.name(), snap.tasksOf(n.serviceId), previous,
                Set.of(), nodeNames).isRunning(mayComplete)) {
              throw rolledBack;
            }
            continue;
          }
          case "paused" -> throw new DeployException(n.name(), "service '" + n.name() + "': the update failed and "
              + "Swarm paused it" + (message.isEmpty() ? "" : " (" + message + ")") + failedTaskDetail(n, p)
              + "; fix the service and apply again (its update_config failure_action is pause)", null);
          case "updating", "rollback_started" -> {
            n.phase = update.equals("updating") ? "rolling update" : "rolling back";
            continue;
          }
          default -> { }
        }
      }
      boolean managedByUpdate = n.action.kind() == SwarmAction.Kind.UPDATE_SERVICE && n.expectRollout
          && onFailure != UpdateConfig.FailureAction.CONTINUE && !"completed".equals(update);
      if (p.failure().isPresent() && !managedByUpdate) {
        String hint = p.failure().get().toLowerCase(java.util.Locale.ROOT).contains("no such image")
            ? " (that node lacks the image: set a registry to push it to, or load it there)" : "";
        throw new DeployException(n.name(), "service '" + n.name() + "' failed: task " + p.failure().get() + hint
            + lastLogs(n), null);
      }
      if (!startedSeen && (p.isStarted() || oneShot && p.isCompleted())) {
        startedSeen = true;
        if (n.action.isChange()) {
          listener.onEvent(new DeployEvent.ServiceStarted(n.name(), n.serviceId));
        }
        n.started.complete(null);
      }
      if (oneShot) {
        if (p.isCompleted()) {
          if (n.action.isChange()) {
            listener.onEvent(new DeployEvent.ServiceCompleted(n.name(), 0));
          }
          n.healthy.complete(null);
          n.completed.complete(null);
          n.goal.complete(null);
          return;
        }
      } else if (p.isRunning(mayComplete) && (update == null || "completed".equals(update)
          || n.action.kind() != SwarmAction.Kind.UPDATE_SERVICE)) {
        if (!n.healthy.isDone()) {
          if (n.action.isChange()) {
            listener.onEvent(new DeployEvent.ServiceHealthy(n.name(),
                Duration.ofNanos(System.nanoTime() - n.actedAt)));
          }
          n.healthy.complete(null);
          if (p.isCompleted() || p.completed() > 0 && mayComplete) {
            n.completed.complete(null);
          } else {
            n.completed.completeExceptionally(new ServiceFailure("service '" + n.name()
                + "' runs on: it is not a one-shot that completes", false));
          }
        }
        if (n.service.hasHealthcheck() || settled(n, p)) {
          n.goal.complete(null);
          return;
        }
      }
    }
  }

  /**
   * Without a healthcheck, a running task says only that its process started: the service counts
   * as up once each running task has run for {@link #SETTLE_NANOS} without failing (a process that
   * exits at once is caught; one that fails later is what healthchecks are for).
   */
  private static boolean settled(Node n, Progress p) {
    long now = System.nanoTime();
    boolean all = true;
    for (SwarmTask t : p.tasks()) {
      if (t.running()) {
        long since = n.runningSince.computeIfAbsent(t.id(), k -> now);
        all &= now - since >= SETTLE_NANOS;
      }
    }
    return all;
  }

  private long abortCheckpoint() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
  }

  private String failedTaskDetail(Node n, Progress p) {
    return p.failure().map(f -> "; the new version's task failed " + f + lastLogs(n)).orElse("");
  }

  private String lastLogs(Node n) {
    if (n.serviceId == null) {
      return "";
    }
    List<String> lines = api.logs(n.serviceId, 10);
    return lines.isEmpty() ? "" : "; last log lines:\n  " + String.join("\n  ", lines);
  }

  private void await(CompletableFuture<?> f) {
    try {
      CompletableFuture.anyOf(f, abort).get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceFailure("interrupted", true);
    } catch (java.util.concurrent.ExecutionException e) {
      // f failed: the caller looks
    } catch (java.util.concurrent.TimeoutException e) {
      throw TIMED_OUT;
    }
    if (!f.isDone()) {
      throw new ServiceFailure("aborted", true);
    }
  }

  private static String causeOf(CompletableFuture<?> f) {
    try {
      f.join();
      return "";
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      return c.getMessage();
    }
  }

  private static String word(DependsOn.Condition c) {
    return switch (c) {
      case STARTED -> "started";
      case HEALTHY -> "healthy";
      case COMPLETED_SUCCESSFULLY -> "completed successfully";
    };
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

  private void fail(Node n, String message, @Nullable DeployException cause) {
    ServiceFailure f = new ServiceFailure(message, false);
    n.started.completeExceptionally(f);
    n.healthy.completeExceptionally(f);
    n.completed.completeExceptionally(f);
    boolean req = required(n.name());
    listener.onEvent(new DeployEvent.ServiceFailed(n.name(), message, req));
    if (!req) {
      warn(message);
      n.goal.complete(null);
      return;
    }
    setError(cause != null ? cause : new DeployException(n.name(), message, null));
    n.goal.completeExceptionally(f);
  }

  private void failQuietly(Node n, ServiceFailure f) {
    if (!f.secondary) {
      fail(n, f.getMessage(), null);
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

  private void timeout() {
    Node stuck = null;
    for (Node n : nodes.values()) {
      if ((n.timedOut || !n.goal.isDone()) && (stuck == null || !n.phase.startsWith("waiting for"))) {
        stuck = n;
        if (!n.phase.startsWith("waiting for")) {
          break;
        }
      }
    }
    String name = stuck == null ? "?" : stuck.name();
    String detail = "";
    if (stuck != null && stuck.last != null) {
      detail = "; its newest task is " + stuck.last.lastMessage() + " (" + stuck.last.running() + " of "
          + stuck.last.needed() + " running)" + lastLogs(stuck);
    }
    setError(new DeployException(name, "service '" + name + "' timed out after " + o.timeout().toSeconds()
        + " s while " + (stuck == null ? "deploying" : stuck.phase) + detail
        + " (raise the timeout, or check the service: docker service ps " + Names.service(stack.name(), name) + ")",
        null));
  }

  private void warn(String w) {
    warnings.add(w);
    listener.onEvent(new DeployEvent.Warning(w));
  }

  // ------------------------------------------------------------ removals

  private void removeLeftOvers(Planner.Desired d) {
    d.servicesToRemove.forEach((name, id) -> {
      step("remove service " + Names.service(stack.name(), name), () -> api.removeService(id));
      listener.onEvent(new DeployEvent.ServiceRemoved(name));
    });
    for (Planner.Removal obj : d.objectsToRemove) {
      String name = obj.name();
      try {
        step("remove " + (obj.kind().equals("secrets") ? "secret " : "config ") + name,
            () -> api.removeObject(obj.kind(), obj.id()));
      } catch (EngineApiException e) {
        warn(name + " is still in use and was kept (" + e.engineMessage() + "); a later apply removes it");
      }
    }
    if (!d.networksToRemove.isEmpty()) {
      SwarmEngine.waitForTasksGone(api, stack.name(), d.servicesToRemove.values(), Duration.ofSeconds(30));
      d.networksToRemove.forEach((name, id) -> {
        try {
          step("remove network " + name, () -> api.removeNetwork(id));
        } catch (EngineApiException e) {
          warn("network " + name + " was kept (" + e.engineMessage() + "); a later apply removes it");
        }
      });
    }
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
