package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Durations;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.Volume;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model phase of reading: turns the merged compose document into a {@link Stack}, checking every
 * key against the Compose Specification and reporting bad values with their location.
 */
final class StackMapper {
  private static final Logger LOG = LoggerFactory.getLogger(StackMapper.class);

  static final Set<String> SERVICE_SCHEMA = Set.of("develop", "deploy", "annotations", "attach", "build",
      "blkio_config", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command", "configs", "container_name",
      "cpu_count", "cpu_percent", "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period", "cpu_rt_runtime",
      "cpus", "cpuset", "credential_spec", "depends_on", "device_cgroup_rules", "devices", "dns", "dns_opt",
      "dns_search", "domainname", "entrypoint", "env_file", "label_file", "environment", "expose", "extends",
      "provider", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image",
      "init", "ipc", "isolation", "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
      "mem_swappiness", "memswap_limit", "network_mode", "models", "networks", "oom_kill_disable",
      "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged",
      "profiles", "pull_policy", "pull_refresh_after", "read_only", "restart", "runtime", "scale",
      "security_opt", "shm_size", "secrets", "sysctls", "stdin_open", "stop_grace_period", "stop_signal",
      "storage_opt", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "uts", "userns_mode", "volumes",
      "volumes_from", "working_dir");
  static final Set<String> SERVICE_MAPPED = Set.of("image", "build", "pull_policy", "platform", "command",
      "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "tmpfs", "networks",
      "network_mode", "healthcheck", "deploy", "restart", "user", "working_dir", "hostname", "container_name",
      "labels", "logging", "ulimits", "shm_size", "extra_hosts", "dns", "stop_grace_period", "stop_signal",
      "init", "read_only", "privileged", "tty", "stdin_open", "cap_add", "cap_drop", "security_opt", "sysctls",
      "devices", "runtime", "profiles", "depends_on", "secrets", "configs", "mem_limit", "mem_reservation",
      "cpus", "pids_limit");
  private static final Pattern PORT_RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  // Key sets of the schema checks, made once (not a Set.of per call per service).
  private static final Set<String> KEYS_1 = Set.of("version", "name", "services", "volumes", "networks",
      "secrets", "configs");
  private static final Set<String> KEYS_2 = Set.of("name", "driver", "driver_opts", "external", "labels");
  private static final Set<String> KEYS_3 = Set.of("name", "driver", "driver_opts", "ipam", "external",
      "internal", "attachable", "labels");
  private static final Set<String> KEYS_4 = Set.of("enable_ipv4", "enable_ipv6");
  private static final Set<String> KEYS_5 = Set.of("config");
  private static final Set<String> KEYS_6 = Set.of("driver", "options");
  private static final Set<String> KEYS_7 = Set.of("subnet");
  private static final Set<String> KEYS_8 = Set.of("ip_range", "gateway", "aux_addresses");
  private static final Set<String> KEYS_9 = Set.of("file", "environment");
  private static final Set<String> KEYS_10 = Set.of("name", "external", "labels", "driver", "driver_opts",
      "template_driver");
  private static final Set<String> KEYS_11 = Set.of("file", "content");
  private static final Set<String> KEYS_12 = Set.of("name", "external", "labels", "environment",
      "template_driver");
  private static final Set<String> KEYS_13 = Set.of("context", "dockerfile", "args", "target");
  private static final Set<String> KEYS_14 = Set.of("dockerfile_inline", "entitlements", "ssh", "cache_from",
      "cache_to", "additional_contexts", "extra_hosts", "isolation", "network", "privileged", "secrets",
      "tags", "ulimits", "platforms", "labels", "no_cache", "pull", "shm_size", "provenance", "sbom");
  private static final Set<String> KEYS_15 = Set.of("path", "required", "format");
  private static final Set<String> KEYS_16 = Set.of("target", "published", "host_ip", "protocol", "mode",
      "name");
  private static final Set<String> KEYS_17 = Set.of("app_protocol", "x-");
  private static final Set<String> KEYS_18 = Set.of("type", "source", "target", "read_only", "bind",
      "volume", "tmpfs", "consistency");
  private static final Set<String> KEYS_19 = Set.of("image");
  private static final Set<String> KEYS_20 = Set.of("selinux", "create_host_path");
  private static final Set<String> KEYS_21 = Set.of("nocopy", "subpath");
  private static final Set<String> KEYS_22 = Set.of("size");
  private static final Set<String> KEYS_23 = Set.of("mode");
  private static final Set<String> KEYS_24 = Set.of("propagation");
  private static final Set<String> KEYS_25 = Set.of("aliases", "ipv4_address");
  private static final Set<String> KEYS_26 = Set.of("ipv6_address", "link_local_ips", "mac_address",
      "driver_opts", "priority", "gw_priority", "interface_name");
  private static final Set<String> KEYS_27 = Set.of("disable", "interval", "retries", "test", "timeout",
      "start_period", "start_interval");
  private static final Set<String> KEYS_28 = Set.of("resources");
  private static final Set<String> KEYS_29 = Set.of("mode", "endpoint_mode", "replicas", "labels",
      "rollback_config", "update_config", "restart_policy", "placement");
  private static final Set<String> KEYS_30 = Set.of("limits", "reservations");
  private static final Set<String> KEYS_31 = Set.of("cpus", "memory", "pids");
  private static final Set<String> KEYS_32 = Set.of("cpus", "memory", "devices");
  private static final Set<String> KEYS_33 = Set.of("generic_resources");
  private static final Set<String> KEYS_34 = Set.of("capabilities", "count", "device_ids", "driver",
      "options");
  private static final Set<String> KEYS_35 = Set.of("soft", "hard");
  private static final Set<String> KEYS_36 = Set.of("source", "target", "permissions");
  private static final Set<String> KEYS_37 = Set.of("condition", "required", "restart");
  private static final Set<String> KEYS_38 = Set.of("source", "target", "uid", "gid", "mode");

  private final Map<String, String> env;

  StackMapper(Map<String, String> env) {
    this.env = env;
  }

