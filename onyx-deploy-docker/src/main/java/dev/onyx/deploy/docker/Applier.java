package dev.onyx.deploy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.HealthCheck;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of {@link DockerEngine#apply}: the plan applied as a dependency graph. */
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
   * A bounded number of container-start slots, handed out by priority (longest remaining dependency
   * chain first, then stack order), so the head of the critical path does not queue behind
   * services with slack on a small engine.
   */
  static final class StartGate {
    /** How long an announced start may hold back others before it arrives. */
    private static final long EXPECT_NANOS = TimeUnit.SECONDS.toNanos(3);

    private static final class Ticket {
      final String name;
      final int priority;
      final long seq;
      /** 0 for a start that is waiting; else when this announced start stops holding others back. */
      volatile long expiresAt;

      Ticket(String name, int priority, long seq, long expiresAt) {
        this.name = name;
        this.priority = priority;
        this.seq = seq;
        this.expiresAt = expiresAt;
      }
    }

    private final java.util.PriorityQueue<Ticket> queue = new java.util.PriorityQueue<>(
        java.util.Comparator.comparingInt((Ticket t) -> -t.priority).thenComparingLong(t -> t.seq));
    private int free;
    private long seq;

    StartGate(int slots) {
      this.free = slots;
    }

    /**
     * Announces a start that will come soon (a container being created): until it arrives (or a
     * few seconds pass) starts of lower priority wait, so the head of the longest chain is not
     * overtaken by a service whose container happened to be created a moment earlier.
     */
    synchronized void expect(String name, int priority) {
      queue.add(new Ticket(name, priority, seq++, System.nanoTime() + EXPECT_NANOS));
    }

    /** Withdraws an announcement that will not become a start (a failure, nothing to start). */
    synchronized void withdraw(String name) {
      if (queue.removeIf(t -> t.expiresAt != 0 && t.name.equals(name))) {
        notifyAll();
      }
    }

    /** Waits for a slot; throws {@link Aborted} when {@code stop} says so or the deadline passes. */
    synchronized void acquire(String name, int priority, java.util.function.BooleanSupplier stop,
        long deadlineNanos) {
      Ticket t = null;
      for (Ticket q : queue) {
        if (q.expiresAt != 0 && q.name.equals(name)) {
          t = q; // the announced start arrives: it keeps its place
        }
      }
      if (t != null) {
        t.expiresAt = 0;
      } else {
        t = new Ticket(name, priority, seq++, 0);
        queue.add(t);
      }
      try {
        while (free <= 0 || head() != t) {
          if (stop.getAsBoolean() || System.nanoTime() >= deadlineNanos) {
            throw new Aborted();
          }
          wait(50);
        }
        queue.poll();
        free--;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Aborted();
      } finally {
        if (queue.remove(t)) {
          notifyAll();
        }
      }
    }

    /** The first ticket that still counts (expired announcements are dropped). */
    private Ticket head() {
      long now = System.nanoTime();
      while (!queue.isEmpty() && queue.peek().expiresAt != 0 && queue.peek().expiresAt - now < 0) {
        queue.poll();
      }
      return queue.peek();
    }

    synchronized void release() {
      free++;
      notifyAll();
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
      criticality(s.name(), dependants, out, new java.util.HashSet<>());
    }
    return out;
  }

  /** A start's priority: its criticality. */
  private int priority(String service) {
    return criticality.getOrDefault(service, 1);
  }

  private static int criticality(String name, Map<String, List<String>> dependants, Map<String, Integer> memo,
      java.util.Set<String> path) {
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

  final class Node {
    final Service service;
    volatile ServiceSpec spec;
    volatile PlannedAction action;
    final Planner.Observed existing;
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Void> healthy = new CompletableFuture<>();
    final CompletableFuture<Void> completed = new CompletableFuture<>();
    final CompletableFuture<Void> goal = new CompletableFuture<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile CompletableFuture<String> build;
    volatile String containerId;
    volatile String phase = "waiting";
    volatile long startedAt;

    Node(Service service, ServiceSpec spec, PlannedAction action, Planner.Observed existing) {
      this.service = service;
      this.spec = spec;
      this.action = action;
      this.existing = existing;
    }

    String name() {
      return service.name();
    }
  }

  private final Deployer d;
  private final Stack stack;
  private final DeployOptions o;
  private final DeployListener listener;
  private final long deadline;
  private final CompletableFuture<Void> abort = new CompletableFuture<>();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> ids = new ConcurrentHashMap<>();
  private volatile DeployException error;
  /** Completes once every service without dependencies has been started (or given up): the
   * containers of the others are created after that, so their creation does not delay the first
   * starts on a busy engine (they are still created long before their dependencies are ready). */
  private CompletableFuture<Void> rootsStarted = CompletableFuture.completedFuture(null);
  private EventTracker tracker;
  private ContainerFactory factory;
  private Deployer.Planned planned;
  private final StartGate startGate;
  private final Map<String, Integer> criticality;

  /** docker-java's client: made on first use, which an apply with nothing to do never reaches. */
  private DockerClient client() {
    return d.client();
  }

  Applier(Deployer d, Stack stack, DeployOptions o) {
    this.d = d;
    this.stack = stack;
    this.o = o;
    this.listener = DeployListener.safe(o.listener());
    this.deadline = System.nanoTime() + o.timeout().toNanos();
    this.startGate = new StartGate(o.maxConcurrentStarts());
    this.criticality = criticality(stack);
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
      Node n = new Node(s, planned.specs().get(s.name()), plan.actionFor(s.name()), snap.byService().get(s.name()));
      nodes.put(s.name(), n);
    }
    if (plan.isNoOp() && nodes.values().stream().allMatch(this::settled)) {
      nodes.values().forEach(n -> {
        ids.put(n.name(), n.existing.id());
        listener.onEvent(new DeployEvent.ServiceUnchanged(n.name()));
      });
      return new DeployResult(plan, Duration.ofNanos(System.nanoTime() - t0), ids, warnings);
    }
    if (LOG.isDebugEnabled()) {
      nodes.values().stream().filter(n -> !settled(n)).forEach(n -> LOG.debug("{} is not settled: {} {}", n.name(),
          n.action, n.existing == null ? "" : n.existing.status()));
    }
    tracker = new EventTracker(client(), stack.name());
    factory = new ContainerFactory(client(), stack, o.workingDir(), o.configFiles(),
        d.engine.supportsStartInterval(), o.fastReadiness() ? o.fastReadinessInterval() : null, this::warn);
    try {
      List<CompletableFuture<Void>> infra = new ArrayList<>();
      for (PlannedAction a : plan.actions()) {
        switch (a.kind()) {
          case CREATE_NETWORK -> infra.add(async(a, () -> createNetwork(a.target())));
          case CREATE_VOLUME -> infra.add(async(a, () -> createVolume(a.target())));
          case REMOVE_CONTAINER -> infra.add(async(a, () -> removeOrphan(a.target(), snap)));
          case BUILD_IMAGE -> {
            Node n = nodes.get(a.target());
            n.build = CompletableFuture.supplyAsync(() -> timed(a, () -> build(n)), d.pool);
          }
          default -> { }
        }
      }
      for (CompletableFuture<Void> f : infra) {
        Deployer.join(f);
      }
      rootsStarted = CompletableFuture.allOf(nodes.values().stream()
          .filter(n -> n.service.dependsOn().isEmpty())
          .map(n -> n.started.handle((v, t) -> null)).toArray(CompletableFuture[]::new));
      // The most critical first: their creates are queued first and their starts announced, so
      // the head of the longest chain starts first even if another container is created sooner.
      List<Node> byCriticality = new ArrayList<>(nodes.values());
      byCriticality.sort(java.util.Comparator.comparingInt((Node n) -> -priority(n.name())));
      for (Node n : byCriticality) {
        PlannedAction.Kind k = n.action.kind();
        if (n.service.dependsOn().isEmpty() && n.build == null
            && (k == PlannedAction.Kind.CREATE_CONTAINER || k == PlannedAction.Kind.START_CONTAINER)) {
          startGate.expect(n.name(), priority(n.name()));
        }
      }
      for (Node n : byCriticality) {
        CompletableFuture.runAsync(() -> runNode(n), d.pool);
      }
      CompletableFuture<Void> all = CompletableFuture.allOf(nodes.values().stream().map(n -> n.goal)
          .toArray(CompletableFuture[]::new));
      try {
        CompletableFuture.anyOf(all, abort).get(remainingMillis(), TimeUnit.MILLISECONDS);
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

  /** An unchanged service whose state needs no waiting (running and healthy or without healthcheck, or completed). */
  private boolean settled(Node n) {
    Planner.Observed c = n.existing;
    if (c == null) {
      return false;
    }
    if (c.running()) {
      String h = c.health();
      return h == null || h.equals("healthy");
    }
    return n.action.reason().startsWith("completed");
  }

  private void waitForWorkers() {
    try {
      CompletableFuture.allOf(nodes.values().stream().map(n -> n.done).toArray(CompletableFuture[]::new))
          .get(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("workers still busy after the apply stopped", e);
    }
  }

  private long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private CompletableFuture<Void> async(PlannedAction a, Runnable r) {
    return CompletableFuture.runAsync(() -> timed(a, () -> {
      r.run();
      return null;
    }), d.pool);
  }

  private <T> T timed(PlannedAction a, java.util.function.Supplier<T> s) {
    String what = a.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + a.target();
    long t = System.nanoTime();
    listener.onEvent(new DeployEvent.ActionStarted(what));
    T v = s.get();
    listener.onEvent(new DeployEvent.ActionCompleted(what, Duration.ofNanos(System.nanoTime() - t)));
    return v;
  }

  private void warn(String w) {
    warnings.add(w);
    listener.onEvent(new DeployEvent.Warning(w));
  }

  // ------------------------------------------------------------ infrastructure

  private void createNetwork(String engineName) {
    String key = Planner.networksToHave(stack).stream().filter(x -> x[1].equals(engineName)).map(x -> x[0])
        .findFirst().orElse(engineName);
    Map<String, String> labels = new LinkedHashMap<>();
    var net = stack.network(key);
    net.ifPresent(n -> labels.putAll(n.labels()));
    labels.put(Names.NETWORK, key);
    labels.put(Names.PROJECT, stack.name());
    labels.put(Names.VERSION, Names.COMPOSE_VERSION);
    var cmd = client().createNetworkCmd().withName(engineName).withLabels(labels).withCheckDuplicate(true)
        .withDriver(net.flatMap(n -> n.driver()).orElse("bridge"));
    net.ifPresent(n -> {
      if (!n.driverOptions().isEmpty()) {
        cmd.withOptions(n.driverOptions());
      }
      cmd.withInternal(n.internal()).withAttachable(n.attachable());
      if (!n.subnets().isEmpty()) {
        cmd.withIpam(new com.github.dockerjava.api.model.Network.Ipam().withConfig(n.subnets().stream()
            .map(sn -> new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(sn)).toList()));
      }
    });
    try {
      cmd.exec();
    } catch (com.github.dockerjava.api.exception.ConflictException e) {
      LOG.debug("network {} exists already", engineName);
    }
  }

  private void createVolume(String engineName) {
    String key = Planner.volumesToHave(stack).stream().filter(x -> x[1].equals(engineName)).map(x -> x[0])
        .findFirst().orElse(engineName);
    var vol = stack.volume(key).orElseThrow();
    Map<String, String> labels = new LinkedHashMap<>(vol.labels());
    labels.put(Names.VOLUME, key);
    labels.put(Names.PROJECT, stack.name());
    labels.put(Names.VERSION, Names.COMPOSE_VERSION);
    var cmd = client().createVolumeCmd().withName(engineName).withLabels(labels).withDriver(vol.driver().orElse("local"));
    if (!vol.driverOptions().isEmpty()) {
      cmd.withDriverOpts(vol.driverOptions());
    }
    cmd.exec();
  }

  private void removeOrphan(String name, Planner.Snapshot snap) {
    Planner.Observed c = snap.extra().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    stopQuietly(c.id(), null);
    try {
      client().removeContainerCmd(c.id()).withForce(true).exec();
    } catch (NotFoundException e) {
      // gone
    }
    listener.onEvent(new DeployEvent.ServiceRemoved(c.service()));
  }

  private String build(Node n) {
    Service s = n.service;
    var b = s.build().orElseThrow();
    return d.engine.images().build(s.name(), n.spec.imageRef, o.workingDir().resolve(b.context()), b, listener);
  }

  // ------------------------------------------------------------ services

  private void runNode(Node n) {
    String createdTemp = null;
    try {
      if (n.build != null) {
        n.phase = "building";
        String imageId = n.build.join();
        n.spec = planned.resolver().spec(n.service, n.spec.imageRef, imageId);
        n.action = Planner.decide(n.spec, n.existing, false);
      }
      switch (n.action.kind()) {
        case NOTHING -> adopt(n, n.existing, true);
        case UPDATE_CONTAINER -> {
          PlannedAction a = n.action;
          timed(a, () -> factory.update(n.existing.id(), n.service));
          if (n.existing.running() || n.existing.exitCode() != null && n.existing.exitCode() == 0
              && !n.spec.hasHealthcheckDeclared()) {
            adopt(n, n.existing, false);
          } else {
            waitDeps(n);
            start(n, n.existing.id(), true);
          }
        }
        case START_CONTAINER -> {
          waitDeps(n);
          start(n, n.existing.id(), true);
        }
        case RESTART_CONTAINER -> {
          // depends_on with restart: true: a dependency was recreated or restarted
          waitDeps(n);
          String id = n.existing.id();
          EventTracker.Watch old = tracker.watch(id);
          timed(n.action, () -> {
            stopQuietly(id, n.service.stopGracePeriod().orElse(Duration.ofSeconds(10)));
            return null;
          });
          try {
            // let the stop's die event arrive before the container is watched afresh
            old.exited.get(2, TimeUnit.SECONDS);
          } catch (TimeoutException | ExecutionException e) {
            LOG.debug("no die event for {} after its stop", n.name());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Aborted();
          }
          start(n, id, true);
        }
        case CREATE_CONTAINER -> {
          awaitRoots(n);
          n.phase = "creating";
          String id = timed(n.action, () -> factory.create(n.spec, n.spec.containerName));
          waitDeps(n);
          start(n, id, false);
        }
        case RECREATE_CONTAINER -> {
          awaitRoots(n);
          n.phase = "creating";
          String temp = n.spec.containerName + "_onyx-new";
          removeIfPresent(temp);
          createdTemp = timed(new PlannedAction(PlannedAction.Kind.CREATE_CONTAINER, n.name(), ""),
              () -> factory.create(n.spec, temp));
          waitDeps(n);
          checkAbort();
          String newId = createdTemp;
          timed(n.action, () -> {
            stopQuietly(n.existing.id(), n.service.stopGracePeriod().orElse(Duration.ofSeconds(10)));
            try {
              client().removeContainerCmd(n.existing.id()).withForce(true).exec();
            } catch (NotFoundException e) {
              // gone
            }
            client().renameContainerCmd(newId).withName(n.spec.containerName).exec();
            return null;
          });
          createdTemp = null;
          listener.onEvent(new DeployEvent.ServiceRemoved(n.name()));
          start(n, newId, false);
        }
        default -> throw new IllegalStateException("unexpected action " + n.action);
      }
    } catch (Aborted e) {
      failQuietly(n, new ServiceFailure("not started: the apply stopped", true));
    } catch (ServiceFailure e) {
      failQuietly(n, e);
    } catch (DeployException e) {
      fail(n, e.getMessage().startsWith("service '") ? e.getMessage() : "service '" + n.name() + "': " + e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.debug("service {} failed", n.name(), e);
      fail(n, "service '" + n.name() + "' failed while " + n.phase + ": " + DockerEngine.rootMessage(e));
    } finally {
      if (createdTemp != null) {
        try {
          client().removeContainerCmd(createdTemp).withForce(true).exec();
        } catch (RuntimeException e) {
          LOG.debug("removing unstarted container {}", createdTemp, e);
        }
      }
      startGate.withdraw(n.name());
      n.done.complete(null);
    }
  }

  /** Creation of a dependant waits until every root was started, or until its own dependencies
   * were (so the next hop of the critical path is created while services with slack still start). */
  private void awaitRoots(Node n) {
    if (!n.service.dependsOn().isEmpty()) {
      n.phase = "waiting for the first services to start";
      CompletableFuture<Void> ownDeps = CompletableFuture.allOf(n.service.dependsOn().stream()
          .map(dep -> nodes.get(dep.service())).filter(java.util.Objects::nonNull)
          .map(dn -> dn.started.handle((v, t) -> null)).toArray(CompletableFuture[]::new));
      await(CompletableFuture.anyOf(rootsStarted, ownDeps));
    }
  }

  private void removeIfPresent(String name) {
    try {
      client().removeContainerCmd(name).withForce(true).exec();
    } catch (NotFoundException e) {
      // fine
    }
  }

  private void stopQuietly(String id, Duration grace) {
    try {
      var stop = client().stopContainerCmd(id);
      if (grace != null) {
        stop.withTimeout((int) Math.max(0, grace.toSeconds()));
      }
      stop.exec();
    } catch (NotFoundException | NotModifiedException e) {
      // gone or stopped
    }
  }

  private void checkAbort() {
    if (abort.isDone()) {
      throw new Aborted();
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
      n.phase = "waiting for " + dep.service() + " to be " + Names.conditionWord(dep.condition());
      await(f);
      if (f.isCompletedExceptionally()) {
        String why = causeOf(f);
        if (dep.required()) {
          throw new ServiceFailure("service '" + n.name() + "' not started: its dependency '" + dep.service()
              + "' did not become " + Names.conditionWord(dep.condition()) + " (" + why + ")", true);
        }
        warn("service '" + n.name() + "': optional dependency '" + dep.service() + "' did not become "
            + Names.conditionWord(dep.condition()) + " (" + firstLine(why) + "); starting it anyway");
      }
    }
    checkAbort();
  }

  private void await(CompletableFuture<?> f) {
    try {
      CompletableFuture.anyOf(f, abort).get(remainingMillis(), TimeUnit.MILLISECONDS);
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
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      return c.getMessage();
    }
  }

  private void start(Node n, String id, boolean existing) {
    checkAbort();
    n.phase = "starting";
    n.containerId = id;
    ids.put(n.name(), id);
    if (existing) {
      tracker.forget(id);
    }
    n.phase = "waiting for a start slot";
    // Only the first wave (services without dependencies) shares the start slots: a dependant
    // starts the moment its dependencies are ready, never behind a start with slack.
    boolean gated = n.service.dependsOn().isEmpty();
    if (gated) {
      startGate.acquire(n.name(), priority(n.name()), abort::isDone, deadline);
    }
    try {
      checkAbort();
      n.phase = "starting";
      listener.onEvent(new DeployEvent.ServiceStarting(n.name()));
      client().startContainerCmd(id).exec();
    } finally {
      if (gated) {
        startGate.release();
      }
    }
    n.startedAt = System.nanoTime();
    EventTracker.Watch w = tracker.watch(id);
    w.startedAfterNanos = n.startedAt;
    listener.onEvent(new DeployEvent.ServiceStarted(n.name(), id));
    n.started.complete(null);
    follow(n, id, w, true);
  }

  /** An existing container left as it is: its state resolves the conditions. */
  private void adopt(Node n, Planner.Observed c, boolean unchanged) {
    n.containerId = c.id();
    ids.put(n.name(), c.id());
    if (unchanged) {
      listener.onEvent(new DeployEvent.ServiceUnchanged(n.name()));
    }
    n.started.complete(null);
    if (!c.running()) {
      n.completed.complete(null);
      n.healthy.completeExceptionally(new ServiceFailure("service '" + n.name() + "' has exited", false));
      n.goal.complete(null);
      return;
    }
    String h = c.health();
    if ("healthy".equals(h)) {
      n.healthy.complete(null);
      n.goal.complete(null);
      return;
    }
    EventTracker.Watch w = tracker.watch(c.id());
    w.startedAfterNanos = System.nanoTime();
    n.startedAt = w.startedAfterNanos;
    tracker.refresh(w);
    follow(n, c.id(), w, false);
  }

  /** After a start: wires completion, waits for health (event-driven, fast probe), runs hooks. */
  private void follow(Node n, String id, EventTracker.Watch w, boolean hooks) {
    List<String> test = healthTest(n, id);
    w.exited.thenAccept(code -> {
      if (code == 0) {
        listener.onEvent(new DeployEvent.ServiceCompleted(n.name(), 0));
        n.completed.complete(null);
        if (test == null) {
          n.goal.complete(null);
        }
      } else if (!abort.isDone()) {
        listener.onEvent(new DeployEvent.ServiceCompleted(n.name(), code));
        fail(n, "service '" + n.name() + "' exited with code " + code + "; last log lines:\n  " + d.lastLogLines(id, 20));
      }
    });
    if (test == null) {
      n.healthy.completeExceptionally(new ServiceFailure("service '" + n.name() + "' has no healthcheck", false));
      if (hooks) {
        runHooks(n, id);
      }
      n.goal.complete(null);
      return;
    }
    n.phase = "waiting to be healthy";
    // Probing pays only when the engine's own interval is long: at 1 s the engine's checks (and
    // their events) come as soon, extra execs only load a small machine, and a probe that passes
    // before the engine's own check leaves `ps` showing "starting" right after `up` said healthy.
    Duration engineInterval = n.service.healthcheck().flatMap(Healthcheck::interval).orElse(Duration.ofSeconds(30));
    boolean fast = o.fastReadiness() && !d.engine.supportsStartInterval()
        && engineInterval.compareTo(Duration.ofMillis(Math.max(2000, 2 * o.fastReadinessInterval().toMillis()))) >= 0;
    long interval = o.fastReadinessInterval().toMillis();
    Duration probeTimeout = n.service.healthcheck().flatMap(Healthcheck::timeout).orElse(Duration.ofSeconds(30));
    String via = "engine";
    while (true) {
      if (w.healthy.isDone()) {
        break;
      }
      if (w.unhealthy.isDone()) {
        throw failNow(n, "service '" + n.name() + "' became unhealthy; last health-check output: "
            + healthOutput(id));
      }
      if (w.exited.isDone()) {
        int code = w.exited.join();
        throw failNow(n, "service '" + n.name() + "' exited with code " + code
            + " before it became healthy; last log lines:\n  " + d.lastLogLines(id, 20));
      }
      checkAbort();
      if (remainingMillis() == 0) {
        throw new Aborted();
      }
      long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
      if (fast) {
        try {
          ExecResult r = d.execIn(id, test, probeTimeout);
          if (r.exitCode() == 0) {
            via = "probe";
            break;
          }
        } catch (RuntimeException e) {
          LOG.debug("readiness probe of {} failed to run", n.name(), e);
        }
      }
      long wait = fast ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())) : remainingMillis();
      try {
        CompletableFuture.anyOf(w.healthy, w.unhealthy, w.exited, abort).get(Math.min(wait, Math.max(1, remainingMillis())),
            TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // next round
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Aborted();
      }
    }
    LOG.debug("{} ready ({})", n.name(), via);
    listener.onEvent(new DeployEvent.ServiceHealthy(n.name(), Duration.ofNanos(System.nanoTime() - n.startedAt)));
    if (hooks) {
      runHooks(n, id);
    }
    n.healthy.complete(null);
    n.goal.complete(null);
  }

  /** The healthcheck test as an argv to exec, or null when the container has none. */
  private List<String> healthTest(Node n, String id) {
    List<String> t;
    if (n.service.healthcheck().isPresent()) {
      t = n.service.healthcheck().get().engineTest();
    } else {
      InspectContainerResponse r = client().inspectContainerCmd(id).exec();
      HealthCheck hc = r.getConfig() == null ? null : r.getConfig().getHealthcheck();
      t = hc == null || hc.getTest() == null ? null : hc.getTest();
    }
    if (t == null || t.isEmpty() || t.get(0).equals("NONE")) {
      return null;
    }
    if (t.get(0).equals("CMD")) {
      return t.subList(1, t.size());
    }
    if (t.get(0).equals("CMD-SHELL")) {
      return List.of("/bin/sh", "-c", String.join(" ", t.subList(1, t.size())));
    }
    return t;
  }

  private String healthOutput(String id) {
    try {
      HealthState h = client().inspectContainerCmd(id).exec().getState().getHealth();
      if (h == null || h.getLog() == null || h.getLog().isEmpty()) {
        return "(none)";
      }
      HealthStateLog last = h.getLog().get(h.getLog().size() - 1);
      String out = last.getOutput() == null ? "" : last.getOutput().strip();
      return "exit " + last.getExitCodeLong() + (out.isEmpty() ? "" : ": " + out);
    } catch (RuntimeException e) {
      return "(unavailable: " + e.getMessage() + ")";
    }
  }

  private void runHooks(Node n, String id) {
    for (DeployOptions.Hook h : o.hooks()) {
      if (!h.service().equals(n.name())) {
        continue;
      }
      checkAbort();
      n.phase = "running its post-deploy hook";
      PlannedAction a = new PlannedAction(PlannedAction.Kind.NOTHING, n.name(), "");
      String what = "hook " + n.name() + ": " + String.join(" ", h.command());
      long t = System.nanoTime();
      listener.onEvent(new DeployEvent.ActionStarted(what));
      ExecResult r = d.execIn(id, h.command(), Duration.ofMillis(Math.max(1, remainingMillis())));
      listener.onEvent(new DeployEvent.ActionCompleted(what, Duration.ofNanos(System.nanoTime() - t)));
      if (!r.ok()) {
        String out = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
        throw failNow(n, "service '" + n.name() + "': post-deploy hook " + h.command() + " exited with "
            + r.exitCode() + (out.isEmpty() ? "" : ": " + lastLines(out, 20)));
      }
      if (a.isChange()) {
        LOG.debug("unreachable");
      }
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

  private ServiceFailure failNow(Node n, String message) {
    fail(n, message);
    return new ServiceFailure(message, true);
  }

  /** A primary failure of a service: reported, and the apply stops when it is required. */
  private void fail(Node n, String message) {
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
  private void failQuietly(Node n, ServiceFailure f) {
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

  private void timeout() {
    Node stuck = null;
    for (Node n : nodes.values()) {
      if (!n.goal.isDone() && (stuck == null || !n.phase.startsWith("waiting for"))) {
        stuck = n;
        if (!n.phase.startsWith("waiting for")) {
          break;
        }
      }
    }
    String detail = "";
    if (stuck != null && stuck.containerId != null && stuck.phase.equals("waiting to be healthy")) {
      detail = "; last health-check output: " + healthOutput(stuck.containerId);
    } else if (stuck != null && stuck.containerId != null) {
      detail = "; last log lines:\n  " + d.lastLogLines(stuck.containerId, 20);
    }
    String name = stuck == null ? "?" : stuck.name();
    setError(new DeployException(name, "service '" + name + "' timed out after " + o.timeout().toSeconds()
        + " s while " + (stuck == null ? "deploying" : stuck.phase) + detail + " (raise the timeout, or check the service)", null));
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  private static String lastLines(String s, int n) {
    String[] l = s.split("\n");
    return String.join("\n  ", java.util.Arrays.asList(l).subList(Math.max(0, l.length - n), l.length));
  }
}
