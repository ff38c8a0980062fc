package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YamlEmitter.Octal;
import dev.onyx.deploy.compose.YamlEmitter.Raw;
import dev.onyx.deploy.core.CredentialSpec;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.EnvFile;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.ServiceHook;
import dev.onyx.deploy.core.ServiceModel;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.WatchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one {@link Service} as a compose {@code services} entry: every attribute, keys in a fixed
 * order. Ports and volumes are written by {@link MountWriter}, the deploy section, the resource keys
 * and the build by {@link DeployWriter}.
 */
final class ServiceWriter {
  private ServiceWriter() {}

  static Map<String, Object> service(Service s, Map<String, String> secretVars) {
    String p = "services." + s.name();
    Map<String, Object> m = new LinkedHashMap<>();
    s.image().ifPresent(v -> m.put("image", v));
    s.build().ifPresent(b -> m.put("build", DeployWriter.build(b)));
    s.pullPolicy().ifPresent(v -> m.put("pull_policy", v));
    s.pullRefreshAfter().ifPresent(v -> m.put("pull_refresh_after", v));
    s.platform().ifPresent(v -> m.put("platform", v));
    s.containerName().ifPresent(v -> m.put("container_name", v));
    s.hostname().ifPresent(v -> m.put("hostname", v));
    s.domainname().ifPresent(v -> m.put("domainname", v));
    if (!s.entrypoint().isEmpty() || s.emptyEntrypoint()) {
      m.put("entrypoint", list(s.entrypoint()));
    }
    if (!s.command().isEmpty() || s.emptyCommand()) {
      m.put("command", list(s.command()));
    }
    s.workingDir().ifPresent(v -> m.put("working_dir", v));
    s.user().ifPresent(v -> m.put("user", v));
    putList(m, "group_add", s.groupAdd());
    if (!s.environment().isEmpty() || !s.secretEnvironment().isEmpty()) {
      Map<String, Object> env = new LinkedHashMap<>();
      s.environment().forEach(env::put);
      s.secretEnvironment().forEach((k, secret) -> {
        String var = secretVars.get(secret);
        if (var == null) {
          throw new ComposeFormatException(null, 0, 0, p + ".environment." + k, "no such secret '" + secret + "'");
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
    putList(m, "label_file", s.labelFiles());
    MountWriter.portsAndMounts(s, m);
    networks(s, m);
    s.networkMode().ifPresent(v -> m.put("network_mode", v));
    s.macAddress().ifPresent(v -> m.put("mac_address", v));
    putList(m, "links", s.links());
    putList(m, "external_links", s.externalLinks());
    if (!s.extraHosts().isEmpty()) {
      List<Object> hosts = new ArrayList<>();
      for (ExtraHost h : s.extraHosts()) {
        hosts.add(h.host() + "=" + h.address());
      }
      m.put("extra_hosts", hosts);
    }
    putList(m, "dns", s.dns());
    putList(m, "dns_opt", s.dnsOpt());
    putList(m, "dns_search", s.dnsSearch());
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
    if (!s.deploy().isEmpty()) {
      m.put("deploy", DeployWriter.deploy(s.deploy(), p + ".deploy"));
    }
    s.scale().ifPresent(v -> m.put("scale", v));
    s.restart().ifPresent(r -> m.put("restart", r.toString()));
    putMap(m, "labels", s.labels());
    putMap(m, "annotations", s.annotations());
    s.logging().ifPresent(l -> m.put("logging", logging(l)));
    if (!s.ulimits().isEmpty()) {
      m.put("ulimits", ulimits(s.ulimits()));
    }
    s.shmSize().ifPresent(z -> m.put("shm_size", z.toString()));
    s.stopGracePeriod().ifPresent(d -> m.put("stop_grace_period", ComposeDurations.format(d)));
    s.stopSignal().ifPresent(v -> m.put("stop_signal", v));
    s.init().ifPresent(v -> m.put("init", v));
    flag(m, "read_only", s.readOnly());
    flag(m, "privileged", s.privileged());
    flag(m, "tty", s.tty());
    flag(m, "stdin_open", s.stdinOpen());
    s.attach().ifPresent(v -> m.put("attach", v));
    putList(m, "cap_add", s.capAdd());
    putList(m, "cap_drop", s.capDrop());
    putList(m, "security_opt", s.securityOpt());
    putMap(m, "sysctls", s.sysctls());
    putList(m, "devices", s.devices());
    putList(m, "device_cgroup_rules", s.deviceCgroupRules());
    if (!s.gpus().isEmpty()) {
      m.put("gpus", DeployWriter.gpus(s.gpus()));
    }
    s.runtime().ifPresent(v -> m.put("runtime", v));
    s.pid().ifPresent(v -> m.put("pid", v));
    s.ipc().ifPresent(v -> m.put("ipc", v));
    s.uts().ifPresent(v -> m.put("uts", v));
    s.usernsMode().ifPresent(v -> m.put("userns_mode", v));
    s.cgroup().ifPresent(v -> m.put("cgroup", v));
    s.cgroupParent().ifPresent(v -> m.put("cgroup_parent", v));
    s.isolation().ifPresent(v -> m.put("isolation", v));
    s.credentialSpec().ifPresent(c -> m.put("credential_spec", credentialSpec(c)));
    DeployWriter.containerLimits(s.containerLimits(), m);
    putMap(m, "storage_opt", s.storageOpt());
    if (!s.postStart().isEmpty()) {
      m.put("post_start", hooks(s.postStart()));
    }
    if (!s.preStop().isEmpty()) {
      m.put("pre_stop", hooks(s.preStop()));
    }
    s.develop().ifPresent(d -> m.put("develop", Map.of("watch", watch(d.watch()))));
    s.useApiSocket().ifPresent(v -> m.put("use_api_socket", v));
    s.provider().ifPresent(pr -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("type", pr.type());
      if (!pr.options().isEmpty()) {
        Map<String, Object> opts = new LinkedHashMap<>();
        pr.options().forEach((k, v) -> opts.put(k, v.size() == 1 ? v.get(0) : list(v)));
        pm.put("options", opts);
      }
      m.put("provider", pm);
    });
    if (!s.models().isEmpty()) {
      m.put("models", models(s.models()));
    }
    putList(m, "profiles", s.profiles());
    if (!s.secrets().isEmpty()) {
      m.put("secrets", fileReferences(s.secrets()));
    }
    if (!s.configs().isEmpty()) {
      m.put("configs", fileReferences(s.configs()));
    }
    m.putAll(s.extensions());
    return m;
  }

  static List<Object> list(List<String> values) {
    return new ArrayList<>(values);
  }

  static void putList(Map<String, Object> m, String key, List<String> values) {
    if (!values.isEmpty()) {
      m.put(key, list(values));
    }
  }

  static void putMap(Map<String, Object> m, String key, Map<String, String> values) {
    if (!values.isEmpty()) {
      m.put(key, new LinkedHashMap<String, Object>(values));
    }
  }

  private static void flag(Map<String, Object> m, String key, boolean value) {
    if (value) {
      m.put(key, true);
    }
  }

  private static void networks(Service s, Map<String, Object> m) {
    if (s.networks().isEmpty()) {
      return;
    }
    if (s.networks().stream().allMatch(NetworkAttachment::isPlain)) {
      List<Object> nets = new ArrayList<>();
      s.networks().forEach(n -> nets.add(n.network()));
      m.put("networks", nets);
      return;
    }
    Map<String, Object> nets = new LinkedHashMap<>();
    for (NetworkAttachment n : s.networks()) {
      Map<String, Object> a = new LinkedHashMap<>();
      if (!n.aliases().isEmpty()) {
        a.put("aliases", list(n.aliases()));
      }
      n.ipv4Address().ifPresent(ip -> a.put("ipv4_address", ip));
      n.ipv6Address().ifPresent(ip -> a.put("ipv6_address", ip));
      n.macAddress().ifPresent(mac -> a.put("mac_address", mac));
      putList(a, "link_local_ips", n.linkLocalIps());
      putMap(a, "driver_opts", n.driverOptions());
      n.priority().ifPresent(x -> a.put("priority", x));
      n.gwPriority().ifPresent(x -> a.put("gw_priority", x));
      n.interfaceName().ifPresent(x -> a.put("interface_name", x));
      nets.put(n.network(), a);
    }
    m.put("networks", nets);
  }

  private static Map<String, Object> healthcheck(Healthcheck h) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (h.kind() == Healthcheck.Kind.NONE) {
      m.put("disable", true);
      return m;
    }
    if (h.kind() != Healthcheck.Kind.IMAGE) {
      m.put("test", list(h.engineTest()));
    }
    h.interval().ifPresent(d -> m.put("interval", ComposeDurations.format(d)));
    h.timeout().ifPresent(d -> m.put("timeout", ComposeDurations.format(d)));
    h.retries().ifPresent(r -> m.put("retries", r));
    h.startPeriod().ifPresent(d -> m.put("start_period", ComposeDurations.format(d)));
    h.startInterval().ifPresent(d -> m.put("start_interval", ComposeDurations.format(d)));
    return m;
  }

  private static Map<String, Object> ulimits(List<Ulimit> ulimits) {
    Map<String, Object> ul = new LinkedHashMap<>();
    for (Ulimit u : ulimits) {
      if (u.soft() == u.hard()) {
        ul.put(u.name(), u.soft());
      } else {
        Map<String, Object> sh = new LinkedHashMap<>();
        sh.put("soft", u.soft());
        sh.put("hard", u.hard());
        ul.put(u.name(), sh);
      }
    }
    return ul;
  }

  private static Map<String, Object> logging(Logging l) {
    Map<String, Object> m = new LinkedHashMap<>();
    l.driver().ifPresent(d -> m.put("driver", d));
    putMap(m, "options", l.options());
    return m;
  }

  private static Map<String, Object> credentialSpec(CredentialSpec c) {
    Map<String, Object> m = new LinkedHashMap<>();
    c.config().ifPresent(v -> m.put("config", v));
    c.file().ifPresent(v -> m.put("file", v));
    c.registry().ifPresent(v -> m.put("registry", v));
    return m;
  }

  private static List<Object> hooks(List<ServiceHook> hooks) {
    List<Object> out = new ArrayList<>();
    for (ServiceHook h : hooks) {
      out.add(hook(h));
    }
    return out;
  }

  private static Map<String, Object> hook(ServiceHook h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", list(h.command()));
    h.user().ifPresent(v -> m.put("user", v));
    flag(m, "privileged", h.privileged());
    h.workingDir().ifPresent(v -> m.put("working_dir", v));
    if (!h.environment().isEmpty()) {
      Map<String, Object> env = new LinkedHashMap<>();
      h.environment().forEach(env::put);
      m.put("environment", env);
    }
    return m;
  }

  private static List<Object> watch(List<WatchRule> rules) {
    List<Object> out = new ArrayList<>();
    for (WatchRule r : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", r.path());
      m.put("action", r.action());
      r.target().ifPresent(v -> m.put("target", v));
      putList(m, "ignore", r.ignore());
      putList(m, "include", r.include());
      r.initialSync().ifPresent(v -> m.put("initial_sync", v));
      r.exec().ifPresent(e -> m.put("exec", hook(e)));
      out.add(m);
    }
    return out;
  }

  private static Object models(List<ServiceModel> models) {
    if (models.stream().allMatch(x -> x.endpointVariable().isEmpty() && x.modelVariable().isEmpty())) {
      List<Object> names = new ArrayList<>();
      models.forEach(x -> names.add(x.model()));
      return names;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (ServiceModel x : models) {
      Map<String, Object> mm = new LinkedHashMap<>();
      x.endpointVariable().ifPresent(v -> mm.put("endpoint_var", v));
      x.modelVariable().ifPresent(v -> mm.put("model_var", v));
      out.put(x.model(), mm.isEmpty() ? null : mm);
    }
    return out;
  }

  static List<Object> fileReferences(List<FileReference> refs) {
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

  /** @return the compose form of a tmpfs entry: {@code /run} or {@code /run:size=16m,mode=1750} */
  static String tmpfs(Tmpfs t) {
    return t.toString();
  }
}
