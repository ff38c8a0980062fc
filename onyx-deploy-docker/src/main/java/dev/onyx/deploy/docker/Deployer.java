package dev.onyx.deploy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.StreamType;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The deploy operations of one engine (implementation behind {@link DockerEngine}). */
final class Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  final DockerEngine engine;
  final ExecutorService pool;
  private final ImageTransfers transfers;

  Deployer(DockerEngine engine) {
    this.engine = engine;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "onyx-deploy-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.transfers = new ImageTransfers(engine, pool);
  }

  /** @return the pulls and pushes of this engine */
  ImageTransfers transfers() {
    return transfers;
  }

  DockerClient client() {
    return engine.client();
  }

  // ---------------------------------------------------------------- observe

  Planner.Snapshot observe(Stack stack) {
    String project = stack.name();
    EngineReads reads = engine.reads();
    CompletableFuture<List<EngineReads.ContainerSummary>> containers =
        CompletableFuture.supplyAsync(() -> reads.projectContainers(project), pool);
    CompletableFuture<Set<String>> networks =
        CompletableFuture.supplyAsync(() -> new LinkedHashSet<>(reads.networkNames()), pool);
    CompletableFuture<Set<String>> volumes =
        CompletableFuture.supplyAsync(() -> new LinkedHashSet<>(reads.volumeNames()), pool);
    Map<String, List<Planner.Observed>> byService = new LinkedHashMap<>();
    List<Planner.Observed> extra = new ArrayList<>();
    Set<String> numbered = new java.util.HashSet<>();
    for (EngineReads.ContainerSummary c : join(containers)) {
      Map<String, String> labels = c.labels();
      if (!"False".equalsIgnoreCase(labels.getOrDefault(Names.ONEOFF, "False"))) {
        continue;
      }
      Planner.Observed o = new Planner.Observed(c.id(), c.name(), labels.getOrDefault(Names.SERVICE, "?"), c.state(),
          c.status(), labels);
      // a replica of the service: the name compose gives its number (else a leftover, removed)
      Optional<Service> s = stack.service(o.service());
      if (s.isPresent() && o.number() > 0 && o.name().equals(Names.container(project, s.get(), o.number()))
          && numbered.add(o.service() + "#" + o.number())) {
        byService.computeIfAbsent(o.service(), k -> new ArrayList<>()).add(o);
      } else {
        extra.add(o);
      }
    }
    byService.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(Planner.Observed::number)));
    return new Planner.Snapshot(byService, extra, join(networks), join(volumes));
  }

  static String actualResources(com.github.dockerjava.api.model.HostConfig hc) {
    Long cpu = hc.getNanoCPUs();
    Long mem = hc.getMemory();
    Long res = hc.getMemoryReservation();
    Long pids = hc.getPidsLimit();
    return "cpus=" + (cpu == null || cpu == 0 ? "" : new BigDecimal(cpu).movePointLeft(9).stripTrailingZeros().toPlainString())
        + ";memory=" + (mem == null || mem == 0 ? "" : mem.toString())
        + ";memres=" + (res == null || res == 0 ? "" : res.toString())
        + ";pids=" + (pids == null || pids <= 0 ? "" : pids.toString());
  }

  static String name(Container c) {
    String[] names = c.getNames();
    return Names.shown(names == null || names.length == 0 ? null : names[0], c.getId());
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Image ids of the stack's images (null when missing), inspected in parallel. */
  Map<String, String> imageIds(Stack stack) {
    Map<String, CompletableFuture<String>> f = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      String ref = Resolver.imageRef(stack, s);
      f.computeIfAbsent(ref, r -> CompletableFuture.supplyAsync(
          () -> engine.images().inspect(r).map(ImageInfo::id).orElse(null), pool));
    }
    Map<String, String> ids = new HashMap<>();
    f.forEach((k, v) -> ids.put(k, join(v)));
    return ids;
  }

  SecretStore secretStore(Path stateDir, boolean readOnly) {
    return new SecretStore(stateDir, this::secretFromEngine, readOnly);
  }

  /** Reads a generated secret back from a container of the project that uses it (file or variable). */
  Optional<String> secretFromEngine(Stack stack, Secret secret) {
    List<Container> cs = projectContainers(stack.name());
    for (Service s : stack.services()) {
      Optional<Container> c = cs.stream().filter(x -> s.name().equals(x.getLabels().get(Names.SERVICE))).findFirst();
      if (c.isEmpty()) {
        continue;
      }
      for (FileReference r : s.secrets()) {
        if (r.source().equals(secret.name())) {
          try (InputStream in = client().copyArchiveFromContainerCmd(c.get().getId(), r.secretPath()).exec();
              TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e = t.getNextEntry();
            if (e != null && e.isFile()) {
              return Optional.of(new String(t.readAllBytes(), StandardCharsets.UTF_8));
            }
          } catch (IOException | RuntimeException e) {
            LOG.debug("secret {} not readable from {}", secret.name(), name(c.get()), e);
          }
        }
      }
      for (Map.Entry<String, String> se : s.secretEnvironment().entrySet()) {
        if (se.getValue().equals(secret.name())) {
          try {
            String[] env = client().inspectContainerCmd(c.get().getId()).exec().getConfig().getEnv();
            for (String kv : env == null ? new String[0] : env) {
              if (kv.startsWith(se.getKey() + "=")) {
                return Optional.of(kv.substring(se.getKey().length() + 1));
              }
            }
          } catch (RuntimeException e) {
            LOG.debug("secret {} not readable from {}", secret.name(), name(c.get()), e);
          }
        }
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- plan

  Plan plan(Stack stack, DeployOptions options) {
    return plan(stack, options, observe(stack), true).plan();
  }

  /** A plan with what the apply needs to carry it out. */
  record Planned(Plan plan, Map<String, ServiceSpec> specs, Planner.Snapshot snapshot, Set<String> toBuild,
      Resolver resolver, Map<String, Planner.ServicePlan> services) {
  }

  Planned plan(Stack stack, DeployOptions options, Planner.Snapshot snap, boolean readOnly) {
    return plan(stack, options, snap, readOnly, imageIds(stack));
  }

  Planned plan(Stack stack, DeployOptions options, Planner.Snapshot observed, boolean readOnly,
      Map<String, String> ids) {
    Resolver resolver = new Resolver(stack, options.workingDir(), secretStore(options.stateDir(), readOnly));
    Map<String, ServiceSpec> specs = resolver.specs(ids::get);
    Planner.Snapshot snap = exactResources(observed, specs);
    Set<String> toBuild = new LinkedHashSet<>();
    for (Service s : stack.services()) {
      if (s.build().isPresent() && ids.get(Resolver.imageRef(stack, s)) == null) {
        toBuild.add(s.name());
      }
    }
    Map<String, Planner.ServicePlan> services = Planner.services(stack, specs, snap, toBuild);
    return new Planned(Planner.plan(stack, specs, snap, toBuild, services), specs, snap, toBuild, resolver, services);
  }

  /**
   * Limits can change in place but labels cannot: where a container's label differs from the wanted
   * limits, its actual limits are read (so an update done before is not planned again).
   */
  Planner.Snapshot exactResources(Planner.Snapshot snap, Map<String, ServiceSpec> specs) {
    Map<String, List<CompletableFuture<Planner.Observed>>> exact = new LinkedHashMap<>();
    snap.byService().forEach((svc, replicas) -> {
      ServiceSpec spec = specs.get(svc);
      if (spec != null && replicas.stream().anyMatch(o -> !spec.resources.equals(o.labels().get(Names.RESOURCES)))) {
        exact.put(svc, replicas.stream().map(o -> spec.resources.equals(o.labels().get(Names.RESOURCES))
            ? CompletableFuture.completedFuture(o) : CompletableFuture.supplyAsync(() -> withActualResources(o), pool))
            .toList());
      }
    });
    if (exact.isEmpty()) {
      return snap;
    }
    Map<String, List<Planner.Observed>> by = new LinkedHashMap<>(snap.byService());
    exact.forEach((svc, fs) -> by.put(svc, fs.stream().map(Deployer::join).toList()));
    return new Planner.Snapshot(by, snap.extra(), snap.networks(), snap.volumes());
  }

  private Planner.Observed withActualResources(Planner.Observed o) {
    try {
      var hc = client().inspectContainerCmd(o.id()).exec().getHostConfig();
      Map<String, String> labels = new LinkedHashMap<>(o.labels());
      labels.put(Names.RESOURCES, actualResources(hc));
      return new Planner.Observed(o.id(), o.name(), o.service(), o.state(), o.status(), labels);
    } catch (NotFoundException e) {
      return o;
    }
  }

  // ---------------------------------------------------------------- preflight

  PreflightReport preflight(Stack stack, Path workingDir) {
    return preflight(stack, workingDir, observe(stack), true);
  }

  PreflightReport preflight(Stack stack, Path workingDir, Planner.Snapshot snap, boolean resources) {
    return preflight(stack, workingDir, snap, resources, imageIds(stack));
  }

  PreflightReport preflight(Stack stack, Path workingDir, Planner.Snapshot snap, boolean resources,
      Map<String, String> ids) {
    return preflight(stack, workingDir, snap, resources, ids, PullPolicy.MISSING);
  }

  /**
   * @param pullPolicy the apply's pull policy: a missing image that policy (or the service's own)
   *     would pull is a warning, one that nothing brings is an error
   */
  PreflightReport preflight(Stack stack, Path workingDir, Planner.Snapshot snap, boolean resources,
      Map<String, String> ids, PullPolicy pullPolicy) {
    java.util.Set<String> pullable = ImagePuller.policies(stack, pullPolicy).keySet();
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    // images
    for (Service s : stack.services()) {
      String ref = Resolver.imageRef(stack, s);
      if (ids.get(ref) != null) {
        continue;
      }
      if (s.build().isPresent()) {
        Path ctx = workingDir.resolve(s.build().get().context());
        if (!Files.isDirectory(ctx)) {
          errors.add("service '" + s.name() + "': image " + ref + " is missing and its build context " + ctx
              + " is not a folder");
        }
      } else if (pullable.contains(ref)) {
        warnings.add("service '" + s.name() + "': image " + ref + " is not on the engine yet; it will be pulled");
      } else {
        errors.add("service '" + s.name() + "': image " + ref + " is not on the engine, has no build, and is not "
            + "pulled (pull policy never): pull it, or load it from a bundle ('onyx-deploy bundle load') or with "
            + "'docker load'");
      }
    }
    // ports
    List<Container> running = client().listContainersCmd().exec();
    boolean local = isLocal();
    for (Service s : stack.services()) {
      for (PortMapping p : s.ports()) {
        if (p.hostPorts().isEmpty()) {
          continue;
        }
        int replicas = DeploySettings.replicas(s);
        if (replicas > 1 && p.hostPorts().get().size() == p.containerPorts().size()) {
          errors.add("service '" + s.name() + "': host port " + p.hostPorts().get() + " cannot be published by "
              + replicas + " replicas (each container needs its own); publish a range of host ports or none");
          continue;
        }
        for (int port = p.hostPorts().get().start(); port <= p.hostPorts().get().end(); port++) {
          String proto = p.protocol().composeName();
          Optional<Container> holder = Optional.empty();
          for (Container c : running) {
            for (ContainerPort cp : c.getPorts() == null ? new ContainerPort[0] : c.getPorts()) {
              if (cp.getPublicPort() != null && cp.getPublicPort() == port && proto.equals(cp.getType())
                  && ipsOverlap(p.hostIp().orElse(""), cp.getIp())) {
                holder = Optional.of(c);
              }
            }
          }
          if (holder.isPresent()) {
            Container c = holder.get();
            Map<String, String> l = c.getLabels() == null ? Map.of() : c.getLabels();
            boolean ours = stack.name().equals(l.get(Names.PROJECT)) && s.name().equals(l.get(Names.SERVICE));
            if (!ours) {
              errors.add("service '" + s.name() + "': host port " + port + "/" + proto + " is held by container "
                  + name(c) + (l.containsKey(Names.PROJECT) ? " (project " + l.get(Names.PROJECT) + ", service "
                  + l.get(Names.SERVICE) + ")" : "") + "; stop it or publish another port");
            }
          } else if (local && p.protocol() == dev.onyx.deploy.core.Protocol.TCP) {
            String ip = p.hostIp().orElse("0.0.0.0");
            try (ServerSocket ss = new ServerSocket()) {
              ss.setReuseAddress(true);
              ss.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
            } catch (IOException e) {
              errors.add("service '" + s.name() + "': host port " + ip + ":" + port
                  + " is held by another process (" + e.getMessage() + "); stop it or publish another port");
            }
          }
        }
      }
    }
    if (resources) {
      resourceWarnings(stack, warnings);
    }
    return new PreflightReport(engine.engineVersion(), engine.apiVersion(), errors, warnings);
  }

  private static boolean ipsOverlap(String wanted, String held) {
    if (held == null || held.isEmpty() || held.equals("0.0.0.0") || held.equals("::")) {
      return true;
    }
    return wanted.isEmpty() || wanted.equals("0.0.0.0") || wanted.equals(held);
  }

  private boolean isLocal() {
    String scheme = engine.config().host().getScheme();
    if ("unix".equals(scheme) || "npipe".equals(scheme)) {
      return true;
    }
    String h = engine.config().host().getHost();
    return h != null && (h.equals("localhost") || h.startsWith("127.") || h.equals("::1"));
  }

  void resourceWarnings(Stack stack, List<String> warnings) {
    long memNeed = 0;
    BigDecimal cpuNeed = BigDecimal.ZERO;
    for (Service s : stack.services()) {
      ResourceSpec r = s.resources().reservations();
      ResourceSpec l = s.resources().limits();
      memNeed += r.memory().or(l::memory).map(ByteSize::bytes).orElse(0L);
      cpuNeed = cpuNeed.add(r.cpus().or(l::cpus).orElse(BigDecimal.ZERO));
    }
    if (memNeed == 0 && cpuNeed.signum() == 0) {
      return; // nothing to compare: spare the engine an info call
    }
    Info info = client().infoCmd().exec();
    long mem = info.getMemTotal() == null ? 0 : info.getMemTotal();
    int cpus = info.getNCPU() == null ? 0 : info.getNCPU();
    String os = info.getOperatingSystem() == null ? "" : info.getOperatingSystem();
    boolean desktop = os.contains("Docker Desktop");
    String advice = desktop ? " On Docker Desktop, raise its memory/CPU limit (Settings > Resources) or, with the "
        + "WSL2 backend, the limit in %UserProfile%\\.wslconfig ([wsl2] memory=...), then restart it."
        : " Give the engine's machine more, or lower the stack's reservations/limits.";
    if (mem > 0 && memNeed > mem) {
      warnings.add("the stack reserves/limits " + ByteSize.ofBytes(memNeed) + " of memory in total but the engine has "
          + ByteSize.ofBytes(mem) + " (" + String.format("%.1f", mem / 1073741824.0) + " GiB)." + advice);
    }
    if (cpus > 0 && cpuNeed.compareTo(BigDecimal.valueOf(cpus)) > 0) {
      warnings.add("the stack reserves/limits " + cpuNeed.stripTrailingZeros().toPlainString()
          + " CPUs in total but the engine has " + cpus + "." + advice);
    }
  }

  // ---------------------------------------------------------------- apply

  DeployResult apply(Stack stack, DeployOptions options) {
    // images first: a pull that fails leaves nothing half-made
    new ImagePuller(this).pullFor(stack, options);
    return new Applier(this, stack, options).run();
  }

  // ---------------------------------------------------------------- operate

  List<Container> projectContainers(String project) {
    return client().listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of(Names.PROJECT + "=" + project)).exec();
  }

  void down(String project, boolean volumes, Duration timeout, Path stateDir) {
    List<Container> cs = projectContainers(project);
    List<CompletableFuture<Void>> fs = new ArrayList<>();
    for (Container c : cs) {
      fs.add(CompletableFuture.runAsync(() -> {
        try {
          if ("running".equals(c.getState()) || "restarting".equals(c.getState())) {
            var stop = client().stopContainerCmd(c.getId());
            if (timeout != null) {
              stop.withTimeout((int) timeout.toSeconds());
            }
            stop.exec(); // without a timeout: the container's own (its stop_grace_period)
          }
        } catch (NotFoundException | com.github.dockerjava.api.exception.NotModifiedException e) {
          // gone or stopped
        }
        try {
          client().removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(volumes).exec();
        } catch (NotFoundException e) {
          // gone
        } catch (ConflictException e) {
          LOG.debug("container {} is already being removed", name(c));
        }
      }, pool));
    }
    fs.forEach(Deployer::join);
    for (var n : client().listNetworksCmd().withFilter("label", List.of(Names.PROJECT + "=" + project)).exec()) {
      try {
        client().removeNetworkCmd(n.getId()).exec();
      } catch (NotFoundException e) {
        // gone
      }
    }
    if (volumes) {
      List<InspectVolumeResponse> vs = client().listVolumesCmd()
          .withFilter("label", List.of(Names.PROJECT + "=" + project)).exec().getVolumes();
      for (InspectVolumeResponse v : vs == null ? List.<InspectVolumeResponse>of() : vs) {
        try {
          client().removeVolumeCmd(v.getName()).exec();
        } catch (NotFoundException e) {
          // gone
        }
      }
      secretStore(stateDir, false).forget(project);
    }
  }

  List<ServiceStatus> status(String project) {
    List<ServiceStatus> out = new ArrayList<>();
    List<EngineReads.ContainerSummary> cs = new ArrayList<>(engine.reads().projectContainers(project));
    cs.sort(java.util.Comparator.comparing((EngineReads.ContainerSummary c) -> c.labels().getOrDefault(Names.SERVICE, ""))
        .thenComparingInt(c -> Names.number(c.labels())));
    for (EngineReads.ContainerSummary c : cs) {
      Map<String, String> l = c.labels();
      if (!"False".equalsIgnoreCase(l.getOrDefault(Names.ONEOFF, "False"))) {
        continue;
      }
      Planner.Observed o = new Planner.Observed(c.id(), c.name(), l.get(Names.SERVICE), c.state(), c.status(), l);
      List<String> ports = new ArrayList<>();
      for (Map<String, Object> p : c.ports()) {
        if (p.get("PublicPort") != null) {
          Object ip = p.get("IP");
          ports.add((ip == null ? "" : ip + ":") + p.get("PublicPort") + "->" + p.get("PrivatePort") + "/" + p.get("Type"));
        }
      }
      out.add(new ServiceStatus(o.service(), o.name(), o.id(), o.state(), Optional.ofNullable(o.health()),
          Optional.ofNullable(o.exitCode()), ports.stream().distinct().toList()));
    }
    return out;
  }

  String containerOf(String project, String service) {
    return projectContainers(project).stream()
        .filter(c -> service.equals(c.getLabels().get(Names.SERVICE))
            && "False".equalsIgnoreCase(c.getLabels().getOrDefault(Names.ONEOFF, "False")))
        // a running one first, then the lowest number (compose's exec and logs --index 1)
        .sorted(java.util.Comparator.comparing((Container c) -> !"running".equals(c.getState()))
            .thenComparingInt(c -> Names.number(c.getLabels())))
        .map(Container::getId).findFirst()
        .orElseThrow(() -> new DeployException(service, "project " + project + " has no container for service '"
            + service + "' (deployed? check the project name with status)", null));
  }

  void logs(String project, String service, int tail, boolean follow, Consumer<String> lines) {
    String id = containerOf(project, service);
    logs(id, tail, follow, lines);
  }

  void logs(String id, int tail, boolean follow, Consumer<String> lines) {
    var cmd = client().logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(follow);
    if (tail >= 0) {
      cmd.withTail(tail);
    }
    StringBuilder[] partial = {new StringBuilder(), new StringBuilder()};
    try {
      cmd.exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame f) {
          StringBuilder sb = partial[f.getStreamType() == StreamType.STDERR ? 1 : 0];
          sb.append(new String(f.getPayload(), StandardCharsets.UTF_8));
          int nl;
          while ((nl = sb.indexOf("\n")) >= 0) {
            lines.accept(sb.substring(0, nl).replace("\r", ""));
            sb.delete(0, nl + 1);
          }
        }
      }).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (StringBuilder sb : partial) {
      if (sb.length() > 0) {
        lines.accept(sb.toString());
      }
    }
  }

  /** @return the last lines of a container's log */
  String lastLogLines(String id, int n) {
    List<String> l = new ArrayList<>();
    try {
      logs(id, n, false, l::add);
    } catch (RuntimeException e) {
      return "(logs unavailable: " + e.getMessage() + ")";
    }
    return l.isEmpty() ? "(no output)" : String.join("\n  ", l);
  }

  ExecResult exec(String project, String service, List<String> command) {
    return execIn(containerOf(project, service), command, Duration.ofHours(24));
  }

  ExecResult execIn(String id, List<String> command, Duration timeout) {
    String execId = client().execCreateCmd(id).withCmd(command.toArray(String[]::new))
        .withAttachStdout(true).withAttachStderr(true).exec().getId();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      boolean done = client().execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame f) {
          synchronized (out) {
            (f.getStreamType() == StreamType.STDERR ? err : out).writeBytes(f.getPayload());
          }
        }
      }).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        return new ExecResult(-1, out.toString(StandardCharsets.UTF_8), "timed out after " + timeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExecResult(-1, "", "interrupted");
    }
    Long code = client().inspectExecCmd(execId).exec().getExitCodeLong();
    synchronized (out) {
      return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    }
  }

  void close() {
    pool.shutdownNow();
  }

  static String firstLines(String s, int n) {
    return String.join("\n", Arrays.stream(s.split("\n")).limit(n).toList());
  }
}
