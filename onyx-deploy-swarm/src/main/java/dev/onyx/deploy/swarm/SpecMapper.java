package dev.onyx.deploy.swarm;

import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.TaskRestartPolicy;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.core.internal.PartsLabel;
import dev.onyx.deploy.docker.StackInputs;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes the Swarm service spec of a stack's service ({@code POST /services/create}'s body), as
 * {@code docker stack deploy} would, with the labels that let a later apply tell whether it
 * changed. Refusals are {@link Refusals}' job: this maps what Swarm can do.
 */
final class SpecMapper {
  /** The objects of the stack a service refers to: Swarm names of its secrets and configs. */
  interface ObjectNames {
    /** @return the Swarm name of the stack's secret (or config, with {@code config} true) */
    String name(String stackName, boolean config);
  }

  /**
   * One service's spec, ready to send.
   *
   * @param spec the JSON body (secret and config ids are filled in just before sending)
   * @param specHash the hash of the whole spec (also in its labels)
   * @param taskHash the hash of the task template (also in its containers' labels)
   * @param parts short hashes of the spec's parts (also in its labels)
   */
  record Mapped(Map<String, Object> spec, String specHash, String taskHash, Map<String, String> parts) {
    /** @return the names of the parts that differ from a deployed service's parts label */
    List<String> changedParts(String deployedLabel) {
      return PartsLabel.changed(parts, deployedLabel);
    }
  }

  private final Stack stack;
  private final boolean startInterval;
  private final Path workingDir;

  /**
   * @param startInterval whether the engine takes a healthcheck's start interval (API 1.44+)
   * @param workingDir the project folder relative bind mount sources are resolved against
   */
  SpecMapper(Stack stack, boolean startInterval, Path workingDir) {
    this.stack = stack;
    this.startInterval = startInterval;
    this.workingDir = workingDir;
  }

