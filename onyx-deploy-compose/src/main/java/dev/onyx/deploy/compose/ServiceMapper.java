package dev.onyx.deploy.compose;

import static dev.onyx.deploy.compose.Scalars.bool;
import static dev.onyx.deploy.compose.Scalars.hostPath;
import static dev.onyx.deploy.compose.Scalars.isNull;
import static dev.onyx.deploy.compose.Scalars.map;
import static dev.onyx.deploy.compose.Scalars.optBool;
import static dev.onyx.deploy.compose.Scalars.optBoolean;
import static dev.onyx.deploy.compose.Scalars.durationOrNull;
import static dev.onyx.deploy.compose.Scalars.intOrNull;
import static dev.onyx.deploy.compose.Scalars.optStr;
import static dev.onyx.deploy.compose.Scalars.scalar;
import static dev.onyx.deploy.compose.Scalars.scalarString;
import static dev.onyx.deploy.compose.Scalars.seq;
import static dev.onyx.deploy.compose.Scalars.str;
import static dev.onyx.deploy.compose.Scalars.strOrNull;
import static dev.onyx.deploy.compose.Scalars.stringMap;
import static dev.onyx.deploy.compose.Scalars.strings;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import dev.onyx.deploy.core.CredentialSpec;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Develop;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.Provider;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.ServiceHook;
import dev.onyx.deploy.core.ServiceModel;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.WatchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one entry of {@code services} into a {@link Service}: every key of the Compose
 * Specification's service. Ports, volumes and tmpfs are read by {@link PortsAndMounts}, the deploy
 * section and the resource keys by {@link DeployMapper}, the build section by {@link BuildMapper}.
 * Each key is read on its own: a bad value is recorded in {@link Problems} and the rest is read.
 */