  Stack map(YMap doc, String defaultName) {
    for (String k : doc.entries.keySet()) {
      if (k.startsWith("x-") || KEYS_1.contains(k)) {
        continue;
      }
      if (k.equals("models") || k.equals("include")) {
        throw doc.keyNode(k).error(k, "not supported: '" + k + "'");
      }
      throw doc.keyNode(k).error(k, "unknown top-level key '" + k + "' (expected name, services, volumes, "
          + "networks, secrets, configs, include or x-...)");
    }
    if (doc.get("version") != null) {
      LOG.warn("{}:{}: the 'version' key is obsolete and ignored (as by docker compose)",
          doc.keyNode("version").source.name(), doc.keyNode("version").line);
    }
    String name = defaultName;
    YNode n = doc.get("name");
    if (n != null && !(n instanceof YScalar ns && ns.isNull())) {
      name = str(n, "name");
    }
    Stack.Builder b = Stack.builder(name);
    YNode services = doc.get("services");
    if (services != null && !isNull(services)) {
      YMap sm = map(services, "services");
      for (Map.Entry<String, YNode> e : sm.entries.entrySet()) {
        String p = "services." + e.getKey();
        YNode s = e.getValue();
        if (isNull(s)) {
          throw sm.keyNode(e.getKey()).error(p, "a service needs a mapping (image: ...), not null");
        }
        b.addService(service(e.getKey(), map(s, p), p));
      }
    }
    each(doc, "volumes", (k, v, p) -> b.addVolume(volume(k, v, p)));
    each(doc, "networks", (k, v, p) -> b.addNetwork(network(k, v, p)));
    each(doc, "secrets", (k, v, p) -> b.addSecret(secret(k, v, p)));
    each(doc, "configs", (k, v, p) -> b.addConfig(config(k, v, p)));
    return b.build();
  }

  private interface EntryFn {
    void apply(String key, YNode value, String path);
  }

  private static void each(YMap doc, String section, EntryFn fn) {
    YNode s = doc.get(section);
    if (s == null || isNull(s)) {
      return;
    }
    YMap m = map(s, section);
    m.entries.forEach((k, v) -> fn.apply(k, v, section + "." + k));
  }

  // ---------------------------------------------------------------- top-level resources

  private Volume volume(String name, YNode node, String p) {
    Volume v = Volume.named(name);
    if (isNull(node)) {
      return v;
    }
    YMap m = map(node, p);
    keys(m, p, KEYS_2, Set.of());
    boolean external = external(m, p);
    Optional<String> driver = optStr(m, "driver", p);
    Map<String, String> opts = stringMap(m.get("driver_opts"), p + ".driver_opts", true);
    Map<String, String> labels = labels(m.get("labels"), p + ".labels");
    Optional<String> custom = optStr(m, "name", p);
    return new Volume(name, driver, opts, external, labels, custom);
  }

  private static boolean external(YMap m, String p) {
    YNode ext = m.get("external");
    if (ext == null) {
      return false;
    }
    if (ext instanceof YMap em) {
      throw em.error(p + ".external", "not supported: 'external: {name: ...}' (obsolete; use external: true with name: ...)");
    }
    return bool(ext, p + ".external");
  }

  private Network network(String name, YNode node, String p) {
    Network nw = Network.named(name);
    if (isNull(node)) {
      return nw;
    }
    YMap m = map(node, p);
    keys(m, p, KEYS_3,
        KEYS_4);
    List<String> subnets = new ArrayList<>();
    YNode ipam = m.get("ipam");
    if (ipam != null && !isNull(ipam)) {
      YMap im = map(ipam, p + ".ipam");
      keys(im, p + ".ipam", KEYS_5, KEYS_6);
      YNode cfg = im.get("config");
      if (cfg != null && !isNull(cfg)) {
        YSeq cs = seq(cfg, p + ".ipam.config");
        for (int i = 0; i < cs.items.size(); i++) {
          String cp = p + ".ipam.config[" + i + "]";
          YMap c = map(cs.items.get(i), cp);
          keys(c, cp, KEYS_7, KEYS_8);
          YNode sub = c.get("subnet");
          if (sub != null) {
            subnets.add(str(sub, cp + ".subnet"));
          }
        }
      }
    }
    return new Network(name, optStr(m, "driver", p), stringMap(m.get("driver_opts"), p + ".driver_opts", true),
        optBool(m, "internal", p), optBool(m, "attachable", p), subnets, external(m, p),
        labels(m.get("labels"), p + ".labels"), optStr(m, "name", p));
  }

  private Secret secret(String name, YNode node, String p) {
    YMap m = map(node, p);
    keys(m, p, KEYS_9, KEYS_10);
    YNode file = m.get("file");
    YNode envVar = m.get("environment");
    if ((file == null) == (envVar == null)) {
      throw m.error(p, "needs exactly one of 'file' or 'environment'");
    }
    if (file != null) {
      return Secret.fromFile(name, hostPath(str(file, p + ".file"), file));
    }
    return Secret.fromEnvironment(name, str(envVar, p + ".environment"));
  }

  private ConfigFile config(String name, YNode node, String p) {
    YMap m = map(node, p);
    keys(m, p, KEYS_11, KEYS_12);
    YNode file = m.get("file");
    YNode content = m.get("content");
    if ((file == null) == (content == null)) {
      throw m.error(p, "needs exactly one of 'file' or 'content'");
    }
    if (file != null) {
      return ConfigFile.fromFile(name, hostPath(str(file, p + ".file"), file));
    }
    return ConfigFile.inline(name, str(content, p + ".content"));
  }

  // ---------------------------------------------------------------- services

