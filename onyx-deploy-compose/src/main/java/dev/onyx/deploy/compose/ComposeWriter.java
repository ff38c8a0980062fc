package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YamlEmitter.Octal;
import dev.onyx.deploy.compose.YamlEmitter.Raw;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.EnvFile;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.OnyxDeployException;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.Volume;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Stack} as a Compose Specification document ({@code compose.yaml}), the form
 * {@code docker compose} reads today: no obsolete {@code version:} key; top-level {@code name},
 * {@code services}, {@code networks}, {@code volumes}, {@code secrets}, {@code configs}.
 *
 * <pre>
 * String yaml = ComposeWriter.create().toYaml(stack);
 * </pre>
 *
 * <p>What it guarantees:
 * <ul>
 *   <li><b>Every field of the model is written</b>, with the compose key named in {@link Service}'s
 *       Javadoc. Short syntax is used where it says the same thing (ports, volumes, secrets), the long
 *       syntax where the short one would lose information (a port name, an IPv6 host address, a bind
 *       source that is not a path, a tmpfs size, an SELinux label on an anonymous volume, file owner
 *       and mode...); an SELinux relabel option is {@code :z} / {@code :Z} in the short syntax
 *       ({@code :ro,Z} with read-only) and {@code bind.selinux} in the long one. {@code depends_on} is always
 *       the long form with its {@code condition} ({@code required: false} and {@code restart: true}
 *       when set). Option-less tmpfs mounts at the end of the mount list are written under
 *       {@code tmpfs:}; other tmpfs mounts in the long syntax of {@code volumes:}.</li>
 *   <li><b>Deterministic</b>: the same stack always gives byte-identical text; services, volumes,
 *       networks, secrets, configs, variables and labels in declaration order, keys of a service in a
 *       fixed order. (Maps are written in the model's iteration order: the builders keep insertion order,
 *       but a map made with {@code Map.of} has no stable order from one JVM to the next, so give the
 *       model {@code LinkedHashMap}s for files that are reproducible across runs.) Durations are
 *       written as compose does ({@code 30s}, {@code 1m30s}, {@code 500ms}), sizes as
 *       {@link dev.onyx.deploy.core.ByteSize#toString()} ({@code 512m}, {@code 2g}).</li>
 *   <li><b>Escaped so compose reads back exactly the model</b>: every {@code $} of a value becomes
 *       {@code $$} (compose interpolates values), strings YAML would read as a boolean, number or null
 *       ({@code "yes"}, {@code "on"}, {@code "1.0"}, {@code "null"}, {@code ""}) are quoted, multi-line
 *       values are written double-quoted with escapes. An environment value that is null in the model
 *       (taken from the deploying environment) is written as {@code KEY:} with no value.</li>
 *   <li><b>Secret values never appear</b>: a {@link Secret.Source#GENERATED generated} or
 *       {@link Secret.Source#VALUE given} secret is written as {@code file: ./secrets/NAME} (the
 *       {@link ComposeProject project writer} writes that file), a {@link Secret.Source#FILE file}
 *       secret keeps its path, an {@link Secret.Source#ENVIRONMENT environment} secret is written as
 *       {@code environment: VAR}. A service's {@code secretEnvironment} entry {@code VAR -> secret} is
 *       written as {@code VAR: ${NAME}}, where {@code NAME} is derived from the secret's name
 *       (upper-cased, other characters than letters and digits turned into {@code _}: {@code
 *       db-password} gives {@code DB_PASSWORD}) and its value lives in the project's {@code .env}
 *       (an environment secret uses its own variable).</li>
 *   <li>Inline configs are written as {@code file: ./config/FILE_NAME} (the project writer writes the
 *       content there); file configs keep their path.</li>
 * </ul>
 *
 * <p>Not expressible in compose and reported as a {@link ComposeFormatException}: a {@code pids}
 * reservation (compose has {@code pids} only under {@code limits}). Lossy, by compose's own limits: a
 * port name on a container port <em>range</em> (the long syntax has no ranges, so the short one is
 * written without the name).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ComposeWriter {
  private static final ComposeWriter DEFAULT = new ComposeWriter();

  private ComposeWriter() {}

  /** @return a writer (stateless, may be shared) */
  public static ComposeWriter create() {
    return DEFAULT;
  }

  /**
   * @param stack the stack
   * @return the compose document, UTF-8 text ending with a newline
   * @throws ComposeFormatException if the stack holds something compose cannot express
   */
  public String toYaml(Stack stack) {
    Objects.requireNonNull(stack, "stack == null");
    return YamlEmitter.emit(document(stack));
  }

  /**
   * The oldest Docker Compose that can run what {@link #toYaml(Stack)} writes for this stack with
   * {@code docker compose up -d --wait}: computed from the features the written document uses
   * ({@code env_file} with {@code required: false} needs 2.24.0, a {@code depends_on} with
   * {@code required: false} 2.20.0, ...), at least 2.1.1 ({@code up --wait}).
   *
   * @param stack the stack
   * @return the minimum version and the features that set it
   */
  public ComposeRequirement requirement(Stack stack) {
    Objects.requireNonNull(stack, "stack == null");
    return ComposeRequirement.of(document(stack));
  }

  /**
   * Writes {@link #toYaml(Stack)} to {@code out} (not closed; flushed).
   *
   * @param stack the stack
   * @param out where the document goes
   * @throws ComposeFormatException if the stack holds something compose cannot express
   * @throws OnyxDeployException if writing fails (the cause is the {@link IOException})
   */
  public void write(Stack stack, Writer out) {
    Objects.requireNonNull(out, "out == null");
    String yaml = toYaml(stack);
    try {
      out.write(yaml);
      out.flush();
    } catch (IOException e) {
      throw new OnyxDeployException("cannot write the compose document of stack '" + stack.name()
          + "': " + e, e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  Map<String, Object> document(Stack stack) {
    Map<String, String> secretVars = SecretVariables.of(stack);
    Map<String, String> configFiles = ProjectLayout.configFiles(stack);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", stack.name());
    Map<String, Object> services = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      services.put(s.name(), service(s, secretVars));
    }
    doc.put("services", services);
    if (!stack.networks().isEmpty()) {
      Map<String, Object> nets = new LinkedHashMap<>();
      stack.networks().forEach(n -> nets.put(n.name(), network(n)));
      doc.put("networks", nets);
    }
    if (!stack.volumes().isEmpty()) {
      Map<String, Object> vols = new LinkedHashMap<>();
      stack.volumes().forEach(v -> vols.put(v.name(), volume(v)));
      doc.put("volumes", vols);
    }
    if (!stack.secrets().isEmpty()) {
      Map<String, Object> secs = new LinkedHashMap<>();
      for (Secret s : stack.secrets()) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (s.source()) {
          case GENERATED, VALUE -> m.put("file", "./" + ProjectLayout.secretFile(s));
          case FILE -> m.put("file", s.location().orElseThrow());
          case ENVIRONMENT -> m.put("environment", s.location().orElseThrow());
          default -> throw new AssertionError(s.source());
        }
        secs.put(s.name(), m);
      }
      doc.put("secrets", secs);
    }
    if (!stack.configs().isEmpty()) {
      Map<String, Object> cfgs = new LinkedHashMap<>();
      for (ConfigFile c : stack.configs()) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.content().isPresent()) {
          m.put("file", "./" + configFiles.get(c.name()));
        } else {
          m.put("file", c.file().orElseThrow(() -> new OnyxDeployException(
              "config '" + c.name() + "' has neither content nor a file")));
        }
        cfgs.put(c.name(), m);
      }
      doc.put("configs", cfgs);
    }
    return doc;
  }

  private static Map<String, Object> service(Service s, Map<String, String> secretVars) {
    String p = "services." + s.name();
    Map<String, Object> m = new LinkedHashMap<>();
    s.image().ifPresent(v -> m.put("image", v));
    s.build().ifPresent(b -> m.put("build", build(b)));
    s.pullPolicy().ifPresent(v -> m.put("pull_policy", v));
    s.platform().ifPresent(v -> m.put("platform", v));
    s.containerName().ifPresent(v -> m.put("container_name", v));
    s.hostname().ifPresent(v -> m.put("hostname", v));
    if (!s.entrypoint().isEmpty()) {
      m.put("entrypoint", new ArrayList<Object>(s.entrypoint()));
    }
    if (!s.command().isEmpty()) {
      m.put("command", new ArrayList<Object>(s.command()));
    }
    s.workingDir().ifPresent(v -> m.put("working_dir", v));
    s.user().ifPresent(v -> m.put("user", v));
    if (!s.environment().isEmpty() || !s.secretEnvironment().isEmpty()) {
      Map<String, Object> env = new LinkedHashMap<>();
      s.environment().forEach(env::put);
      s.secretEnvironment().forEach((k, secret) -> {
        String var = secretVars.get(secret);
        if (var == null) {
          throw new ComposeFormatException(null, 0, 0, p + ".environment." + k,
              "no such secret '" + secret + "'");
        }
        env.put(k, new Raw("${" + var + "}"));
      });
      m.put("environment", env);
    }
    if (!s.envFiles().isEmpty()) {
      List<Object> files = new ArrayList<>();
      for (EnvFile f : s.envFiles()) {
        if (f.required()) {
          files.add(f.path());
        } else {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("path", f.path());
          e.put("required", false);
          files.add(e);
        }
      }
      m.put("env_file", files);
    }
    if (!s.ports().isEmpty()) {
      List<Object> ports = new ArrayList<>();
      s.ports().forEach(pm -> ports.add(port(pm)));
      m.put("ports", ports);
    }
    if (!s.expose().isEmpty()) {
      m.put("expose", new ArrayList<Object>(s.expose()));
    }
    mounts(s.mounts(), m);
    if (!s.networks().isEmpty()) {
      boolean simple = s.networks().stream()
          .allMatch(n -> n.aliases().isEmpty() && n.ipv4Address().isEmpty());
      if (simple) {
        List<Object> nets = new ArrayList<>();
        s.networks().forEach(n -> nets.add(n.network()));
        m.put("networks", nets);
      } else {
        Map<String, Object> nets = new LinkedHashMap<>();
        for (NetworkAttachment n : s.networks()) {
          Map<String, Object> a = new LinkedHashMap<>();
          if (!n.aliases().isEmpty()) {
            a.put("aliases", new ArrayList<Object>(n.aliases()));
          }
          n.ipv4Address().ifPresent(ip -> a.put("ipv4_address", ip));
          nets.put(n.network(), a);
        }
        m.put("networks", nets);
      }
    }
    s.networkMode().ifPresent(v -> m.put("network_mode", v));
    if (!s.extraHosts().isEmpty()) {
      List<Object> hosts = new ArrayList<>();
      for (ExtraHost h : s.extraHosts()) {
        hosts.add(h.host() + "=" + h.address());
      }
      m.put("extra_hosts", hosts);
    }
    if (!s.dns().isEmpty()) {
      m.put("dns", new ArrayList<Object>(s.dns()));
    }
    if (!s.dependsOn().isEmpty()) {
      Map<String, Object> deps = new LinkedHashMap<>();
      for (DependsOn d : s.dependsOn()) {
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("condition", d.condition().composeName());
        if (!d.required()) {
          dm.put("required", false);
        }
        if (d.restart()) {
          dm.put("restart", true);
        }
        deps.put(d.service(), dm);
      }
      m.put("depends_on", deps);
    }
    s.healthcheck().ifPresent(h -> m.put("healthcheck", healthcheck(h)));
    if (!s.resources().isEmpty()) {
      Map<String, Object> deploy = new LinkedHashMap<>();
      deploy.put("resources", resources(s.resources(), p + ".deploy.resources"));
      m.put("deploy", deploy);
    }
    s.restart().ifPresent(r -> m.put("restart", r.toString()));
    if (!s.labels().isEmpty()) {
      m.put("labels", new LinkedHashMap<String, Object>(s.labels()));
    }
    s.logging().ifPresent(l -> m.put("logging", logging(l)));
    if (!s.ulimits().isEmpty()) {
      Map<String, Object> ul = new LinkedHashMap<>();
      for (Ulimit u : s.ulimits()) {
        if (u.soft() == u.hard()) {
          ul.put(u.name(), u.soft());
        } else {
          Map<String, Object> sh = new LinkedHashMap<>();
          sh.put("soft", u.soft());
          sh.put("hard", u.hard());
          ul.put(u.name(), sh);
        }
      }
      m.put("ulimits", ul);
    }
    s.shmSize().ifPresent(z -> m.put("shm_size", z.toString()));
    s.stopGracePeriod().ifPresent(d -> m.put("stop_grace_period", ComposeDurations.format(d)));
    s.stopSignal().ifPresent(v -> m.put("stop_signal", v));
    s.init().ifPresent(v -> m.put("init", v));
    if (s.readOnly()) {
      m.put("read_only", true);
    }
    if (s.privileged()) {
      m.put("privileged", true);
    }
    if (s.tty()) {
      m.put("tty", true);
    }
    if (s.stdinOpen()) {
      m.put("stdin_open", true);
    }
    if (!s.capAdd().isEmpty()) {
      m.put("cap_add", new ArrayList<Object>(s.capAdd()));
    }
    if (!s.capDrop().isEmpty()) {
      m.put("cap_drop", new ArrayList<Object>(s.capDrop()));
    }
    if (!s.securityOpt().isEmpty()) {
      m.put("security_opt", new ArrayList<Object>(s.securityOpt()));
    }
    if (!s.sysctls().isEmpty()) {
      m.put("sysctls", new LinkedHashMap<String, Object>(s.sysctls()));
    }
    if (!s.devices().isEmpty()) {
      m.put("devices", new ArrayList<Object>(s.devices()));
    }
    s.runtime().ifPresent(v -> m.put("runtime", v));
    if (!s.profiles().isEmpty()) {
      m.put("profiles", new ArrayList<Object>(s.profiles()));
    }
    if (!s.secrets().isEmpty()) {
      m.put("secrets", fileReferences(s.secrets()));
    }
    if (!s.configs().isEmpty()) {
      m.put("configs", fileReferences(s.configs()));
    }
    return m;
  }

  private static Object build(Build b) {
    if (b.dockerfile().isEmpty() && b.args().isEmpty() && b.target().isEmpty()) {
      return b.context();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("context", b.context());
    b.dockerfile().ifPresent(v -> m.put("dockerfile", v));
    if (!b.args().isEmpty()) {
      m.put("args", new LinkedHashMap<String, Object>(b.args()));
    }
    b.target().ifPresent(v -> m.put("target", v));
    return m;
  }

  /**
   * Short syntax {@code [IP:][HOST:]CONTAINER[/PROTO]} (an IPv6 address in brackets) unless it would
   * lose or confuse something: a name, an IPv6 or empty host address on a single port.
   */
  static Object port(PortMapping pm) {
    boolean ipv6 = pm.hostIp().filter(ip -> ip.contains(":")).isPresent();
    boolean needsLong = (pm.name().isPresent() || ipv6 || pm.hostIp().filter(String::isEmpty).isPresent())
        && pm.containerPorts().isSingle();
    if (!needsLong) {
      StringBuilder sb = new StringBuilder();
      pm.hostIp().ifPresent(ip -> sb.append(ip.contains(":") ? "[" + ip + "]" : ip).append(':'));
      if (pm.hostPorts().isPresent()) {
        sb.append(pm.hostPorts().get()).append(':');
      } else if (pm.hostIp().isPresent()) {
        sb.append(':');
      }
      sb.append(pm.containerPorts());
      if (pm.protocol() != Protocol.TCP) {
        sb.append('/').append(pm.protocol().composeName());
      }
      return sb.toString();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    pm.name().ifPresent(n -> m.put("name", n));
    m.put("target", pm.containerPorts().start());
    pm.hostIp().ifPresent(ip -> m.put("host_ip", ip));
    pm.hostPorts().ifPresent(h -> m.put("published", h.toString()));
    m.put("protocol", pm.protocol().composeName());
    return m;
  }

  private static void mounts(List<Mount> mounts, Map<String, Object> service) {
    // Trailing option-less tmpfs mounts go under `tmpfs:` (read back after `volumes:`, same order).
    int tail = mounts.size();
    while (tail > 0 && isPlainTmpfs(mounts.get(tail - 1))) {
      tail--;
    }
    List<Object> volumes = new ArrayList<>();
    for (int i = 0; i < tail; i++) {
      volumes.add(mount(mounts.get(i)));
    }
    if (!volumes.isEmpty()) {
      service.put("volumes", volumes);
    }
    if (tail < mounts.size()) {
      List<Object> tmpfs = new ArrayList<>();
      for (int i = tail; i < mounts.size(); i++) {
        tmpfs.add(mounts.get(i).target());
      }
      service.put("tmpfs", tmpfs);
    }
  }

  private static boolean isPlainTmpfs(Mount m) {
    return m.type() == Mount.Type.TMPFS && !m.readOnly() && m.tmpfsSize().isEmpty() && m.selinux().isEmpty()
        && !m.target().contains(":");
  }

  static Object mount(Mount m) {
    if (m.target().contains(":") || m.target().isEmpty()) {
      return longMount(m);
    }
    switch (m.type()) {
      case VOLUME -> {
        if (m.source().isEmpty()) {
          return m.readOnly() || m.selinux().isPresent() ? longMount(m) : m.target();
        }
        String src = m.source().get();
        if (src.contains(":") || src.startsWith(".") || src.startsWith("/") || src.startsWith("~")) {
          return longMount(m);
        }
        return src + ":" + m.target() + shortOptions(m);
      }
      case BIND -> {
        String src = m.source().orElse("");
        boolean pathLike = src.startsWith("/") || src.startsWith("./") || src.startsWith("../")
            || src.equals(".") || src.equals("..") || src.startsWith("~/") || src.equals("~");
        if (!pathLike || src.contains(":")) {
          return longMount(m);
        }
        return src + ":" + m.target() + shortOptions(m);
      }
      case TMPFS -> {
        return longMount(m);
      }
      default -> throw new AssertionError(m.type());
    }
  }

  /** The short syntax's mode suffix: {@code :ro}, {@code :z}, {@code :ro,Z} or nothing. */
  private static String shortOptions(Mount m) {
    List<String> opts = new ArrayList<>();
    if (m.readOnly()) {
      opts.add("ro");
    }
    m.selinux().ifPresent(l -> opts.add(l.option()));
    return opts.isEmpty() ? "" : ":" + String.join(",", opts);
  }

  private static Map<String, Object> longMount(Mount m) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("type", m.type().name().toLowerCase(java.util.Locale.ROOT));
    m.source().ifPresent(src -> v.put("source", src));
    v.put("target", m.target());
    if (m.readOnly()) {
      v.put("read_only", true);
    }
    Map<String, Object> bind = new LinkedHashMap<>();
    // compose reads `bind.selinux` on every mount type (the short syntax's `:z` on a volume, too)
    m.selinux().ifPresent(l -> bind.put("selinux", l.option()));
    if (m.type() == Mount.Type.BIND) {
      // The short syntax creates a missing host folder; keep that behaviour in the long one.
      bind.put("create_host_path", true);
    }
    if (!bind.isEmpty()) {
      v.put("bind", bind);
    }
    m.tmpfsSize().ifPresent(z -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("size", z.toString());
      v.put("tmpfs", t);
    });
    return v;
  }

  private static Map<String, Object> healthcheck(Healthcheck h) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (h.kind() == Healthcheck.Kind.NONE) {
      m.put("disable", true);
      return m;
    }
    m.put("test", new ArrayList<Object>(h.engineTest()));
    h.interval().ifPresent(d -> m.put("interval", duration(d)));
    h.timeout().ifPresent(d -> m.put("timeout", duration(d)));
    h.retries().ifPresent(r -> m.put("retries", r));
    h.startPeriod().ifPresent(d -> m.put("start_period", duration(d)));
    h.startInterval().ifPresent(d -> m.put("start_interval", duration(d)));
    return m;
  }

  private static String duration(Duration d) {
    return ComposeDurations.format(d);
  }

  private static Map<String, Object> resources(Resources r, String path) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!r.limits().isEmpty()) {
      m.put("limits", spec(r.limits()));
    }
    if (r.reservations().pids().isPresent()) {
      throw new ComposeFormatException(null, 0, 0, path + ".reservations.pids",
          "compose has no pids reservation (pids is a limit only): move it to the limits");
    }
    if (!r.reservations().isEmpty() || !r.devices().isEmpty()) {
      Map<String, Object> res = spec(r.reservations());
      if (!r.devices().isEmpty()) {
        List<Object> devs = new ArrayList<>();
        r.devices().forEach(d -> devs.add(device(d)));
        res.put("devices", devs);
      }
      m.put("reservations", res);
    }
    return m;
  }

  private static Map<String, Object> spec(ResourceSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    s.cpus().ifPresent(c -> m.put("cpus", c));
    s.memory().ifPresent(z -> m.put("memory", z.toString()));
    s.pids().ifPresent(n -> m.put("pids", n));
    return m;
  }

  private static Map<String, Object> device(DeviceRequest d) {
    Map<String, Object> m = new LinkedHashMap<>();
    d.driver().ifPresent(v -> m.put("driver", v));
    d.count().ifPresent(c -> m.put("count", c == -1 ? (Object) "all" : (Object) c));
    if (!d.deviceIds().isEmpty()) {
      m.put("device_ids", new ArrayList<Object>(d.deviceIds()));
    }
    m.put("capabilities", new ArrayList<Object>(d.capabilities()));
    if (!d.options().isEmpty()) {
      m.put("options", new LinkedHashMap<String, Object>(d.options()));
    }
    return m;
  }

  private static Map<String, Object> logging(Logging l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driver", l.driver());
    if (!l.options().isEmpty()) {
      m.put("options", new LinkedHashMap<String, Object>(l.options()));
    }
    return m;
  }

  private static List<Object> fileReferences(List<FileReference> refs) {
    List<Object> list = new ArrayList<>();
    for (FileReference r : refs) {
      if (r.target().isEmpty() && r.uid().isEmpty() && r.gid().isEmpty() && r.mode().isEmpty()) {
        list.add(r.source());
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", r.source());
      r.target().ifPresent(t -> m.put("target", t));
      r.uid().ifPresent(u -> m.put("uid", u));
      r.gid().ifPresent(g -> m.put("gid", g));
      r.mode().ifPresent(mode -> m.put("mode", new Octal(mode)));
      list.add(m);
    }
    return list;
  }

  private static Map<String, Object> network(Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    n.customName().ifPresent(v -> m.put("name", v));
    if (n.external()) {
      m.put("external", true);
    }
    n.driver().ifPresent(v -> m.put("driver", v));
    if (!n.driverOptions().isEmpty()) {
      m.put("driver_opts", new LinkedHashMap<String, Object>(n.driverOptions()));
    }
    if (n.internal()) {
      m.put("internal", true);
    }
    if (n.attachable()) {
      m.put("attachable", true);
    }
    if (!n.subnets().isEmpty()) {
      List<Object> config = new ArrayList<>();
      for (String subnet : n.subnets()) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("subnet", subnet);
        config.add(c);
      }
      Map<String, Object> ipam = new LinkedHashMap<>();
      ipam.put("config", config);
      m.put("ipam", ipam);
    }
    if (!n.labels().isEmpty()) {
      m.put("labels", new LinkedHashMap<String, Object>(n.labels()));
    }
    return m;
  }

  private static Map<String, Object> volume(Volume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    v.customName().ifPresent(x -> m.put("name", x));
    if (v.external()) {
      m.put("external", true);
    }
    v.driver().ifPresent(x -> m.put("driver", x));
    if (!v.driverOptions().isEmpty()) {
      m.put("driver_opts", new LinkedHashMap<String, Object>(v.driverOptions()));
    }
    if (!v.labels().isEmpty()) {
      m.put("labels", new LinkedHashMap<String, Object>(v.labels()));
    }
    return m;
  }
}