final class ServiceMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMapper.class);

  private final Map<String, String> env;
  private final Problems problems;
  private final DeployMapper deploy;
  private final BuildMapper build;

  ServiceMapper(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
    this.deploy = new DeployMapper(problems);
    this.build = new BuildMapper(env, problems);
  }

  /** The keys read together by one step after the others: env files and labels files, the resource keys. */
  private static final Set<String> LATER = Set.of("environment", "env_file", "labels", "label_file", "cpus",
      "cpu_count", "cpu_percent", "cpu_shares", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpuset",
      "mem_limit", "mem_reservation", "memswap_limit", "mem_swappiness", "oom_kill_disable", "oom_score_adj",
      "pids_limit", "blkio_config", "ports", "volumes", "tmpfs");

  /**
   * Reads a service: each key present, on its own (a bad value is recorded and the next key read),
   * then the keys read together.
   */
  Service service(String name, YMap m, String p) {
    Service.Builder b = Service.builder(name);
    boolean later = false;
    for (int i = 0; i < m.entries.size(); i++) {
      String k = m.entries.keyAt(i);
      YNode v = m.entries.valueAt(i);
      if (!ComposeKeys.SERVICE.contains(k)) {
        if (!k.startsWith("x-")) {
          problems.unknownKey(m, k, p, ComposeKeys.SERVICE);
        }
      } else if (LATER.contains(k)) {
        later = true;
      } else if (!isNull(v)) {
        try {
          read(b, k, v, Scalars.child(p, k));
        } catch (ComposeFormatException ex) {
          problems.add(ex);
        }
      }
    }
    if (later) {
      try {
        b.environment(environment(m, p));
      } catch (ComposeFormatException ex) {
        problems.add(ex);
      }
      try {
        b.labels(labels(m, p));
      } catch (ComposeFormatException ex) {
        problems.add(ex);
      }
      try {
        b.containerLimits(deploy.containerLimits(m, p));
      } catch (ComposeFormatException ex) {
        problems.add(ex);
      }
      PortsAndMounts.read(m, p, b, problems);
    }
    b.extensions(Scalars.extensions(m));
    return b.build();
  }

  /** Reads one key of a service (not null, not one of {@link #LATER}) into the builder. */
  private void read(Service.Builder b, String k, YNode v, String kp) {
    switch (k) {
      case "image" -> b.image(str(v, kp));
      case "build" -> b.build(build.build(v, kp));
      case "pull_policy" -> b.pullPolicy(str(v, kp));
      case "pull_refresh_after" -> b.pullRefreshAfter(str(v, kp));
      case "platform" -> b.platform(str(v, kp));
      case "command" -> {
        Optional<List<String>> c = command(v, kp);
        if (c.isPresent()) {
          b.command(c.get()).emptyCommand(c.get().isEmpty());
        }
      }
      case "entrypoint" -> {
        Optional<List<String>> c = command(v, kp);
        if (c.isPresent()) {
          b.entrypoint(c.get()).emptyEntrypoint(c.get().isEmpty());
        }
      }
      case "working_dir" -> b.workingDir(str(v, kp));
      case "user" -> b.user(str(v, kp));
      case "group_add" -> b.groupAdd(strings(v, kp));
      case "init" -> b.init(bool(v, kp));
      case "tty" -> b.tty(bool(v, kp));
      case "stdin_open" -> b.stdinOpen(bool(v, kp));
      case "attach" -> b.attach(bool(v, kp));
      case "stop_signal" -> b.stopSignal(str(v, kp));
      case "stop_grace_period" -> b.stopGracePeriod(Scalars.duration(v, kp));
      case "post_start" -> b.postStart(hooks(v, kp));
      case "pre_stop" -> b.preStop(hooks(v, kp));
      case "healthcheck" -> b.healthcheck(healthcheck(map(v, kp), kp));
      case "restart" -> b.restart(restart(str(v, kp), v, kp));
      case "scale" -> b.scale(Scalars.integer32(v, kp));
      case "deploy" -> b.deploy(deploy.deploy(map(v, kp), kp));
      case "gpus" -> b.gpus(deploy.gpus(v, kp));
      case "develop" -> b.develop(develop(map(v, kp), kp));
      case "profiles" -> b.profiles(strings(v, kp));
      case "depends_on" -> b.dependsOn(dependsOn(v, kp));
      case "expose" -> b.expose(strings(v, kp));
      case "networks" -> b.networks(networks(v, kp));
      case "network_mode" -> b.networkMode(str(v, kp));
      case "hostname" -> b.hostname(str(v, kp));
      case "domainname" -> b.domainname(str(v, kp));
      case "mac_address" -> b.macAddress(str(v, kp));
      case "dns" -> b.dns(strings(v, kp));
      case "dns_opt" -> b.dnsOpt(strings(v, kp));
      case "dns_search" -> b.dnsSearch(strings(v, kp));
      case "extra_hosts" -> b.extraHosts(extraHosts(v, kp));
      case "links" -> b.links(strings(v, kp));
      case "external_links" -> b.externalLinks(strings(v, kp));
      case "volumes_from" -> b.volumesFrom(strings(v, kp));
      case "secrets" -> b.secrets(fileRefs(problems, v, kp));
      case "configs" -> b.configs(fileRefs(problems, v, kp));
      case "container_name" -> b.containerName(str(v, kp));
      case "annotations" -> b.annotations(stringMap(v, kp, true));
      case "logging" -> b.logging(logging(map(v, kp), kp));
      case "privileged" -> b.privileged(bool(v, kp));
      case "read_only" -> b.readOnly(bool(v, kp));
      case "cap_add" -> b.capAdd(strings(v, kp));
      case "cap_drop" -> b.capDrop(strings(v, kp));
      case "security_opt" -> b.securityOpt(strings(v, kp));
      case "sysctls" -> b.sysctls(stringMap(v, kp, true));
      case "devices" -> b.devices(devices(v, kp));
      case "device_cgroup_rules" -> b.deviceCgroupRules(strings(v, kp));
      case "runtime" -> b.runtime(str(v, kp));
      case "pid" -> b.pid(str(v, kp));
      case "ipc" -> b.ipc(str(v, kp));
      case "uts" -> b.uts(str(v, kp));
      case "userns_mode" -> b.usernsMode(str(v, kp));
      case "cgroup" -> b.cgroup(str(v, kp));
      case "cgroup_parent" -> b.cgroupParent(str(v, kp));
      case "isolation" -> b.isolation(str(v, kp));
      case "credential_spec" -> b.credentialSpec(credentialSpec(map(v, kp), kp));
      case "ulimits" -> {
        NodeMap ulimits = map(v, kp).entries;
        for (int i = 0; i < ulimits.size(); i++) {
          String name = ulimits.keyAt(i);
          try {
            b.addUlimits(ulimit(name, ulimits.valueAt(i), Scalars.child(kp, name)));
          } catch (ComposeFormatException e) {
            problems.add(e);
          }
        }
      }
      case "shm_size" -> b.shmSize(Scalars.size(v, kp));
      case "storage_opt" -> b.storageOpt(stringMap(v, kp, true));
      case "use_api_socket" -> b.useApiSocket(bool(v, kp));
      case "provider" -> b.provider(provider(map(v, kp), kp));
      case "models" -> b.models(models(v, kp));
      default -> throw new IllegalStateException("no reader for service key " + k);
    }
  }

  private static RestartPolicy restart(String text, YNode at, String p) {
    try {
      return RestartPolicy.parse(text);
    } catch (IllegalArgumentException e) {
      throw at.error(p, e.getMessage());
    }
  }

  // ---------------------------------------------------------------- process

  /** @return the argv; empty for an empty string or list (which clears the image's) */
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
      return Optional.of(r.words());
    }
    List<String> out = new ArrayList<>();
    YSeq q = seq(node, p);
    for (int i = 0; i < q.items.size(); i++) {
      out.add(scalarString(q.items.get(i), Scalars.index(p, i)));
    }
    return Optional.of(out);
  }

  /** The environment: env files first, then {@code environment} (whose entries win), as compose. */
  private Map<String, String> environment(YMap m, String p) {
    Map<String, String> environment = new LinkedHashMap<>();
    YNode envFile = m.get("env_file");
    if (envFile != null && !isNull(envFile)) {
      environment.putAll(keyValueFiles(envFile, p.concat(".env_file"), true));
    }
    YNode envNode = m.get("environment");
    if (envNode != null && !isNull(envNode)) {
      for (Map.Entry<String, String> e : stringMap(envNode, p.concat(".environment"), false).entrySet()) {
        String k = e.getKey();
        environment.remove(k);
        environment.put(k, e.getValue() != null ? e.getValue() : env.get(k));
      }
    }
    return environment;
  }

  /** The labels: label files first, then {@code labels} (whose entries win), as compose. */
  private Map<String, String> labels(YMap m, String p) {
    Map<String, String> labels = new LinkedHashMap<>();
    YNode files = m.get("label_file");
    if (files != null && !isNull(files)) {
      keyValueFiles(files, p.concat(".label_file"), false).forEach((k, v) -> labels.put(k, v == null ? "" : v));
    }
    labels.putAll(stringMap(m.get("labels"), p.concat(".labels"), true));
    return labels;
  }

  /** Reads env files ({@code env_file}) or label files ({@code label_file}), in order. */
  private Map<String, String> keyValueFiles(YNode node, String p, boolean envFile) {
    Map<String, String> out = new LinkedHashMap<>();
    List<YNode> items = node instanceof YSeq q ? q.items : List.of(node);
    for (int i = 0; i < items.size(); i++) {
      YNode item = items.get(i);
      String ip = node instanceof YSeq ? Scalars.index(p, i) : p;
      String path;
      boolean required = true;
      if (item instanceof YMap m && envFile) {
        problems.keys(m, ip, ComposeKeys.ENV_FILE);
        YNode pn = m.get("path");
        if (pn == null) {
          throw m.error(ip, "needs a path");
        }
        path = str(pn, ip.concat(".path"));
        required = m.get("required") == null || bool(m.get("required"), ip.concat(".required"));
        YNode format = m.get("format");
        if (format != null && !isNull(format)) {
          String f = str(format, ip.concat(".format"));
          if (!f.equals("dotenv")) {
            throw format.error(ip.concat(".format"), "unknown env_file format '" + f + "' (expected dotenv)");
          }
        }
      } else {
        path = str(item, ip);
      }
      Path file = Path.of(hostPath(path, item));
      if (!Files.isRegularFile(file)) {
        if (required) {
          throw item.error(ip, (envFile ? "env" : "label") + " file " + file + " not found"
              + (envFile ? " (create it, or use {path: ..., required: false})" : ""));
        }
        continue;
      }
      out.putAll(ProjectLoader.readEnvFile(file, item, k -> env.containsKey(k) ? env.get(k) : out.get(k)));
    }
    return out;
  }

  private List<ServiceHook> hooks(YNode node, String p) {
    return problems.mappings(node, p, ComposeKeys.HOOK, ServiceMapper::hook);
  }

  private static ServiceHook hook(YMap m, String p) {
    List<String> cmd = command(m.get("command"), p.concat(".command")).orElse(List.of());
    return new ServiceHook(cmd, optStr(m, "user", p), optBool(m, "privileged", p), optStr(m, "working_dir", p),
        stringMap(m.get("environment"), p.concat(".environment"), false));
  }

  private Develop develop(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.DEVELOP);
    return new Develop(problems.mappings(m.get("watch"), p.concat(".watch"), ComposeKeys.WATCH, (w, wp) -> {
      YNode path = w.get("path");
      YNode action = w.get("action");
      if (path == null || action == null) {
        throw w.error(wp, "a watch rule needs a path and an action");
      }
      WatchRule.Builder r = WatchRule.builder(hostPath(str(path, wp.concat(".path")), path), str(action, wp.concat(".action")));
      optStr(w, "target", wp).ifPresent(r::target);
      strings(w.get("ignore"), wp.concat(".ignore")).forEach(r::addIgnore);
      strings(w.get("include"), wp.concat(".include")).forEach(r::addInclude);
      optBoolean(w, "initial_sync", wp).ifPresent(r::initialSync);
      YNode exec = w.get("exec");
      if (exec != null && !isNull(exec)) {
        r.exec(hook(map(exec, wp.concat(".exec")), wp.concat(".exec")));
      }
      return r.build();
    }));
  }

  // ---------------------------------------------------------------- healthcheck, logging

  /** @return the healthcheck; {@code {}} or timing only keeps the image's test ({@link Healthcheck.Kind#IMAGE}) */
  private Healthcheck healthcheck(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.HEALTHCHECK);
    YNode disable = m.get("disable");
    YNode test = m.get("test");
    if (disable != null && !isNull(disable) && bool(disable, p.concat(".disable"))) {
      if (test != null && !isNull(test)) {
        throw test.error(p.concat(".test"), "cannot be set together with disable: true");
      }
      return Healthcheck.none();
    }
    Healthcheck.Kind kind = Healthcheck.Kind.IMAGE;
    List<String> argv = new ArrayList<>();
    if (test != null && !isNull(test)) {
      if (test instanceof YScalar ts) {
        kind = Healthcheck.Kind.CMD_SHELL;
        argv.add(ts.asString());
      } else {
        YSeq q = seq(test, p.concat(".test"));
        List<String> all = new ArrayList<>();
        for (int i = 0; i < q.items.size(); i++) {
          all.add(scalarString(q.items.get(i), p + ".test[" + i + "]"));
        }
        if (all.isEmpty()) {
          throw q.error(p.concat(".test"), "must not be empty");
        }
        kind = switch (all.get(0)) {
          case "CMD" -> Healthcheck.Kind.CMD;
          case "CMD-SHELL" -> Healthcheck.Kind.CMD_SHELL;
          case "NONE" -> Healthcheck.Kind.NONE;
          default -> throw q.error(p.concat(".test"), "must start with CMD, CMD-SHELL or NONE (was '" + all.get(0) + "')");
        };
        argv.addAll(all.subList(1, all.size()));
      }
    }
    Healthcheck.Builder h = Healthcheck.builder(kind).test(argv);
    Duration interval = durationOrNull(m, "interval", p);
    if (interval != null) {
      h.interval(interval);
    }
    Duration timeout = durationOrNull(m, "timeout", p);
    if (timeout != null) {
      h.timeout(timeout);
    }
    Integer retries = intOrNull(m, "retries", p);
    if (retries != null) {
      h.retries(retries);
    }
    Duration startPeriod = durationOrNull(m, "start_period", p);
    if (startPeriod != null) {
      h.startPeriod(startPeriod);
    }
    Duration startInterval = durationOrNull(m, "start_interval", p);
    if (startInterval != null) {
      h.startInterval(startInterval);
    }
    return h.build();
  }

  private Logging logging(YMap lm, String p) {
    problems.keys(lm, p, ComposeKeys.LOGGING);
    return new Logging(optStr(lm, "driver", p), stringMap(lm.get("options"), p.concat(".options"), true));
  }

  private CredentialSpec credentialSpec(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.CREDENTIAL_SPEC);
    return new CredentialSpec(optStr(m, "config", p), optStr(m, "file", p), optStr(m, "registry", p));
  }

  private Provider provider(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.PROVIDER);
    YNode type = m.get("type");
    if (type == null || isNull(type)) {
      throw m.error(p, "a provider needs a type");
    }
    Map<String, List<String>> options = new LinkedHashMap<>();
    YNode on = m.get("options");
    if (on != null && !isNull(on)) {
      map(on, p.concat(".options")).entries.forEach((k, v) -> options.put(k, strings(v, p + ".options." + k)));
    }
    return new Provider(str(type, p.concat(".type")), options);
  }

  private List<ServiceModel> models(YNode node, String p) {
    List<ServiceModel> out = new ArrayList<>();
    for (Named e : namedEntries(node, p)) {
      YMap mm = e.options();
      if (mm == null) {
        out.add(ServiceModel.of(e.name()));
      } else {
        problems.keys(mm, e.path(), ComposeKeys.SERVICE_MODEL);
        out.add(new ServiceModel(e.name(), optStr(mm, "endpoint_var", e.path()), optStr(mm, "model_var", e.path())));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- hosts, devices, ulimits

  private static Ulimit ulimit(String name, YNode node, String p) {
    if (node instanceof YMap m) {
      YNode soft = m.get("soft");
      YNode hard = m.get("hard");
      if (soft == null || hard == null) {
        throw m.error(p, "invalid ulimit: needs both soft and hard (or a single number)");
      }
      return new Ulimit(name, ulimitValue(soft, p.concat(".soft")), ulimitValue(hard, p.concat(".hard")));
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

  static List<ExtraHost> extraHosts(YNode node, String p) {
    List<ExtraHost> out = new ArrayList<>();
    if (node instanceof YMap m) {
      m.entries.forEach((host, v) -> {
        if (v instanceof YSeq q) {
          for (YNode ip : q.items) {
            out.add(new ExtraHost(host, scalarString(ip, Scalars.child(p, host))));
          }
        } else {
          out.add(new ExtraHost(host, scalarString(v, Scalars.child(p, host))));
        }
      });
      return out;
    }
    YSeq q = seq(node, p);
    for (int i = 0; i < q.items.size(); i++) {
      String s = scalarString(q.items.get(i), Scalars.index(p, i));
      int eq = s.indexOf('=');
      int at = eq >= 0 ? eq : s.indexOf(':');
      if (at <= 0 || at == s.length() - 1) {
        throw q.items.get(i).error(Scalars.index(p, i), "invalid extra host '" + s + "' (expected HOST:IP or HOST=IP)");
      }
      String ip = s.substring(at + 1);
      if (ip.startsWith("[") && ip.endsWith("]")) {
        ip = ip.substring(1, ip.length() - 1);
      }
      out.add(new ExtraHost(s.substring(0, at), ip));
    }
    return out;
  }

  private List<String> devices(YNode node, String p) {
    return Problems.items(node, p, (item, ip) -> {
      if (!(item instanceof YMap m)) {
        return scalarString(item, ip);
      }
      problems.keys(m, ip, ComposeKeys.DEVICE);
      String s = str(source(m, ip), ip.concat(".source"));
      return s + ":" + optStr(m, "target", ip).orElse(s) + optStr(m, "permissions", ip).map(x -> ":" + x).orElse("");
    });
  }

  private static YNode source(YMap m, String p) {
    YNode src = m.get("source");
    if (src == null || isNull(src)) {
      throw m.error(p, "needs a source");
    }
    return src;
  }

  // ---------------------------------------------------------------- named entries

  /** One entry of a key written as a list of names or a map of names: its options are null for none. */
  private record Named(String name, @Nullable YMap options, String path) {}

  /**
   * Reads a key that is either a list of names or a map of name to options (null for none), as
   * compose allows for {@code networks}, {@code depends_on} and {@code models}.
   */
  private static List<Named> namedEntries(YNode node, String p) {
    List<Named> out = new ArrayList<>();
    if (node instanceof YSeq q) {
      for (int i = 0; i < q.items.size(); i++) {
        String ip = Scalars.index(p, i);
        out.add(new Named(str(q.items.get(i), ip), null, ip));
      }
      return out;
    }
    NodeMap entries = map(node, p).entries;
    for (int i = 0; i < entries.size(); i++) {
      String name = entries.keyAt(i);
      YNode v = entries.valueAt(i);
      String np = Scalars.child(p, name);
      out.add(new Named(name, isNull(v) ? null : map(v, np), np));
    }
    return out;
  }

  private List<NetworkAttachment> networks(YNode node, String p) {
    List<NetworkAttachment> out = new ArrayList<>();
    for (Named e : namedEntries(node, p)) {
      out.add(e.options() == null ? NetworkAttachment.to(e.name()) : network(e.name(), e.options(), e.path()));
    }
    return out;
  }

  private NetworkAttachment network(String name, YMap nm, String np) {
    problems.keys(nm, np, ComposeKeys.SERVICE_NETWORK);
    NetworkAttachment.Builder a = NetworkAttachment.builder(name);
    for (String alias : strings(nm.get("aliases"), np.concat(".aliases"))) {
      a.addAliases(alias);
    }
    String ipv4 = strOrNull(nm, "ipv4_address", np);
    if (ipv4 != null) {
      a.ipv4Address(ipv4);
    }
    String ipv6 = strOrNull(nm, "ipv6_address", np);
    if (ipv6 != null) {
      a.ipv6Address(ipv6);
    }
    String mac = strOrNull(nm, "mac_address", np);
    if (mac != null) {
      a.macAddress(mac);
    }
    for (String ip : strings(nm.get("link_local_ips"), np.concat(".link_local_ips"))) {
      a.addLinkLocalIps(ip);
    }
    for (Map.Entry<String, String> o : stringMap(nm.get("driver_opts"), np.concat(".driver_opts"), true).entrySet()) {
      a.driverOption(o.getKey(), o.getValue());
    }
    Integer priority = intOrNull(nm, "priority", np);
    if (priority != null) {
      a.priority(priority);
    }
    Integer gwPriority = intOrNull(nm, "gw_priority", np);
    if (gwPriority != null) {
      a.gwPriority(gwPriority);
    }
    String interfaceName = strOrNull(nm, "interface_name", np);
    if (interfaceName != null) {
      a.interfaceName(interfaceName);
    }
    return a.build();
  }

  private List<DependsOn> dependsOn(YNode node, String p) {
    List<DependsOn> out = new ArrayList<>();
    for (Named e : namedEntries(node, p)) {
      out.add(e.options() == null ? DependsOn.started(e.name()) : dependsOn(e.name(), e.options(), e.path()));
    }
    return out;
  }

  private DependsOn dependsOn(String name, YMap dm, String dp) {
    problems.keys(dm, dp, ComposeKeys.DEPENDS_ON);
    DependsOn.Condition condition = DependsOn.Condition.STARTED;
    YNode c = dm.get("condition");
    if (c != null) {
      try {
        condition = DependsOn.Condition.parse(str(c, dp.concat(".condition")));
      } catch (IllegalArgumentException e) {
        throw c.error(dp.concat(".condition"), e.getMessage());
      }
    }
    YNode req = dm.get("required");
    YNode rst = dm.get("restart");
    return new DependsOn(name, condition, req == null || bool(req, dp.concat(".required")),
        rst != null && bool(rst, dp.concat(".restart")));
  }

  /** Secrets and configs of a service (or of a build). */
  static List<FileReference> fileRefs(Problems problems, YNode node, String p) {
    List<FileReference> out = new ArrayList<>();
    if (node == null || isNull(node)) {
      return out;
    }
    List<YNode> items = seq(node, p).items;
    for (int i = 0; i < items.size(); i++) {
      YNode item = items.get(i);
      String ip = Scalars.index(p, i);
      if (!(item instanceof YMap m)) {
        out.add(FileReference.of(str(item, ip)));
        continue;
      }
      problems.keys(m, ip, ComposeKeys.FILE_REFERENCE);
      YNode mn = m.get("mode");
      out.add(new FileReference(str(source(m, ip), ip.concat(".source")), optStr(m, "target", ip), optStr(m, "uid", ip),
          optStr(m, "gid", ip), mn == null || isNull(mn) ? Optional.empty() : Optional.of(fileMode(mn, ip.concat(".mode")))));
    }
    return out;
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

  static int fileMode(YNode node, String p) {
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
}
