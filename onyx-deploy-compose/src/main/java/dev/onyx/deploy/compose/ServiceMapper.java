package dev.onyx.deploy.compose;

import static dev.onyx.deploy.compose.Scalars.bool;
import static dev.onyx.deploy.compose.Scalars.hostPath;
import static dev.onyx.deploy.compose.Scalars.isNull;
import static dev.onyx.deploy.compose.Scalars.map;
import static dev.onyx.deploy.compose.Scalars.optBool;
import static dev.onyx.deploy.compose.Scalars.optBoolean;
import static dev.onyx.deploy.compose.Scalars.optDuration;
import static dev.onyx.deploy.compose.Scalars.optInt;
import static dev.onyx.deploy.compose.Scalars.optStr;
import static dev.onyx.deploy.compose.Scalars.scalar;
import static dev.onyx.deploy.compose.Scalars.scalarString;
import static dev.onyx.deploy.compose.Scalars.seq;
import static dev.onyx.deploy.compose.Scalars.str;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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

  private void at(Runnable step) {
    problems.attempt(step);
  }

  Service service(String name, YMap m, String p) {
    problems.keys(m, p, ComposeKeys.SERVICE);
    Service.Builder b = Service.builder(name);
    at(() -> optStr(m, "image", p).ifPresent(b::image));
    YNode bn = m.get("build");
    if (bn != null && !isNull(bn)) {
      at(() -> b.build(build.build(bn, p + ".build")));
    }
    at(() -> optStr(m, "pull_policy", p).ifPresent(b::pullPolicy));
    at(() -> optStr(m, "pull_refresh_after", p).ifPresent(b::pullRefreshAfter));
    at(() -> optStr(m, "platform", p).ifPresent(b::platform));
    at(() -> command(m.get("command"), p + ".command").ifPresent(c -> {
      b.command(c);
      b.emptyCommand(c.isEmpty());
    }));
    at(() -> command(m.get("entrypoint"), p + ".entrypoint").ifPresent(c -> {
      b.entrypoint(c);
      b.emptyEntrypoint(c.isEmpty());
    }));
    at(() -> b.environment(environment(m, p)));
    at(() -> b.labels(labels(m, p)));
    at(() -> optStr(m, "working_dir", p).ifPresent(b::workingDir));
    at(() -> optStr(m, "user", p).ifPresent(b::user));
    at(() -> b.groupAdd(strings(m.get("group_add"), p + ".group_add")));
    at(() -> optBoolean(m, "init", p).ifPresent(b::init));
    at(() -> b.tty(optBool(m, "tty", p)));
    at(() -> b.stdinOpen(optBool(m, "stdin_open", p)));
    at(() -> optBoolean(m, "attach", p).ifPresent(b::attach));
    at(() -> optStr(m, "stop_signal", p).ifPresent(b::stopSignal));
    at(() -> optDuration(m, "stop_grace_period", p).ifPresent(b::stopGracePeriod));
    at(() -> b.postStart(hooks(m.get("post_start"), p + ".post_start")));
    at(() -> b.preStop(hooks(m.get("pre_stop"), p + ".pre_stop")));
    YNode hc = m.get("healthcheck");
    if (hc != null && !isNull(hc)) {
      at(() -> b.healthcheck(healthcheck(map(hc, p + ".healthcheck"), p + ".healthcheck")));
    }
    at(() -> optStr(m, "restart", p).ifPresent(r -> b.restart(restart(r, m.get("restart"), p + ".restart"))));
    at(() -> optInt(m, "scale", p).ifPresent(b::scale));
    YNode dn = m.get("deploy");
    if (dn != null && !isNull(dn)) {
      at(() -> b.deploy(deploy.deploy(map(dn, p + ".deploy"), p + ".deploy")));
    }
    at(() -> b.containerLimits(deploy.containerLimits(m, p)));
    at(() -> b.gpus(deploy.gpus(m.get("gpus"), p + ".gpus")));
    YNode develop = m.get("develop");
    if (develop != null && !isNull(develop)) {
      at(() -> b.develop(develop(map(develop, p + ".develop"), p + ".develop")));
    }
    at(() -> b.profiles(strings(m.get("profiles"), p + ".profiles")));
    YNode deps = m.get("depends_on");
    if (deps != null && !isNull(deps)) {
      at(() -> b.dependsOn(dependsOn(deps, p + ".depends_on")));
    }
    PortsAndMounts.read(m, p, b, problems);
    at(() -> b.expose(strings(m.get("expose"), p + ".expose")));
    YNode networks = m.get("networks");
    if (networks != null && !isNull(networks)) {
      at(() -> b.networks(networks(networks, p + ".networks")));
    }
    at(() -> optStr(m, "network_mode", p).ifPresent(b::networkMode));
    at(() -> optStr(m, "hostname", p).ifPresent(b::hostname));
    at(() -> optStr(m, "domainname", p).ifPresent(b::domainname));
    at(() -> optStr(m, "mac_address", p).ifPresent(b::macAddress));
    at(() -> b.dns(strings(m.get("dns"), p + ".dns")));
    at(() -> b.dnsOpt(strings(m.get("dns_opt"), p + ".dns_opt")));
    at(() -> b.dnsSearch(strings(m.get("dns_search"), p + ".dns_search")));
    YNode hosts = m.get("extra_hosts");
    if (hosts != null && !isNull(hosts)) {
      at(() -> b.extraHosts(extraHosts(hosts, p + ".extra_hosts")));
    }
    at(() -> b.links(strings(m.get("links"), p + ".links")));
    at(() -> b.externalLinks(strings(m.get("external_links"), p + ".external_links")));
    at(() -> b.volumesFrom(strings(m.get("volumes_from"), p + ".volumes_from")));
    at(() -> b.secrets(fileRefs(problems, m.get("secrets"), p + ".secrets")));
    at(() -> b.configs(fileRefs(problems, m.get("configs"), p + ".configs")));
    at(() -> optStr(m, "container_name", p).ifPresent(b::containerName));
    at(() -> b.annotations(stringMap(m.get("annotations"), p + ".annotations", true)));
    YNode logging = m.get("logging");
    if (logging != null && !isNull(logging)) {
      at(() -> b.logging(logging(map(logging, p + ".logging"), p + ".logging")));
    }
    at(() -> b.privileged(optBool(m, "privileged", p)));
    at(() -> b.readOnly(optBool(m, "read_only", p)));
    at(() -> b.capAdd(strings(m.get("cap_add"), p + ".cap_add")));
    at(() -> b.capDrop(strings(m.get("cap_drop"), p + ".cap_drop")));
    at(() -> b.securityOpt(strings(m.get("security_opt"), p + ".security_opt")));
    at(() -> b.sysctls(stringMap(m.get("sysctls"), p + ".sysctls", true)));
    at(() -> b.devices(devices(m.get("devices"), p + ".devices")));
    at(() -> b.deviceCgroupRules(strings(m.get("device_cgroup_rules"), p + ".device_cgroup_rules")));
    at(() -> optStr(m, "runtime", p).ifPresent(b::runtime));
    at(() -> optStr(m, "pid", p).ifPresent(b::pid));
    at(() -> optStr(m, "ipc", p).ifPresent(b::ipc));
    at(() -> optStr(m, "uts", p).ifPresent(b::uts));
    at(() -> optStr(m, "userns_mode", p).ifPresent(b::usernsMode));
    at(() -> optStr(m, "cgroup", p).ifPresent(b::cgroup));
    at(() -> optStr(m, "cgroup_parent", p).ifPresent(b::cgroupParent));
    at(() -> optStr(m, "isolation", p).ifPresent(b::isolation));
    YNode cred = m.get("credential_spec");
    if (cred != null && !isNull(cred)) {
      at(() -> b.credentialSpec(credentialSpec(map(cred, p + ".credential_spec"), p + ".credential_spec")));
    }
    YNode ulimits = m.get("ulimits");
    if (ulimits != null && !isNull(ulimits)) {
      at(() -> map(ulimits, p + ".ulimits").entries.forEach((k, v) ->
          at(() -> b.addUlimits(ulimit(k, v, p + ".ulimits." + k)))));
    }
    at(() -> Scalars.optSize(m, "shm_size", p).ifPresent(b::shmSize));
    at(() -> b.storageOpt(stringMap(m.get("storage_opt"), p + ".storage_opt", true)));
    at(() -> optBoolean(m, "use_api_socket", p).ifPresent(b::useApiSocket));
    YNode provider = m.get("provider");
    if (provider != null && !isNull(provider)) {
      at(() -> b.provider(provider(map(provider, p + ".provider"), p + ".provider")));
    }
    YNode models = m.get("models");
    if (models != null && !isNull(models)) {
      at(() -> b.models(models(models, p + ".models")));
    }
    b.extensions(Scalars.extensions(m));
    return b.build();
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
      out.add(scalarString(q.items.get(i), p + "[" + i + "]"));
    }
    return Optional.of(out);
  }

  /** The environment: env files first, then {@code environment} (whose entries win), as compose. */
  private Map<String, String> environment(YMap m, String p) {
    Map<String, String> environment = new LinkedHashMap<>();
    YNode envFile = m.get("env_file");
    if (envFile != null && !isNull(envFile)) {
      environment.putAll(keyValueFiles(envFile, p + ".env_file", true));
    }
    YNode envNode = m.get("environment");
    if (envNode != null && !isNull(envNode)) {
      stringMap(envNode, p + ".environment", false).forEach((k, v) -> {
        environment.remove(k);
        environment.put(k, v != null ? v : env.get(k));
      });
    }
    return environment;
  }

  /** The labels: label files first, then {@code labels} (whose entries win), as compose. */
  private Map<String, String> labels(YMap m, String p) {
    Map<String, String> labels = new LinkedHashMap<>();
    YNode files = m.get("label_file");
    if (files != null && !isNull(files)) {
      keyValueFiles(files, p + ".label_file", false).forEach((k, v) -> labels.put(k, v == null ? "" : v));
    }
    labels.putAll(stringMap(m.get("labels"), p + ".labels", true));
    return labels;
  }

  /** Reads env files ({@code env_file}) or label files ({@code label_file}), in order. */
  private Map<String, String> keyValueFiles(YNode node, String p, boolean envFile) {
    Map<String, String> out = new LinkedHashMap<>();
    List<YNode> items = node instanceof YSeq q ? q.items : List.of(node);
    for (int i = 0; i < items.size(); i++) {
      YNode item = items.get(i);
      String ip = node instanceof YSeq ? p + "[" + i + "]" : p;
      String path;
      boolean required = true;
      if (item instanceof YMap m && envFile) {
        problems.keys(m, ip, ComposeKeys.ENV_FILE);
        YNode pn = m.get("path");
        if (pn == null) {
          throw m.error(ip, "needs a path");
        }
        path = str(pn, ip + ".path");
        required = m.get("required") == null || bool(m.get("required"), ip + ".required");
        YNode format = m.get("format");
        if (format != null && !isNull(format)) {
          String f = str(format, ip + ".format");
          if (!f.equals("dotenv")) {
            throw format.error(ip + ".format", "unknown env_file format '" + f + "' (expected dotenv)");
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
    List<String> cmd = command(m.get("command"), p + ".command").orElse(List.of());
    return new ServiceHook(cmd, optStr(m, "user", p), optBool(m, "privileged", p), optStr(m, "working_dir", p),
        stringMap(m.get("environment"), p + ".environment", false));
  }

  private Develop develop(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.DEVELOP);
    return new Develop(problems.mappings(m.get("watch"), p + ".watch", ComposeKeys.WATCH, (w, wp) -> {
      YNode path = w.get("path");
      YNode action = w.get("action");
      if (path == null || action == null) {
        throw w.error(wp, "a watch rule needs a path and an action");
      }
      WatchRule.Builder r = WatchRule.builder(hostPath(str(path, wp + ".path"), path), str(action, wp + ".action"));
      optStr(w, "target", wp).ifPresent(r::target);
      strings(w.get("ignore"), wp + ".ignore").forEach(r::addIgnore);
      strings(w.get("include"), wp + ".include").forEach(r::addInclude);
      optBoolean(w, "initial_sync", wp).ifPresent(r::initialSync);
      YNode exec = w.get("exec");
      if (exec != null && !isNull(exec)) {
        r.exec(hook(map(exec, wp + ".exec"), wp + ".exec"));
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
    if (disable != null && !isNull(disable) && bool(disable, p + ".disable")) {
      if (test != null && !isNull(test)) {
        throw test.error(p + ".test", "cannot be set together with disable: true");
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
        YSeq q = seq(test, p + ".test");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < q.items.size(); i++) {
          all.add(scalarString(q.items.get(i), p + ".test[" + i + "]"));
        }
        if (all.isEmpty()) {
          throw q.error(p + ".test", "must not be empty");
        }
        kind = switch (all.get(0)) {
          case "CMD" -> Healthcheck.Kind.CMD;
          case "CMD-SHELL" -> Healthcheck.Kind.CMD_SHELL;
          case "NONE" -> Healthcheck.Kind.NONE;
          default -> throw q.error(p + ".test", "must start with CMD, CMD-SHELL or NONE (was '" + all.get(0) + "')");
        };
        argv.addAll(all.subList(1, all.size()));
      }
    }
    Healthcheck.Builder h = Healthcheck.builder(kind).test(argv);
    optDuration(m, "interval", p).ifPresent(h::interval);
    optDuration(m, "timeout", p).ifPresent(h::timeout);
    optInt(m, "retries", p).ifPresent(h::retries);
    optDuration(m, "start_period", p).ifPresent(h::startPeriod);
    optDuration(m, "start_interval", p).ifPresent(h::startInterval);
    return h.build();
  }

  private Logging logging(YMap lm, String p) {
    problems.keys(lm, p, ComposeKeys.LOGGING);
    return new Logging(optStr(lm, "driver", p), stringMap(lm.get("options"), p + ".options", true));
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
      map(on, p + ".options").entries.forEach((k, v) -> options.put(k, strings(v, p + ".options." + k)));
    }
    return new Provider(str(type, p + ".type"), options);
  }

  private List<ServiceModel> models(YNode node, String p) {
    return namedEntries(node, p, ServiceModel::of, (name, mm, mp) -> {
      problems.keys(mm, mp, ComposeKeys.SERVICE_MODEL);
      return new ServiceModel(name, optStr(mm, "endpoint_var", mp), optStr(mm, "model_var", mp));
    });
  }

  // ---------------------------------------------------------------- hosts, devices, ulimits

  private static Ulimit ulimit(String name, YNode node, String p) {
    if (node instanceof YMap m) {
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

  static List<ExtraHost> extraHosts(YNode node, String p) {
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

  private List<String> devices(YNode node, String p) {
    return Problems.items(node, p, (item, ip) -> {
      if (!(item instanceof YMap m)) {
        return scalarString(item, ip);
      }
      problems.keys(m, ip, ComposeKeys.DEVICE);
      String s = str(source(m, ip), ip + ".source");
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

  /** The long form of a named entry: its name, its map of options and its path. */
  private interface NamedEntry<T> {
    T read(String name, YMap options, String path);
  }

  /**
   * Reads a key that is either a list of names or a map of name to options (null for none), as
   * compose allows for {@code networks}, {@code depends_on} and {@code models}.
   */
  private static <T> List<T> namedEntries(YNode node, String p, Function<String, T> bare, NamedEntry<T> full) {
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

  private List<NetworkAttachment> networks(YNode node, String p) {
    return namedEntries(node, p, NetworkAttachment::to, (name, nm, np) -> {
      problems.keys(nm, np, ComposeKeys.SERVICE_NETWORK);
      NetworkAttachment.Builder a = NetworkAttachment.builder(name);
      strings(nm.get("aliases"), np + ".aliases").forEach(a::addAliases);
      optStr(nm, "ipv4_address", np).ifPresent(a::ipv4Address);
      optStr(nm, "ipv6_address", np).ifPresent(a::ipv6Address);
      optStr(nm, "mac_address", np).ifPresent(a::macAddress);
      strings(nm.get("link_local_ips"), np + ".link_local_ips").forEach(a::addLinkLocalIps);
      stringMap(nm.get("driver_opts"), np + ".driver_opts", true).forEach(a::driverOption);
      optInt(nm, "priority", np).ifPresent(a::priority);
      optInt(nm, "gw_priority", np).ifPresent(a::gwPriority);
      optStr(nm, "interface_name", np).ifPresent(a::interfaceName);
      return a.build();
    });
  }

  private List<DependsOn> dependsOn(YNode node, String p) {
    return namedEntries(node, p, DependsOn::started, (name, dm, dp) -> {
      problems.keys(dm, dp, ComposeKeys.DEPENDS_ON);
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

  /** Secrets and configs of a service (or of a build). */
  static List<FileReference> fileRefs(Problems problems, YNode node, String p) {
    return Problems.items(node, p, (item, ip) -> {
      if (!(item instanceof YMap m)) {
        return FileReference.of(str(item, ip));
      }
      problems.keys(m, ip, ComposeKeys.FILE_REFERENCE);
      YNode mn = m.get("mode");
      return new FileReference(str(source(m, ip), ip + ".source"), optStr(m, "target", ip), optStr(m, "uid", ip),
          optStr(m, "gid", ip), mn == null || isNull(mn) ? Optional.empty() : Optional.of(fileMode(mn, ip + ".mode")));
    });
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