  /**
   * @param s the service
   * @param image the image the tasks run: an id ({@code sha256:...}) or a registry reference
   * @param imageLabel the image as the user named it (the {@code com.docker.stack.image} label)
   * @param env its resolved environment ({@code KEY=VALUE})
   * @param objects the Swarm names of the stack's secrets and configs
   * @param extraLabels service labels that are not part of the spec's identity (the image id pushed)
   */
  Mapped map(Service s, String image, String imageLabel, List<String> env, ObjectNames objects,
      Map<String, String> extraLabels) {
    Map<String, Object> container = container(s, image, env, objects);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("ContainerSpec", container);
    resources(s).ifPresent(r -> task.put("Resources", r));
    Roles.restartPolicy(stack, s).ifPresent(p -> task.put("RestartPolicy", restart(p)));
    placement(s).ifPresent(p -> task.put("Placement", p));
    task.put("Networks", networks(s));
    s.logging().ifPresent(l -> task.put("LogDriver", Map.of("Name", l.driver(), "Options", l.options())));

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("Name", Names.service(stack.name(), s.name()));
    Map<String, String> labels = new LinkedHashMap<>(s.deploy().labels());
    labels.put(Names.NAMESPACE, stack.name());
    labels.put(Names.IMAGE, imageLabel);
    if (!s.dependsOn().isEmpty()) {
      labels.put(Names.DEPENDS_ON, s.dependsOn().stream()
          .map(d -> d.service() + ":" + d.condition().composeName() + ":" + d.restart())
          .collect(Collectors.joining(",")));
    }
    spec.put("Labels", labels);
    spec.put("TaskTemplate", task);
    spec.put("Mode", mode(s));
    if (!Roles.job(s)) {
      s.deploy().updateConfig().ifPresent(u -> spec.put("UpdateConfig", update(u)));
      s.deploy().rollbackConfig().ifPresent(u -> spec.put("RollbackConfig", update(u)));
    }
    endpoint(s).ifPresent(e -> spec.put("EndpointSpec", e));

    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("image", image);
    parts.put("command", Hashes.ofJson(List.of(s.entrypoint(), s.command())));
    parts.put("environment", Hashes.ofJson(new java.util.TreeSet<>(env).stream().toList()));
    parts.put("mounts", Hashes.ofJson(container.get("Mounts")));
    parts.put("secrets", Hashes.ofJson(container.get("Secrets")));
    parts.put("configs", Hashes.ofJson(container.get("Configs")));
    parts.put("healthcheck", Hashes.ofJson(container.get("Healthcheck")));
    parts.put("networks", Hashes.ofJson(task.get("Networks")));
    parts.put("resources", Hashes.ofJson(task.get("Resources")));
    parts.put("placement", Hashes.ofJson(task.get("Placement")));
    parts.put("restart", Hashes.ofJson(task.get("RestartPolicy")));
    parts.put("mode", Hashes.ofJson(spec.get("Mode")));
    parts.put("update", Hashes.ofJson(List.of(String.valueOf(spec.get("UpdateConfig")),
        String.valueOf(spec.get("RollbackConfig")))));
    parts.put("ports", Hashes.ofJson(spec.get("EndpointSpec")));
    parts.put("labels", Hashes.ofJson(List.of(labels, container.get("Labels"))));
    Map<String, Object> rest = new LinkedHashMap<>(container);
    List.of("Image", "Command", "Args", "Env", "Mounts", "Secrets", "Configs", "Healthcheck", "Labels")
        .forEach(rest::remove);
    rest.put("LogDriver", task.get("LogDriver"));
    parts.put("other", Hashes.ofJson(rest));
    parts.replaceAll((k, v) -> k.equals("image") ? Hashes.sha256(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .substring(0, 8) : v.substring(0, 8));

    String taskHash = Hashes.ofJson(task);
    @SuppressWarnings("unchecked")
    Map<String, String> containerLabels = (Map<String, String>) container.get("Labels");
    containerLabels.put(Names.TASK_HASH, taskHash);
    String specHash = Hashes.ofJson(spec);
    labels.put(Names.SPEC_HASH, specHash);
    labels.put(Names.SPEC_PARTS, parts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";")));
    labels.putAll(extraLabels);
    return new Mapped(spec, specHash, taskHash, parts);
  }

  private Map<String, Object> container(Service s, String image, List<String> env, ObjectNames objects) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("Image", image);
    Map<String, String> labels = new LinkedHashMap<>(s.labels());
    labels.put(Names.NAMESPACE, stack.name());
    c.put("Labels", labels);
    if (!s.entrypoint().isEmpty()) {
      c.put("Command", s.entrypoint());
    }
    if (!s.command().isEmpty()) {
      c.put("Args", s.command());
    }
    s.hostname().ifPresent(h -> c.put("Hostname", h));
    if (!env.isEmpty()) {
      c.put("Env", env);
    }
    s.workingDir().ifPresent(d -> c.put("Dir", d));
    s.user().ifPresent(u -> c.put("User", u));
    if (s.tty()) {
      c.put("TTY", true);
    }
    if (s.stdinOpen()) {
      c.put("OpenStdin", true);
    }
    if (s.readOnly()) {
      c.put("ReadOnly", true);
    }
    List<Object> mounts = mounts(s);
    if (!mounts.isEmpty()) {
      c.put("Mounts", mounts);
    }
    s.stopSignal().ifPresent(x -> c.put("StopSignal", x));
    s.stopGracePeriod().ifPresent(d -> c.put("StopGracePeriod", d.toNanos()));
    s.healthcheck().ifPresent(h -> c.put("Healthcheck", healthcheck(h)));
    if (!s.extraHosts().isEmpty()) {
      c.put("Hosts", s.extraHosts().stream().map(h -> h.address() + " " + h.host()).toList());
    }
    if (!s.dns().isEmpty() || !s.dnsOpt().isEmpty() || !s.dnsSearch().isEmpty()) {
      Map<String, Object> dns = new LinkedHashMap<>();
      if (!s.dns().isEmpty()) {
        dns.put("Nameservers", s.dns());
      }
      if (!s.dnsSearch().isEmpty()) {
        dns.put("Search", s.dnsSearch());
      }
      if (!s.dnsOpt().isEmpty()) {
        dns.put("Options", s.dnsOpt());
      }
      c.put("DNSConfig", dns);
    }
    if (!s.groupAdd().isEmpty()) {
      c.put("Groups", s.groupAdd());
    }
    s.isolation().ifPresent(i -> c.put("Isolation", i));
    List<Object> secrets = files(s, s.secrets(), false, objects);
    if (!secrets.isEmpty()) {
      c.put("Secrets", secrets);
    }
    List<Object> configs = files(s, s.configs(), true, objects);
    if (!configs.isEmpty()) {
      c.put("Configs", configs);
    }
    s.init().ifPresent(i -> c.put("Init", i));
    if (!s.sysctls().isEmpty()) {
      c.put("Sysctls", s.sysctls());
    }
    if (!s.capAdd().isEmpty()) {
      c.put("CapabilityAdd", s.capAdd());
    }
    if (!s.capDrop().isEmpty()) {
      c.put("CapabilityDrop", s.capDrop());
    }
    if (!s.ulimits().isEmpty()) {
      c.put("Ulimits", s.ulimits().stream().map(u -> Map.of("Name", u.name(), "Soft", u.soft(), "Hard", u.hard()))
          .toList());
    }
    return c;
  }

  private List<Object> mounts(Service s) {
    List<Object> out = new ArrayList<>();
    boolean shm = false;
    for (Mount m : s.mounts()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("Target", m.target());
      shm |= m.target().equals("/dev/shm");
      switch (m.type()) {
        case VOLUME -> {
          x.put("Type", "volume");
          if (m.source().isPresent()) {
            x.put("Source", Names.volume(stack, m.source().get()));
            Optional<Volume> v = stack.volume(m.source().get());
            if (v.isPresent() && !v.get().external()) {
              Map<String, Object> opts = new LinkedHashMap<>();
              Map<String, String> labels = new LinkedHashMap<>(v.get().labels());
              labels.put(Names.NAMESPACE, stack.name());
              opts.put("Labels", labels);
              if (v.get().driver().isPresent() || !v.get().driverOptions().isEmpty()) {
                opts.put("DriverConfig", Map.of("Name", v.get().driver().orElse("local"),
                    "Options", v.get().driverOptions()));
              }
              x.put("VolumeOptions", opts);
            }
          }
        }
        case BIND -> {
          x.put("Type", "bind");
          x.put("Source", workingDir.resolve(m.source().orElseThrow()).normalize().toString());
        }
        case TMPFS -> {
          x.put("Type", "tmpfs");
          m.tmpfsSize().ifPresent(b -> x.put("TmpfsOptions", Map.of("SizeBytes", b.bytes())));
        }
      }
      if (m.readOnly()) {
        x.put("ReadOnly", true);
      }
      out.add(x);
    }
    for (Tmpfs t : s.tmpfs()) {
      shm |= t.target().equals("/dev/shm");
      out.add(tmpfs(t));
    }
    if (s.shmSize().isPresent() && !shm) {
      // Swarm's container spec has no shm size: a tmpfs of that size at /dev/shm is the same thing.
      out.add(Map.of("Type", "tmpfs", "Target", "/dev/shm",
          "TmpfsOptions", Map.of("SizeBytes", s.shmSize().get().bytes())));
    }
    return out;
  }

  /** A service's {@code tmpfs:} entry as a tmpfs mount: its {@code size=} and {@code mode=} options. */
  static Map<String, Object> tmpfs(Tmpfs t) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("Type", "tmpfs");
    x.put("Target", t.target());
    Map<String, Object> options = new LinkedHashMap<>();
    for (String o : t.options()) {
      int eq = o.indexOf('=');
      String key = eq < 0 ? o : o.substring(0, eq);
      String value = eq < 0 ? "" : o.substring(eq + 1);
      if (key.equals("size")) {
        options.put("SizeBytes", ByteSize.parse(value).bytes());
      } else if (key.equals("mode")) {
        options.put("Mode", Long.parseLong(value, 8));
      }
    }
    if (!options.isEmpty()) {
      x.put("TmpfsOptions", options);
    }
    return x;
  }

  private List<Object> files(Service s, List<FileReference> refs, boolean config, ObjectNames objects) {
    int[] owner = StackInputs.secretOwner(s);
    List<Object> out = new ArrayList<>();
    for (FileReference r : refs) {
      Map<String, Object> file = new LinkedHashMap<>();
      // A secret's relative target lands in /run/secrets (Swarm's own rule); a config's default is /NAME.
      file.put("Name", config ? r.configPath() : r.target().orElse(r.source()));
      file.put("UID", r.uid().orElse(config ? "0" : Integer.toString(owner[0])));
      file.put("GID", r.gid().orElse(config ? "0" : Integer.toString(owner[1])));
      file.put("Mode", r.mode().orElse(config ? 0444 : 0400));
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("File", file);
      ref.put(config ? "ConfigID" : "SecretID", "");
      ref.put(config ? "ConfigName" : "SecretName", objects.name(r.source(), config));
      out.add(ref);
    }
    return out;
  }

  private Map<String, Object> healthcheck(Healthcheck h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Test", h.engineTest());
    h.interval().ifPresent(d -> m.put("Interval", d.toNanos()));
    h.timeout().ifPresent(d -> m.put("Timeout", d.toNanos()));
    h.retries().ifPresent(r -> m.put("Retries", r));
    h.startPeriod().ifPresent(d -> m.put("StartPeriod", d.toNanos()));
    if (startInterval) {
      h.startInterval().ifPresent(d -> m.put("StartInterval", d.toNanos()));
    }
    return m;
  }

  private static Optional<Map<String, Object>> resources(Service s) {
    Map<String, Object> limits = spec(s.resources().limits(), true);
    Map<String, Object> reservations = spec(s.resources().reservations(), false);
    if (limits.isEmpty() && reservations.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = new LinkedHashMap<>();
    if (!limits.isEmpty()) {
      r.put("Limits", limits);
    }
    if (!reservations.isEmpty()) {
      r.put("Reservations", reservations);
    }
    return Optional.of(r);
  }

  private static Map<String, Object> spec(ResourceSpec r, boolean limits) {
    Map<String, Object> m = new LinkedHashMap<>();
    r.cpus().ifPresent(c -> m.put("NanoCPUs", c.multiply(BigDecimal.valueOf(1_000_000_000L)).longValue()));
    r.memory().ifPresent(b -> m.put("MemoryBytes", b.bytes()));
    if (limits) {
      r.pids().ifPresent(p -> m.put("Pids", p));
    }
    return m;
  }

  private static Map<String, Object> restart(TaskRestartPolicy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    p.condition().ifPresent(c -> m.put("Condition", c.composeName()));
    p.delay().ifPresent(d -> m.put("Delay", d.toNanos()));
    p.maxAttempts().ifPresent(n -> m.put("MaxAttempts", n));
    p.window().ifPresent(d -> m.put("Window", d.toNanos()));
    return m;
  }

  private static Optional<Map<String, Object>> placement(Service s) {
    Placement p = s.deploy().placement();
    Map<String, Object> m = new LinkedHashMap<>();
    if (!p.constraints().isEmpty()) {
      m.put("Constraints", p.constraints());
    }
    if (!p.preferences().isEmpty()) {
      m.put("Preferences", p.preferences().stream().map(x -> Map.of("Spread", Map.of("SpreadDescriptor", x)))
          .toList());
    }
    p.maxReplicasPerNode().ifPresent(n -> m.put("MaxReplicas", n));
    s.platform().ifPresent(pl -> {
      String[] osArch = pl.split("/");
      Map<String, String> platform = new LinkedHashMap<>();
      if (osArch.length > 1) {
        platform.put("Architecture", osArch[1]);
      }
      platform.put("OS", osArch[0]);
      m.put("Platforms", List.of(platform));
    });
    return m.isEmpty() ? Optional.empty() : Optional.of(m);
  }

  private List<Object> networks(Service s) {
    List<Object> out = new ArrayList<>();
    if (s.networkMode().isPresent()) {
      // host and none: the predefined networks of that name (Refusals refuses the other modes)
      out.add(Map.of("Target", s.networkMode().get()));
      return out;
    }
    for (String n : s.networkNames()) {
      List<String> aliases = new ArrayList<>();
      aliases.add(s.name());
      s.networks().stream().filter(a -> a.network().equals(n)).findFirst().map(NetworkAttachment::aliases)
          .ifPresent(a -> a.stream().filter(x -> !aliases.contains(x)).forEach(aliases::add));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Target", Names.network(stack, n));
      m.put("Aliases", aliases);
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> mode(Service s) {
    Deploy d = s.deploy();
    return switch (Roles.mode(s)) {
      case REPLICATED -> Map.of("Replicated", Map.of("Replicas", d.replicaCount()));
      case GLOBAL -> Map.of("Global", Map.of());
      case REPLICATED_JOB -> Map.of("ReplicatedJob", Map.of("MaxConcurrent", d.replicaCount(),
          "TotalCompletions", d.replicaCount()));
      case GLOBAL_JOB -> Map.of("GlobalJob", Map.of());
    };
  }

  /** An update or rollback config with Swarm's CLI defaults for what is unset (the API's are 0s). */
  private static Map<String, Object> update(UpdateConfig u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Parallelism", u.parallelism().orElse(1));
    m.put("Delay", u.delay().orElse(Duration.ZERO).toNanos());
    m.put("FailureAction", u.failureAction().orElse(UpdateConfig.FailureAction.PAUSE).composeName());
    m.put("Monitor", u.monitor().orElse(Duration.ofSeconds(5)).toNanos());
    m.put("MaxFailureRatio", u.maxFailureRatio().orElse(0.0));
    m.put("Order", u.order().orElse(UpdateConfig.Order.STOP_FIRST).composeName());
    return m;
  }

  private static Optional<Map<String, Object>> endpoint(Service s) {
    List<Object> ports = new ArrayList<>();
    for (PortMapping p : s.ports()) {
      for (int i = 0; i < p.containerPorts().size(); i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Protocol", p.protocol().composeName());
        m.put("TargetPort", p.containerPorts().start() + i);
        if (p.hostPorts().isPresent()) {
          m.put("PublishedPort", p.hostPorts().get().start() + Math.min(i, p.hostPorts().get().size() - 1));
        }
        m.put("PublishMode", "ingress");
        ports.add(m);
      }
    }
    Optional<Deploy.EndpointMode> mode = s.deploy().endpointMode();
    if (ports.isEmpty() && mode.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("Mode", mode.orElse(Deploy.EndpointMode.VIP).composeName());
    if (!ports.isEmpty()) {
      e.put("Ports", ports);
    }
    return Optional.of(e);
  }

  /** Fills the secret and config ids into a mapped spec, by object name, just before it is sent. */
  @SuppressWarnings("unchecked")
  static void fillIds(Map<String, Object> spec, Map<String, String> idsByName) {
    Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) spec.get("TaskTemplate")).get("ContainerSpec");
    for (String[] k : new String[][] {{"Secrets", "SecretName", "SecretID"}, {"Configs", "ConfigName", "ConfigID"}}) {
      for (Object o : (List<Object>) c.getOrDefault(k[0], List.of())) {
        Map<String, Object> ref = (Map<String, Object>) o;
        ref.put(k[2], idsByName.getOrDefault((String) ref.get(k[1]), ""));
      }
    }
  }
}
