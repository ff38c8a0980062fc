package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.BlkioConfig;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ContainerLimits;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.ServiceHook;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Ulimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration hash of a service: SHA-256 of an explicit, versioned, canonical text of what
 * shapes its container, so that a deploy recreates a container exactly when its configuration
 * changed, and an upgrade of the library does not.
 *
 * <p>The text is {@value #VERSION} and a newline, then one {@code key=value} line per attribute, in
 * the fixed order below, each written only when it is not at its default: an attribute added to the
 * model later, left at its default, adds no line and leaves every existing hash as it was. Values
 * are canonical: strings JSON-quoted, lists in order, maps sorted by key, durations in nanoseconds,
 * sizes in bytes. The lines are grouped in parts ({@code image}, {@code command},
 * {@code environment}...) whose own short hashes go in a label, so a plan can say what changed.
 *
 * <p>Left out, as compose's own hash leaves them out, so that scaling or reordering never recreates
 * a container: the build, {@code pull_policy}, {@code scale} and {@code deploy.replicas},
 * {@code depends_on} and {@code profiles}. Also left out: what does not shape the container here
 * (the Swarm-only parts of {@code deploy}, {@code attach}, {@code develop}, {@code x-} fields), and
 * the limits the engine changes in place ({@code cpus}, memory limit and reservation, pids: the
 * resources label).
 */
final class ConfigHash {
  /** The first line of the hashed text; a new format gets a new version. */
  static final String VERSION = "onyx-config-hash/1";

  private ConfigHash() {}

  /**
   * @return part name to its canonical lines, every part present (possibly with no lines), in the
   *     fixed order
   */
  static Map<String, List<String>> lines(Stack stack, Service s, String imageRef, String imageId, List<String> env,
      List<ServiceSpec.FileEntry> files) {
    Map<String, List<String>> parts = new LinkedHashMap<>();
    Lines image = part(parts, "image");
    image.add("image", imageId != null ? imageId : "unresolved:" + imageRef);
    image.add("platform", s.platform());
    Lines name = part(parts, "name");
    name.add("container_name", s.containerName());
    name.add("hostname", s.hostname());
    name.add("domainname", s.domainname());
    name.add("mac_address", s.macAddress());
    Lines command = part(parts, "command");
    command.list("command", s.command());
    command.flag("empty_command", s.emptyCommand());
    command.list("entrypoint", s.entrypoint());
    command.flag("empty_entrypoint", s.emptyEntrypoint());
    command.add("working_dir", s.workingDir());
    command.add("user", s.user());
    command.list("group_add", s.groupAdd());
    part(parts, "environment").list("environment", new java.util.TreeSet<>(env));
    Lines ports = part(parts, "ports");
    ports.objects("ports", s.ports().stream().map(ConfigHash::port).toList());
    ports.list("expose", s.expose());
    Lines mounts = part(parts, "mounts");
    mounts.objects("volumes", s.mounts().stream().map(m -> mount(stack, m)).toList());
    mounts.list("tmpfs", s.tmpfs().stream().map(x -> x.target() + ":" + String.join(",", x.options())).toList());
    mounts.list("volumes_from", s.volumesFrom());
    Lines networks = part(parts, "networks");
    networks.add("network_mode", s.networkMode());
    if (s.networkMode().isEmpty()) {
      networks.objects("networks", s.networkNames().stream().map(n -> network(stack, s, n)).toList());
    }
    networks.list("dns", s.dns());
    networks.list("dns_opt", s.dnsOpt());
    networks.list("dns_search", s.dnsSearch());
    networks.list("extra_hosts", s.extraHosts().stream().map(h -> h.host() + ":" + h.address()).toList());
    networks.list("links", s.links());
    networks.list("external_links", s.externalLinks());
    s.healthcheck().ifPresent(h -> healthcheck(part(parts, "healthcheck"), h));
    part(parts, "healthcheck");
    Lines labels = part(parts, "labels");
    labels.map("labels", s.labels());
    labels.map("annotations", s.annotations());
    runtime(part(parts, "runtime"), s);
    part(parts, "secrets").list("secrets", files(files, "secret"));
    part(parts, "configs").list("configs", files(files, "config"));
    return parts;
  }

  /** @return the hash of the lines: hex SHA-256 of the version line and every line */
  static String hash(Map<String, List<String>> parts) {
    StringBuilder sb = new StringBuilder(VERSION).append('\n');
    parts.values().forEach(l -> l.forEach(x -> sb.append(x).append('\n')));
    return ServiceSpec.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** @return the short hash of one part's lines (12 hex digits), for the plan's "what changed" */
  static String partHash(List<String> lines) {
    return ServiceSpec.sha256(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }

  private static void runtime(Lines r, Service s) {
    r.add("restart", s.restart().map(Object::toString));
    // deploy.restart_policy as the engine's restart policy it becomes (its delay and window are Swarm's)
    if (s.deploy().restartPolicy().isPresent()) {
      r.add("deploy.restart_policy", DeploySettings.restartPolicy(s).toString());
    }
    s.logging().ifPresent(l -> r.value("logging", object("driver", l.driver().map(ConfigHash::quote),
        "options", Optional.of(map(l.options())))));
    r.objects("ulimits", s.ulimits().stream().map(ConfigHash::ulimit).toList());
    r.add("shm_size", s.shmSize().map(z -> Long.toString(z.bytes())));
    r.raw("stop_grace_period", s.stopGracePeriod().map(ConfigHash::nanos));
    r.add("stop_signal", s.stopSignal());
    r.raw("init", s.init().map(String::valueOf));
    r.flag("read_only", s.readOnly());
    r.flag("privileged", s.privileged());
    r.flag("tty", s.tty());
    r.flag("stdin_open", s.stdinOpen());
    r.list("cap_add", s.capAdd());
    r.list("cap_drop", s.capDrop());
    r.list("security_opt", s.securityOpt());
    r.map("sysctls", s.sysctls());
    r.list("devices", s.devices());
    r.list("device_cgroup_rules", s.deviceCgroupRules());
    r.objects("device_requests", s.resources().devices().stream().map(ConfigHash::device).toList());
    r.add("runtime", s.runtime());
    r.add("pid", s.pid());
    r.add("ipc", s.ipc());
    r.add("uts", s.uts());
    r.add("userns_mode", s.usernsMode());
    r.add("cgroup", s.cgroup());
    r.add("cgroup_parent", s.cgroupParent());
    r.add("isolation", s.isolation());
    s.credentialSpec().ifPresent(c -> r.value("credential_spec", object("config", c.config().map(ConfigHash::quote),
        "file", c.file().map(ConfigHash::quote), "registry", c.registry().map(ConfigHash::quote))));
    limits(r, s.containerLimits());
    r.map("storage_opt", s.storageOpt());
    r.objects("post_start", s.postStart().stream().map(ConfigHash::hook).toList());
    r.objects("pre_stop", s.preStop().stream().map(ConfigHash::hook).toList());
    r.raw("use_api_socket", s.useApiSocket().map(String::valueOf));
    s.provider().ifPresent(p -> {
      Map<String, String> opts = new TreeMap<>();
      p.options().forEach((k, v) -> opts.put(k, String.join(",", v)));
      r.value("provider", object("type", Optional.of(quote(p.type())), "options", Optional.of(map(opts))));
    });
    r.objects("models", s.models().stream().map(m -> object("model", Optional.of(quote(m.model())),
        "endpoint_var", m.endpointVariable().map(ConfigHash::quote),
        "model_var", m.modelVariable().map(ConfigHash::quote))).toList());
  }

  /** The container limits that need a new container (the others are updated in place). */
  private static void limits(Lines r, ContainerLimits c) {
    r.raw("cpu_count", c.cpuCount().map(String::valueOf));
    r.raw("cpu_percent", c.cpuPercent().map(String::valueOf));
    r.raw("cpu_shares", c.cpuShares().map(String::valueOf));
    r.raw("cpu_period", c.cpuPeriod().map(String::valueOf));
    r.raw("cpu_quota", c.cpuQuota().map(String::valueOf));
    r.raw("cpu_rt_period", c.cpuRtPeriod().map(String::valueOf));
    r.raw("cpu_rt_runtime", c.cpuRtRuntime().map(String::valueOf));
    r.add("cpuset", c.cpuset());
    r.raw("memswap_limit", c.memswapLimit().map(String::valueOf));
    r.raw("mem_swappiness", c.memSwappiness().map(String::valueOf));
    r.raw("oom_kill_disable", c.oomKillDisable().map(String::valueOf));
    r.raw("oom_score_adj", c.oomScoreAdj().map(String::valueOf));
    c.blkio().ifPresent(b -> r.value("blkio_config", blkio(b)));
  }

  private static String blkio(BlkioConfig b) {
    return object("weight", b.weight().map(String::valueOf),
        "weight_device", nonEmpty(b.weightDevice().stream().map(w -> quote(w.path()) + ":" + w.weight()).toList()),
        "device_read_bps", nonEmpty(b.deviceReadBps().stream().map(ConfigHash::throttle).toList()),
        "device_write_bps", nonEmpty(b.deviceWriteBps().stream().map(ConfigHash::throttle).toList()),
        "device_read_iops", nonEmpty(b.deviceReadIops().stream().map(ConfigHash::throttle).toList()),
        "device_write_iops", nonEmpty(b.deviceWriteIops().stream().map(ConfigHash::throttle).toList()));
  }

  private static String throttle(BlkioConfig.Throttle t) {
    return quote(t.path()) + ":" + t.rate();
  }

  private static Optional<String> nonEmpty(List<String> items) {
    return items.isEmpty() ? Optional.empty() : Optional.of("[" + String.join(",", items) + "]");
  }

  private static void healthcheck(Lines l, Healthcheck h) {
    l.value("healthcheck", object("test", nonEmpty(h.engineTest().stream().map(ConfigHash::quote).toList()),
        "kind", h.kind() == Healthcheck.Kind.IMAGE ? Optional.of(quote("image")) : Optional.empty(),
        "interval", h.interval().map(ConfigHash::nanos), "timeout", h.timeout().map(ConfigHash::nanos),
        "retries", h.retries().map(String::valueOf), "start_period", h.startPeriod().map(ConfigHash::nanos),
        "start_interval", h.startInterval().map(ConfigHash::nanos)));
  }

  private static String port(PortMapping p) {
    return object("host_ip", p.hostIp().map(ConfigHash::quote),
        "published", p.hostPorts().map(r -> quote(r.toString())),
        "target", Optional.of(quote(p.containerPorts().toString())),
        "protocol", Optional.of(quote(p.protocol().composeName())),
        "mode", p.mode() == PortMapping.Mode.INGRESS ? Optional.empty() : Optional.of(quote(p.mode().composeName())),
        "name", p.name().map(ConfigHash::quote), "app_protocol", p.appProtocol().map(ConfigHash::quote));
  }

  private static String mount(Stack stack, Mount m) {
    String source = m.type() == Mount.Type.VOLUME && m.source().isPresent()
        ? Names.volume(stack, m.source().get()) : m.source().orElse("");
    return object("type", Optional.of(quote(m.type().composeName())),
        "source", source.isEmpty() ? Optional.empty() : Optional.of(quote(source)),
        "target", Optional.of(quote(m.target())), "read_only", m.readOnly() ? Optional.of("true") : Optional.empty(),
        "consistency", m.consistency().map(ConfigHash::quote),
        "bind", m.bind().map(b -> object("propagation", b.propagation().map(ConfigHash::quote),
            "create_host_path", b.createHostPath() ? Optional.of("true") : Optional.empty(),
            "selinux", b.selinux().map(x -> quote(x.option())), "recursive", b.recursive().map(ConfigHash::quote))),
        "volume", m.volume().map(v -> object("nocopy", v.nocopy() ? Optional.of("true") : Optional.empty(),
            "subpath", v.subpath().map(ConfigHash::quote))),
        "tmpfs", m.tmpfs().map(t -> object("size", t.size().map(ConfigHash::bytes),
            "mode", t.mode().map(x -> "0" + Integer.toOctalString(x)))),
        "image", m.image().map(i -> object("subpath", i.subpath().map(ConfigHash::quote))));
  }

  private static String network(Stack stack, Service s, String name) {
    Optional<NetworkAttachment> a = s.networks().stream().filter(x -> x.network().equals(name)).findFirst();
    return object("network", Optional.of(quote(Names.network(stack, name))),
        "aliases", a.flatMap(x -> nonEmpty(x.aliases().stream().map(ConfigHash::quote).toList())),
        "ipv4_address", a.flatMap(NetworkAttachment::ipv4Address).map(ConfigHash::quote),
        "ipv6_address", a.flatMap(NetworkAttachment::ipv6Address).map(ConfigHash::quote),
        "mac_address", a.flatMap(NetworkAttachment::macAddress).map(ConfigHash::quote),
        "link_local_ips", a.flatMap(x -> nonEmpty(x.linkLocalIps().stream().map(ConfigHash::quote).toList())),
        "driver_opts", a.filter(x -> !x.driverOptions().isEmpty()).map(x -> map(x.driverOptions())),
        "priority", a.flatMap(NetworkAttachment::priority).map(String::valueOf),
        "gw_priority", a.flatMap(NetworkAttachment::gwPriority).map(String::valueOf),
        "interface_name", a.flatMap(NetworkAttachment::interfaceName).map(ConfigHash::quote));
  }

  private static String ulimit(Ulimit u) {
    return object("name", Optional.of(quote(u.name())), "soft", Optional.of(Long.toString(u.soft())),
        "hard", Optional.of(Long.toString(u.hard())));
  }

  private static String device(DeviceRequest d) {
    return object("driver", d.driver().map(ConfigHash::quote), "count", d.count().map(String::valueOf),
        "device_ids", nonEmpty(d.deviceIds().stream().map(ConfigHash::quote).toList()),
        "capabilities", nonEmpty(d.capabilities().stream().map(ConfigHash::quote).toList()),
        "options", d.options().isEmpty() ? Optional.empty() : Optional.of(map(d.options())));
  }

  private static String hook(ServiceHook h) {
    return object("command", nonEmpty(h.command().stream().map(ConfigHash::quote).toList()),
        "user", h.user().map(ConfigHash::quote), "privileged", h.privileged() ? Optional.of("true") : Optional.empty(),
        "working_dir", h.workingDir().map(ConfigHash::quote),
        "environment", h.environment().isEmpty() ? Optional.empty() : Optional.of(map(h.environment())));
  }

  private static List<String> files(List<ServiceSpec.FileEntry> files, String kind) {
    List<String> out = new ArrayList<>();
    for (ServiceSpec.FileEntry f : files) {
      if (f.kind().equals(kind)) {
        out.add(f.source() + "@" + f.path() + ":" + Integer.toOctalString(f.mode()) + ":" + f.uid() + ":" + f.gid()
            + ":" + f.digest());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- canonical values

  private static String nanos(Duration d) {
    return d.toNanos() + "ns";
  }

  private static String bytes(ByteSize z) {
    return Long.toString(z.bytes());
  }

  /** A JSON string literal (null stays {@code null}). */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** {@code {"k":v,...}} of the given key/value pairs that are present, in the order given. */
  private static String object(Object... keysAndValues) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      Optional<String> v = (Optional<String>) keysAndValues[i + 1];
      if (v.isPresent()) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append(quote((String) keysAndValues[i])).append(':').append(v.get());
      }
    }
    return sb.append('}').toString();
  }

  /** {@code {"k":"v",...}} sorted by key; a null value is {@code null}. */
  private static String map(Map<String, String> m) {
    StringBuilder sb = new StringBuilder("{");
    new TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(quote(k)).append(':')
        .append(quote(v)));
    return sb.append('}').toString();
  }

  private static Lines part(Map<String, List<String>> parts, String name) {
    return new Lines(parts.computeIfAbsent(name, k -> new ArrayList<>()));
  }

  /** The lines of one part; each method adds a line only for a value that is set. */
  private record Lines(List<String> out) {
    void add(String key, Optional<String> value) {
      value.ifPresent(v -> out.add(key + "=" + quote(v)));
    }

    void add(String key, String value) {
      out.add(key + "=" + quote(value));
    }

    /** An object already in canonical form. */
    void value(String key, String value) {
      out.add(key + "=" + value);
    }

    /** A value already in canonical form. */
    void raw(String key, Optional<String> value) {
      value.ifPresent(v -> out.add(key + "=" + v));
    }

    void flag(String key, boolean value) {
      if (value) {
        out.add(key + "=true");
      }
    }

    /** A list of strings. */
    void list(String key, Collection<String> values) {
      if (!values.isEmpty()) {
        List<String> q = new ArrayList<>();
        for (String v : values) {
          q.add(quote(v));
        }
        out.add(key + "=[" + String.join(",", q) + "]");
      }
    }

    /** A list of values already in canonical form. */
    void objects(String key, Collection<String> values) {
      if (!values.isEmpty()) {
        out.add(key + "=[" + String.join(",", values) + "]");
      }
    }

    void map(String key, Map<String, String> values) {
      if (!values.isEmpty()) {
        out.add(key + "=" + ConfigHash.map(values));
      }
    }
  }
}