  private Service service(String name, YMap m, String p) {
    for (String k : m.entries.keySet()) {
      if (k.startsWith("x-") || SERVICE_MAPPED.contains(k)) {
        continue;
      }
      if (SERVICE_SCHEMA.contains(k)) {
        throw m.keyNode(k).error(p + "." + k, "not supported: '" + k + "' (onyx-deploy's model has no field "
            + "for it; remove it or set it outside the stack)");
      }
      throw m.keyNode(k).error(p + "." + k, "unknown key '" + k + "' (not in the Compose Specification)");
    }
    Service.Builder b = Service.builder(name);
    optStr(m, "image", p).ifPresent(b::image);
    YNode build = m.get("build");
    if (build != null && !isNull(build)) {
      b.build(build(build, p + ".build"));
    }
    optStr(m, "pull_policy", p).ifPresent(b::pullPolicy);
    optStr(m, "platform", p).ifPresent(b::platform);
    command(m.get("command"), p + ".command").ifPresent(b::command);
    command(m.get("entrypoint"), p + ".entrypoint").ifPresent(b::entrypoint);
    Map<String, String> environment = new LinkedHashMap<>();
    YNode envFile = m.get("env_file");
    if (envFile != null && !isNull(envFile)) {
      environment.putAll(envFiles(envFile, p + ".env_file"));
    }
    YNode envNode = m.get("environment");
    if (envNode != null && !isNull(envNode)) {
      Map<String, String> vars = stringMap(envNode, p + ".environment", false);
      vars.forEach((k, v) -> {
        environment.remove(k);
        environment.put(k, v != null ? v : env.get(k));
      });
    }
    b.environment(environment);
    YNode ports = m.get("ports");
    if (ports != null && !isNull(ports)) {
      YSeq q = seq(ports, p + ".ports");
      for (int i = 0; i < q.items.size(); i++) {
        b.addPorts(ports(q.items.get(i), p + ".ports[" + i + "]").toArray(PortMapping[]::new));
      }
    }
    b.expose(strings(m.get("expose"), p + ".expose"));
    YNode volumes = m.get("volumes");
    if (volumes != null && !isNull(volumes)) {
      YSeq q = seq(volumes, p + ".volumes");
      for (int i = 0; i < q.items.size(); i++) {
        b.addMounts(mount(q.items.get(i), p + ".volumes[" + i + "]"));
      }
    }
    YNode tmpfs = m.get("tmpfs");
    if (tmpfs != null && !isNull(tmpfs)) {
      for (YNode t : stringList(tmpfs, p + ".tmpfs")) {
        b.addMounts(tmpfs(((YScalar) t).text, t, p + ".tmpfs"));
      }
    }
    YNode networks = m.get("networks");
    if (networks != null && !isNull(networks)) {
      b.networks(networks(networks, p + ".networks"));
    }
    optStr(m, "network_mode", p).ifPresent(b::networkMode);
    YNode hc = m.get("healthcheck");
    if (hc != null && !isNull(hc)) {
      healthcheck(map(hc, p + ".healthcheck"), p + ".healthcheck").ifPresent(b::healthcheck);
    }
    b.resources(resources(m, p));
    YNode restart = m.get("restart");
    if (restart != null && !isNull(restart)) {
      try {
        b.restart(RestartPolicy.parse(str(restart, p + ".restart")));
      } catch (IllegalArgumentException e) {
        throw restart.error(p + ".restart", e.getMessage());
      }
    }
    optStr(m, "user", p).ifPresent(b::user);
    optStr(m, "working_dir", p).ifPresent(b::workingDir);
    optStr(m, "hostname", p).ifPresent(b::hostname);
    optStr(m, "container_name", p).ifPresent(b::containerName);
    b.labels(labels(m.get("labels"), p + ".labels"));
    YNode logging = m.get("logging");
    if (logging != null && !isNull(logging)) {
      YMap lm = map(logging, p + ".logging");
      keys(lm, p + ".logging", KEYS_6, Set.of());
      b.logging(new Logging(optStr(lm, "driver", p + ".logging").orElse("json-file"),
          stringMap(lm.get("options"), p + ".logging.options", true)));
    }
    YNode ulimits = m.get("ulimits");
    if (ulimits != null && !isNull(ulimits)) {
      map(ulimits, p + ".ulimits").entries.forEach((k, v) -> b.addUlimits(ulimit(k, v, p + ".ulimits." + k)));
    }
    YNode shm = m.get("shm_size");
    if (shm != null && !isNull(shm)) {
      b.shmSize(size(shm, p + ".shm_size"));
    }
    YNode hosts = m.get("extra_hosts");
    if (hosts != null && !isNull(hosts)) {
      b.extraHosts(extraHosts(hosts, p + ".extra_hosts"));
    }
    b.dns(strings(m.get("dns"), p + ".dns"));
    YNode grace = m.get("stop_grace_period");
    if (grace != null && !isNull(grace)) {
      b.stopGracePeriod(duration(grace, p + ".stop_grace_period"));
    }
    optStr(m, "stop_signal", p).ifPresent(b::stopSignal);
    YNode init = m.get("init");
    if (init != null && !isNull(init)) {
      b.init(bool(init, p + ".init"));
    }
    b.readOnly(optBool(m, "read_only", p));
    b.privileged(optBool(m, "privileged", p));
    b.tty(optBool(m, "tty", p));
    b.stdinOpen(optBool(m, "stdin_open", p));
    b.capAdd(strings(m.get("cap_add"), p + ".cap_add"));
    b.capDrop(strings(m.get("cap_drop"), p + ".cap_drop"));
    b.securityOpt(strings(m.get("security_opt"), p + ".security_opt"));
    b.sysctls(stringMap(m.get("sysctls"), p + ".sysctls", true));
    b.devices(devices(m.get("devices"), p + ".devices"));
    optStr(m, "runtime", p).ifPresent(b::runtime);
    b.profiles(strings(m.get("profiles"), p + ".profiles"));
    YNode deps = m.get("depends_on");
    if (deps != null && !isNull(deps)) {
      b.dependsOn(dependsOn(deps, p + ".depends_on"));
    }
    b.secrets(fileRefs(m.get("secrets"), p + ".secrets"));
    b.configs(fileRefs(m.get("configs"), p + ".configs"));
    return b.build();
  }

  private Build build(YNode node, String p) {
    if (node instanceof YScalar s) {
      return Build.of(context(str(s, p), s));
    }
    YMap m = map(node, p);
    keys(m, p, KEYS_13, KEYS_14);
    YNode ctx = m.get("context");
    String context = ctx == null || isNull(ctx) ? context(".", m) : context(str(ctx, p + ".context"), ctx);
    Map<String, String> args = new LinkedHashMap<>();
    YNode a = m.get("args");
    if (a != null && !isNull(a)) {
      stringMap(a, p + ".args", false).forEach((k, v) -> args.put(k, v != null ? v : env.get(k)));
    }
    return new Build(context, optStr(m, "dockerfile", p), args, optStr(m, "target", p));
  }

  private static String context(String context, YNode at) {
    if (context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/")) {
      return context;
    }
    return hostPath(context, at);
  }

  private static Optional<List<String>> command(YNode node, String p) {
    if (node == null) {
      return Optional.empty();
    }
    if (node instanceof YScalar s) {
      if (s.isNull()) {
        return Optional.empty();
      }
      ShellWords.Result r;
      try {
        r = ShellWords.split(s.asString());
      } catch (IllegalArgumentException e) {
        throw s.error(p, e.getMessage());
      }
      if (r.truncated()) {
        LOG.warn("{}: compose ends the command at a shell operator (; & | < >) and drops the rest; "
            + "use [\"sh\", \"-c\", \"...\"] to run a shell line", p);
      }
      return Optional.of(notEmpty(r.words(), node, p));
    }
    List<String> out = new ArrayList<>();
    YSeq q = seq(node, p);
    for (int i = 0; i < q.items.size(); i++) {
      out.add(scalarString(q.items.get(i), p + "[" + i + "]"));
    }
    return Optional.of(notEmpty(out, node, p));
  }

  /** An empty command clears the image's in compose; the model's empty list means the image's own. */
  private static List<String> notEmpty(List<String> argv, YNode node, String p) {
    if (argv.isEmpty()) {
      throw node.error(p, "not supported: an empty value (clearing the image's own); the model's empty "
          + "list keeps the image's, so remove the key or give the command to run");
    }
    return argv;
  }

  private Map<String, String> envFiles(YNode node, String p) {
    Map<String, String> out = new LinkedHashMap<>();
    List<YNode> items = node instanceof YSeq q ? q.items : List.of(node);
    for (int i = 0; i < items.size(); i++) {
      YNode item = items.get(i);
      String ip = node instanceof YSeq ? p + "[" + i + "]" : p;
      String path;
      boolean required = true;
      if (item instanceof YMap m) {
        keys(m, ip, KEYS_15, Set.of());
        YNode pn = m.get("path");
        if (pn == null) {
          throw m.error(ip, "needs a path");
        }
        path = str(pn, ip + ".path");
        required = m.get("required") == null || bool(m.get("required"), ip + ".required");
        YNode format = m.get("format");
        if (format != null && !isNull(format)) {
          String f = str(format, ip + ".format");
          if (f.equals("raw")) {
            throw format.error(ip + ".format", "not supported: env_file format 'raw' (use the default dotenv format)");
          }
          if (!f.equals("dotenv")) {
            throw format.error(ip + ".format", "unknown env_file format '" + f + "' (expected dotenv or raw)");
          }
        }
      } else {
        path = str(item, ip);
      }
      Path file = Path.of(hostPath(path, item));
      if (!Files.isRegularFile(file)) {
        if (required) {
          throw item.error(ip, "env file " + file + " not found (create it, or use {path: ..., required: false})");
        }
        continue;
      }
      out.putAll(ProjectLoader.readEnvFile(file, item, k -> env.containsKey(k) ? env.get(k) : out.get(k)));
    }
    return out;
  }

  // ---------------------------------------------------------------- ports

  private static List<PortMapping> ports(YNode node, String p) {
    if (node instanceof YMap m) {
      keys(m, p, KEYS_16, KEYS_17);
      YNode t = m.get("target");
      if (t == null) {
        throw m.error(p, "a port needs a target");
      }
      PortRange target = range(scalarString(t, p + ".target"), t, p + ".target");
      Optional<PortRange> published = Optional.empty();
      YNode pub = m.get("published");
      if (pub != null && !isNull(pub)) {
        String ps = scalarString(pub, p + ".published");
        if (!ps.isEmpty()) {
          published = Optional.of(range(ps, pub, p + ".published"));
        }
      }
      Protocol protocol = Protocol.TCP;
      YNode proto = m.get("protocol");
      if (proto != null) {
        try {
          protocol = Protocol.parse(str(proto, p + ".protocol"));
        } catch (IllegalArgumentException e) {
          throw proto.error(p + ".protocol", e.getMessage());
        }
      }
      YNode mode = m.get("mode");
      if (mode != null && !"ingress".equals(str(mode, p + ".mode"))) {
        throw mode.error(p + ".mode", "not supported: port mode '" + ((YScalar) mode).text + "' (only ingress)");
      }
      return List.of(new PortMapping(optStr(m, "host_ip", p), published, target, protocol, optStr(m, "name", p)));
    }
    String spec = scalarString(node, p);
    try {
      return List.of(parsePort(spec));
    } catch (IllegalArgumentException e) {
      throw node.error(p, "invalid port '" + spec + "'" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  static PortMapping parsePort(String spec) {
    String s = spec.trim();
    Protocol protocol = Protocol.TCP;
    int slash = s.lastIndexOf('/');
    if (slash >= 0) {
      protocol = Protocol.parse(s.substring(slash + 1));
      s = s.substring(0, slash);
    }
    String ip = null;
    String rest = s;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("expected [ipv6]:host:container");
      }
      ip = s.substring(1, close);
      rest = s.substring(close + 2);
    }
    String[] parts = rest.split(":", -1);
    String host;
    String container;
    if (ip == null && parts.length > 3) {
      int last = rest.lastIndexOf(':');
      int prev = rest.lastIndexOf(':', last - 1);
      ip = rest.substring(0, prev);
      host = rest.substring(prev + 1, last);
      container = rest.substring(last + 1);
      if (!IPV6.matcher(ip).matches() || ip.chars().filter(c -> c == ':').count() < 2) {
        throw new IllegalArgumentException("expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
      }
    } else if (parts.length == 3) {
      if (ip != null) {
        throw new IllegalArgumentException("expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
      }
      ip = parts[0];
      host = parts[1];
      container = parts[2];
    } else if (parts.length == 2) {
      host = parts[0];
      container = parts[1];
    } else {
      if (ip != null) {
        throw new IllegalArgumentException("expected [ipv6]:host:container");
      }
      host = "";
      container = parts[0];
    }
    if (ip != null && !ip.isEmpty() && !IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
      throw new IllegalArgumentException("invalid host IP '" + ip + "'");
    }
    PortRange c = portRange(container);
    Optional<PortRange> h = host.isEmpty() ? Optional.empty() : Optional.of(portRange(host));
    return new PortMapping(Optional.ofNullable(ip).filter(x -> !x.isEmpty()), h, c, protocol, Optional.empty());
  }

  private static PortRange portRange(String text) {
    Matcher m = PORT_RANGE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a port or range");
    }
    try {
      int a = Integer.parseInt(m.group(1));
      int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
      return new PortRange(a, b);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a port or range");
    }
  }

  private static PortRange range(String text, YNode at, String p) {
    try {
      return portRange(text);
    } catch (IllegalArgumentException e) {
      throw at.error(p, "invalid port " + e.getMessage());
    }
  }

  /** The key compose merges ports by, or null. */
  static String portKey(YNode n) {
    try {
      if (n instanceof YMap) {
        return ports(n, "").toString();
      }
      return parsePort(((YScalar) n).asString()).toString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- volumes

  private static Mount mount(YNode node, String p) {
    if (node instanceof YMap m) {
      keys(m, p, KEYS_18,
          KEYS_19);
      YNode tn = m.get("type");
      if (tn == null) {
        throw m.error(p, "a volume needs a type (volume, bind or tmpfs)");
      }
      String type = str(tn, p + ".type");
      YNode target = m.get("target");
      if (target == null) {
        throw m.error(p, "a volume needs a target");
      }
      String t = str(target, p + ".target");
      boolean ro = optBool(m, "read_only", p);
      Optional<String> src = optStr(m, "source", p);
      Mount mount;
      switch (type) {
        case "volume" -> {
          mount = new Mount(Mount.Type.VOLUME, src.filter(x -> !x.isEmpty()), t, ro, Optional.empty(),
              selinux(m, p, KEYS_20));
          YNode v = m.get("volume");
          if (v != null && !isNull(v)) {
            YMap vm = map(v, p + ".volume");
            keys(vm, p + ".volume", Set.of(), KEYS_21);
          }
        }
        case "bind" -> {
          if (src.isEmpty()) {
            throw m.error(p, "a bind mount needs a source");
          }
          mount = new Mount(Mount.Type.BIND, Optional.of(hostPath(src.get(), m.get("source"))), t, ro, Optional.empty(),
              selinux(m, p, KEYS_20));
          YNode bo = m.get("bind");
          if (bo != null && !isNull(bo)) {
            YMap bm = map(bo, p + ".bind");
            YNode chp = bm.get("create_host_path");
            if (chp != null && !bool(chp, p + ".bind.create_host_path")) {
              throw chp.error(p + ".bind.create_host_path", "not supported: create_host_path: false");
            }
          }
        }
        case "tmpfs" -> {
          if (src.isPresent()) {
            throw m.get("source").error(p + ".source", "a tmpfs mount has no source");
          }
          // compose accepts bind.selinux here; core validation then refuses it on a tmpfs
          mount = new Mount(Mount.Type.TMPFS, Optional.empty(), t, ro, Optional.empty(),
              selinux(m, p, KEYS_20));
          YNode to = m.get("tmpfs");
          if (to != null && !isNull(to)) {
            YMap tm = map(to, p + ".tmpfs");
            keys(tm, p + ".tmpfs", KEYS_22, KEYS_23);
            YNode size = tm.get("size");
            if (size != null) {
              mount = mount.withTmpfsSize(size(size, p + ".tmpfs.size"));
            }
          }
        }
        default -> throw tn.error(p + ".type", "not supported: volume type '" + type + "' (expected volume, bind or tmpfs)");
      }
      if (m.get("consistency") != null) {
        throw m.keyNode("consistency").error(p + ".consistency", "not supported: 'consistency'");
      }
      return mount;
    }
    String spec = scalarString(node, p);
    return parseVolume(spec, node, p);
  }

  /**
   * The SELinux relabel option of a long-syntax mount ({@code bind.selinux}, which compose accepts on
   * every mount type), after checking the keys of {@code bind:} against {@code mapped}.
   */
  private static Optional<Mount.SelinuxLabel> selinux(YMap m, String p, Set<String> mapped) {
    YNode bo = m.get("bind");
    if (bo == null || isNull(bo)) {
      return Optional.empty();
    }
    YMap bm = map(bo, p + ".bind");
    keys(bm, p + ".bind", mapped, KEYS_24);
    YNode sel = bm.get("selinux");
    if (sel == null) {
      return Optional.empty();
    }
    String opt = str(sel, p + ".bind.selinux");
    try {
      return Optional.of(Mount.SelinuxLabel.ofOption(opt));
    } catch (IllegalArgumentException e) {
      throw sel.error(p + ".bind.selinux", e.getMessage());
    }
  }

  private static Mount parseVolume(String spec, YNode at, String p) {
    String[] parts = spec.split(":", -1);
    if (parts.length > 3 || spec.isEmpty() || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
      throw at.error(p, "invalid volume '" + spec + "' (expected [SOURCE:]TARGET[:MODE])");
    }
    if (parts.length == 1) {
      return Mount.anonymousVolume(parts[0]);
    }
    String src = parts[0];
    String target = parts[1];
    boolean ro = false;
    Mount.SelinuxLabel selinux = null;
    if (parts.length == 3) {
      for (String opt : parts[2].split(",")) {
        switch (opt) {
          case "ro" -> ro = true;
          case "rw" -> ro = false;
          case "z", "Z" -> selinux = Mount.SelinuxLabel.ofOption(opt); // the last one wins, as in compose
          case "nocopy" -> throw at.error(p, "not supported: volume option 'nocopy' in '" + spec + "'");
          case "cached", "delegated", "consistent" -> {
            // compose ignores the consistency hint on Linux; so does the model
          }
          default -> throw at.error(p, "invalid volume mode '" + opt + "' in '" + spec + "' (expected ro, rw, z or Z)");
        }
      }
    }
    boolean path = src.startsWith("/") || src.startsWith(".") || src.startsWith("~");
    Mount m = path ? Mount.bind(hostPath(src, at), target) : Mount.volume(src, target);
    if (selinux != null) {
      m = m.withSelinux(selinux);
    }
    return ro ? m.asReadOnly() : m;
  }

  private static Mount tmpfs(String spec, YNode at, String p) {
    int colon = spec.indexOf(':');
    if (colon < 0) {
      return Mount.tmpfs(spec);
    }
    Mount m = Mount.tmpfs(spec.substring(0, colon));
    for (String opt : spec.substring(colon + 1).split(",")) {
      if (opt.startsWith("size=")) {
        try {
          m = m.withTmpfsSize(ByteSize.parse(opt.substring(5)));
        } catch (IllegalArgumentException e) {
          throw at.error(p, e.getMessage());
        }
      } else if (opt.equals("ro")) {
        m = m.asReadOnly();
      } else if (!opt.equals("rw")) {
        throw at.error(p, "not supported: tmpfs option '" + opt + "' in '" + spec + "'");
      }
    }
    return m;
  }

  /** The key compose merges volumes by (the target), or null. */
  static String volumeKey(YNode n) {
    try {
      if (n instanceof YMap m) {
        return ((YScalar) m.get("target")).text;
      }
      String[] parts = ((YScalar) n).text.split(":");
      return parts.length == 1 ? parts[0] : parts[1];
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- networks, healthcheck, resources

  /** The long form of a named entry: its name, its map of options and its path. */
  private interface NamedEntry<T> {
    T read(String name, YMap options, String path);
  }

  /**
   * Reads a key that is either a list of names or a map of name to options (null for none), as
   * compose allows for {@code networks} and {@code depends_on}.
   */
  private static <T> List<T> namedEntries(YNode node, String p, java.util.function.Function<String, T> bare,
      NamedEntry<T> full) {
    List<T> out = new ArrayList<>();
    if (node instanceof YSeq q) {
      for (int i = 0; i < q.items.size(); i++) {
        out.add(bare.apply(str(q.items.get(i), p + "[" + i + "]")));
      }
      return out;
    }
    YMap m = map(node, p);
    m.entries.forEach((name, v) -> {
      String np = p + "." + name;
      out.add(isNull(v) ? bare.apply(name) : full.read(name, map(v, np), np));
    });
    return out;
  }

  private static List<NetworkAttachment> networks(YNode node, String p) {
    return namedEntries(node, p, NetworkAttachment::to, (name, nm, np) -> {
      keys(nm, np, KEYS_25, KEYS_26);
      return new NetworkAttachment(name, strings(nm.get("aliases"), np + ".aliases"), optStr(nm, "ipv4_address", np));
    });
  }

  /** @return the healthcheck; empty for {@code {}} or {@code {disable: false}} (the image's, as compose) */
  private static Optional<Healthcheck> healthcheck(YMap m, String p) {
    keys(m, p, KEYS_27, Set.of());
    YNode disable = m.get("disable");
    YNode test = m.get("test");
    if (disable != null && bool(disable, p + ".disable")) {
      if (test != null) {
        throw test.error(p + ".test", "cannot be set together with disable: true");
      }
      return Optional.of(Healthcheck.none());
    }
    if (test == null || isNull(test)) {
      for (String k : m.entries.keySet()) {
        if (!k.equals("disable") && !k.startsWith("x-")) {
          throw m.keyNode(k).error(p + "." + k, "not supported: a healthcheck without 'test' (changing only "
              + "the timing of the image's own healthcheck); add the test the image uses");
        }
      }
      return Optional.empty();
    }
    Healthcheck.Kind kind = Healthcheck.Kind.CMD;
    List<String> argv = new ArrayList<>();
    if (test != null && !isNull(test)) {
      if (test instanceof YScalar ts) {
        kind = Healthcheck.Kind.CMD_SHELL;
        argv.add(ts.asString());
      } else {
        YSeq q = seq(test, p + ".test");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < q.items.size(); i++) {
          all.add(scalarString(q.items.get(i), p + ".test[" + i + "]"));
        }
        if (all.isEmpty()) {
          throw q.error(p + ".test", "must not be empty");
        }
        switch (all.get(0)) {
          case "CMD" -> kind = Healthcheck.Kind.CMD;
          case "CMD-SHELL" -> kind = Healthcheck.Kind.CMD_SHELL;
          case "NONE" -> kind = Healthcheck.Kind.NONE;
          default -> throw q.error(p + ".test", "must start with CMD, CMD-SHELL or NONE (was '" + all.get(0) + "')");
        }
        argv.addAll(all.subList(1, all.size()));
      }
    }
    Integer retries = null;
    YNode r = m.get("retries");
    if (r != null && !isNull(r)) {
      retries = (int) integer(r, p + ".retries");
    }
    return Optional.of(new Healthcheck(kind, argv, optDuration(m, "interval", p), optDuration(m, "timeout", p),
        Optional.ofNullable(retries), optDuration(m, "start_period", p), optDuration(m, "start_interval", p)));
  }

  private static Resources resources(YMap service, String p) {
    Resources res = Resources.NONE;
    YNode deploy = service.get("deploy");
    if (deploy != null && !isNull(deploy)) {
      String dp = p + ".deploy";
      YMap dm = map(deploy, dp);
      keys(dm, dp, KEYS_28, KEYS_29);
      YNode rn = dm.get("resources");
      if (rn != null && !isNull(rn)) {
        String rp = dp + ".resources";
        YMap rm = map(rn, rp);
        keys(rm, rp, KEYS_30, Set.of());
        List<DeviceRequest> devices = new ArrayList<>();
        res = new Resources(spec(rm.get("limits"), rp + ".limits", true, devices),
            spec(rm.get("reservations"), rp + ".reservations", false, devices), devices);
      }
    }
    ResourceSpec limits = res.limits();
    ResourceSpec reservations = res.reservations();
    YNode mem = service.get("mem_limit");
    if (mem != null && !isNull(mem) && limits.memory().isEmpty()) {
      limits = limits.withMemory(size(mem, p + ".mem_limit"));
    }
    YNode cpus = service.get("cpus");
    if (cpus != null && !isNull(cpus) && limits.cpus().isEmpty()) {
      limits = limits.withCpus(decimal(cpus, p + ".cpus"));
    }
    YNode pids = service.get("pids_limit");
    if (pids != null && !isNull(pids) && limits.pids().isEmpty()) {
      limits = limits.withPids(integer(pids, p + ".pids_limit"));
    }
    YNode memRes = service.get("mem_reservation");
    if (memRes != null && !isNull(memRes) && reservations.memory().isEmpty()) {
      reservations = reservations.withMemory(size(memRes, p + ".mem_reservation"));
    }
    return new Resources(limits, reservations, res.devices());
  }

  private static ResourceSpec spec(YNode node, String p, boolean limits, List<DeviceRequest> devices) {
    if (node == null || isNull(node)) {
      return ResourceSpec.NONE;
    }
    YMap m = map(node, p);
    keys(m, p, limits ? KEYS_31 : KEYS_32,
        KEYS_33);
    YNode c = m.get("cpus");
    YNode mem = m.get("memory");
    YNode pids = m.get("pids");
    ResourceSpec spec = new ResourceSpec(
        c == null || isNull(c) ? Optional.empty() : Optional.of(decimal(c, p + ".cpus")),
        mem == null || isNull(mem) ? Optional.empty() : Optional.of(size(mem, p + ".memory")),
        pids == null || isNull(pids) ? Optional.empty() : Optional.of(integer(pids, p + ".pids")));
    YNode dev = m.get("devices");
    if (dev != null && !isNull(dev)) {
      YSeq q = seq(dev, p + ".devices");
      for (int i = 0; i < q.items.size(); i++) {
        String ip = p + ".devices[" + i + "]";
        YMap dm = map(q.items.get(i), ip);
        keys(dm, ip, KEYS_34, Set.of());
        Optional<Integer> count = Optional.empty();
        YNode cn = dm.get("count");
        if (cn != null && !isNull(cn)) {
          String cs = scalarString(cn, ip + ".count");
          count = Optional.of(cs.equals("all") ? -1 : (int) integer(cn, ip + ".count"));
        }
        devices.add(new DeviceRequest(optStr(dm, "driver", ip), count, strings(dm.get("device_ids"), ip + ".device_ids"),
            strings(dm.get("capabilities"), ip + ".capabilities"), stringMap(dm.get("options"), ip + ".options", true)));
      }
    }
    return spec;
  }

  private static Ulimit ulimit(String name, YNode node, String p) {
    if (node instanceof YMap m) {
      keys(m, p, KEYS_35, Set.of());
      YNode soft = m.get("soft");
      YNode hard = m.get("hard");
      if (soft == null || hard == null) {
        throw m.error(p, "invalid ulimit: needs both soft and hard (or a single number)");
      }
      return new Ulimit(name, ulimitValue(soft, p + ".soft"), ulimitValue(hard, p + ".hard"));
    }
    return Ulimit.of(name, ulimitValue(node, p));
  }

  private static long ulimitValue(YNode node, String p) {
    String s = scalarString(node, p);
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw node.error(p, "invalid ulimit '" + s + "' (expected a whole number, -1 for unlimited)");
    }
  }

  private static List<ExtraHost> extraHosts(YNode node, String p) {
    List<ExtraHost> out = new ArrayList<>();
    if (node instanceof YMap m) {
      m.entries.forEach((host, v) -> {
        if (v instanceof YSeq q) {
          for (YNode ip : q.items) {
            out.add(new ExtraHost(host, scalarString(ip, p + "." + host)));
          }
        } else {
          out.add(new ExtraHost(host, scalarString(v, p + "." + host)));
        }
      });
      return out;
    }
    YSeq q = seq(node, p);
    for (int i = 0; i < q.items.size(); i++) {
      String s = scalarString(q.items.get(i), p + "[" + i + "]");
      int eq = s.indexOf('=');
      int at = eq >= 0 ? eq : s.indexOf(':');
      if (at <= 0 || at == s.length() - 1) {
        throw q.items.get(i).error(p + "[" + i + "]", "invalid extra host '" + s + "' (expected HOST:IP or HOST=IP)");
      }
      String ip = s.substring(at + 1);
      if (ip.startsWith("[") && ip.endsWith("]")) {
        ip = ip.substring(1, ip.length() - 1);
      }
      out.add(new ExtraHost(s.substring(0, at), ip));
    }
    return out;
  }

  private static List<String> devices(YNode node, String p) {
    List<String> out = new ArrayList<>();
    if (node == null || isNull(node)) {
      return out;
    }
    YSeq q = seq(node, p);
    for (int i = 0; i < q.items.size(); i++) {
      YNode item = q.items.get(i);
      String ip = p + "[" + i + "]";
      if (item instanceof YMap m) {
        keys(m, ip, KEYS_36, Set.of());
        String src = str(m.get("source"), ip + ".source");
        String target = optStr(m, "target", ip).orElse(src);
        out.add(src + ":" + target + optStr(m, "permissions", ip).map(x -> ":" + x).orElse(""));
      } else {
        out.add(scalarString(item, ip));
      }
    }
    return out;
  }

  private static List<DependsOn> dependsOn(YNode node, String p) {
    return namedEntries(node, p, DependsOn::started, (name, dm, dp) -> {
      keys(dm, dp, KEYS_37, Set.of());
      DependsOn.Condition condition = DependsOn.Condition.STARTED;
      YNode c = dm.get("condition");
      if (c != null) {
        try {
          condition = DependsOn.Condition.parse(str(c, dp + ".condition"));
        } catch (IllegalArgumentException e) {
          throw c.error(dp + ".condition", e.getMessage());
        }
      }
      YNode req = dm.get("required");
      YNode rst = dm.get("restart");
      return new DependsOn(name, condition, req == null || bool(req, dp + ".required"),
          rst != null && bool(rst, dp + ".restart"));
    });
  }

  private static List<FileReference> fileRefs(YNode node, String p) {
    List<FileReference> out = new ArrayList<>();
    if (node == null || isNull(node)) {
      return out;
    }
    YSeq q = seq(node, p);
    for (int i = 0; i < q.items.size(); i++) {
      YNode item = q.items.get(i);
      String ip = p + "[" + i + "]";
      if (item instanceof YMap m) {
        keys(m, ip, KEYS_38, Set.of());
        YNode src = m.get("source");
        if (src == null) {
          throw m.error(ip, "needs a source");
        }
        Optional<Integer> mode = Optional.empty();
        YNode mn = m.get("mode");
        if (mn != null && !isNull(mn)) {
          mode = Optional.of(fileMode(mn, ip + ".mode"));
        }
        out.add(new FileReference(str(src, ip + ".source"), optStr(m, "target", ip), optScalar(m, "uid", ip),
            optScalar(m, "gid", ip), mode));
      } else {
        out.add(FileReference.of(str(item, ip)));
      }
    }
    return out;
  }

  private static int fileMode(YNode node, String p) {
    YScalar s = scalar(node, p);
    try {
      if (s.type == YScalar.Type.INT) {
        return YamlLoader.intValue(s.text).intValueExact();
      }
      return Integer.parseInt(s.text.trim(), 8);
    } catch (RuntimeException e) {
      throw node.error(p, "invalid file mode '" + s.text + "' (expected an octal number such as 0440)");
    }
  }

  /** The key compose merges secrets and configs by (the target path), or null. */
  static String fileRefKey(YNode n, String prefix) {
    try {
      if (n instanceof YMap m) {
        // as compose: a long-syntax target is the key as written; without one, the default path
        YNode t = m.get("target");
        return t != null ? ((YScalar) t).text : prefix + ((YScalar) m.get("source")).text;
      }
      String s = ((YScalar) n).text;
      return s.startsWith("/") ? s : prefix + s;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The key compose merges env files by (the path), or null. */
  static String envFileKey(YNode n) {
    try {
      if (n instanceof YMap m) {
        return ((YScalar) m.get("path")).text;
      }
      return ((YScalar) n).text;
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- value helpers

  static boolean isNull(YNode n) {
    return n instanceof YScalar s && s.isNull();
  }

  static void keys(YMap m, String p, Set<String> mapped, Set<String> unsupported) {
    for (String k : m.entries.keySet()) {
      if (mapped.contains(k) || k.startsWith("x-")) {
        continue;
      }
      if (unsupported.contains(k)) {
        throw m.keyNode(k).error(p + "." + k, "not supported: '" + k + "'");
      }
      List<String> expected = new ArrayList<>(mapped);
      java.util.Collections.sort(expected);
      throw m.keyNode(k).error(p + "." + k, "unknown key '" + k + "' (expected one of " + String.join(", ", expected) + ")");
    }
  }

  static YMap map(YNode n, String p) {
    if (n instanceof YMap m) {
      return m;
    }
    throw n.error(p, "must be a mapping, not " + n.kindName());
  }

  static YSeq seq(YNode n, String p) {
    if (n instanceof YSeq q) {
      return q;
    }
    throw n.error(p, "must be a list, not " + n.kindName());
  }

  static YScalar scalar(YNode n, String p) {
    if (n instanceof YScalar s) {
      return s;
    }
    throw n.error(p, "must be a single value, not " + n.kindName());
  }

  /** A scalar as a string (numbers and booleans as compose prints them); null is an error. */
  static String scalarString(YNode n, String p) {
    YScalar s = scalar(n, p);
    if (s.isNull()) {
      throw n.error(p, "must have a value");
    }
    return s.asString();
  }

  /** A string value; a number or boolean is accepted as its text. */
  static String str(YNode n, String p) {
    if (n == null) {
      throw new IllegalStateException(p);
    }
    return scalarString(n, p);
  }

  private static Optional<String> optStr(YMap m, String key, String p) {
    YNode n = m.get(key);
    return n == null || isNull(n) ? Optional.empty() : Optional.of(str(n, p + "." + key));
  }

  private static Optional<String> optScalar(YMap m, String key, String p) {
    return optStr(m, key, p);
  }

  static boolean bool(YNode n, String p) {
    YScalar s = scalar(n, p);
    String t = s.text.trim();
    if (t.equalsIgnoreCase("true")) {
      return true;
    }
    if (t.equalsIgnoreCase("false")) {
      return false;
    }
    throw n.error(p, "must be true or false, not '" + s.text + "'");
  }

  private static boolean optBool(YMap m, String key, String p) {
    YNode n = m.get(key);
    return n != null && !isNull(n) && bool(n, p + "." + key);
  }

  static long integer(YNode n, String p) {
    String s = scalarString(n, p);
    try {
      YScalar sc = (YScalar) n;
      return sc.type == YScalar.Type.INT ? YamlLoader.intValue(sc.text).longValueExact() : Long.parseLong(s.trim());
    } catch (RuntimeException e) {
      throw n.error(p, "must be a whole number, not '" + s + "'");
    }
  }

  private static BigDecimal decimal(YNode n, String p) {
    String s = scalarString(n, p);
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      throw n.error(p, "must be a number, not '" + s + "'");
    }
  }

  static ByteSize size(YNode n, String p) {
    String s = scalarString(n, p);
    try {
      return ByteSize.parse(s);
    } catch (IllegalArgumentException e) {
      throw n.error(p, "invalid size '" + s + "' (expected e.g. 512m, 2g or a number of bytes)");
    }
  }

  static Duration duration(YNode n, String p) {
    String s = scalarString(n, p);
    Duration d = parseDuration(s);
    if (d == null) {
      throw n.error(p, "invalid duration '" + s + "' (expected e.g. 30s, 1m30s, 500ms, 1h)");
    }
    return d;
  }

  private static Optional<Duration> optDuration(YMap m, String key, String p) {
    YNode n = m.get(key);
    return n == null || isNull(n) ? Optional.empty() : Optional.of(duration(n, p + "." + key));
  }

  /** Parses a Go duration ({@code 1m30s}, {@code 1.5h}, {@code 500ms}); null when it is not one. */
  static Duration parseDuration(String text) {
    return Durations.parse(text).orElse(null);
  }

  /** A string or a list of strings, as the list of scalar nodes. */
  static List<YNode> stringList(YNode n, String p) {
    if (n instanceof YScalar s) {
      if (s.isNull()) {
        return List.of();
      }
      return List.of(s.type == YScalar.Type.STRING ? s : s.withText(s.asString()));
    }
    YSeq q = seq(n, p);
    List<YNode> out = new ArrayList<>();
    for (int i = 0; i < q.items.size(); i++) {
      YScalar s = scalar(q.items.get(i), p + "[" + i + "]");
      if (s.isNull()) {
        throw s.error(p + "[" + i + "]", "must have a value");
      }
      out.add(s.type == YScalar.Type.STRING ? s : s.withText(s.asString()));
    }
    return out;
  }

  private static List<String> strings(YNode n, String p) {
    if (n == null || isNull(n)) {
      return List.of();
    }
    return stringList(n, p).stream().map(x -> ((YScalar) x).text).toList();
  }

  /**
   * A mapping or a {@code KEY=VALUE} list as an ordered map; values as strings (null stays null
   * unless {@code noNulls}, where it becomes "").
   */
  private static Map<String, String> stringMap(YNode n, String p, boolean noNulls) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || isNull(n)) {
      return out;
    }
    if (n instanceof YSeq q) {
      for (int i = 0; i < q.items.size(); i++) {
        String s = scalarString(q.items.get(i), p + "[" + i + "]");
        int eq = s.indexOf('=');
        if (eq == 0) {
          throw q.items.get(i).error(p + "[" + i + "]", "invalid entry '" + s + "' (expected KEY=VALUE)");
        }
        if (eq < 0) {
          out.put(s, noNulls ? "" : null);
        } else {
          out.put(s.substring(0, eq), s.substring(eq + 1));
        }
      }
      return out;
    }
    YMap m = map(n, p);
    m.entries.forEach((k, v) -> {
      YScalar s = scalar(v, p + "." + k);
      out.put(k, s.isNull() ? (noNulls ? "" : null) : s.asString());
    });
    return out;
  }

  private static Map<String, String> labels(YNode n, String p) {
    return stringMap(n, p, true);
  }

  /** A host path as compose normalises it: {@code ~} is the home folder, relative to the base folder. */
  static String hostPath(String path, YNode at) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.equals("~") ? "" : path.substring(2))
          .normalize().toString();
    }
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return path; // compose keeps an absolute path as written (a trailing slash included)
    }
    return at.source.baseDir().resolve(p).toAbsolutePath().normalize().toString();
  }

  static String normalizeProjectName(String dirName) {
    String s = dirName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    return s.replaceFirst("^[^a-z0-9]+", "");
  }
}
