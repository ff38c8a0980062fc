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
    put(m, "image", s.image());
    if (s.build().isPresent()) {
      m.put("build", DeployWriter.build(s.build().get()));
    }
    put(m, "pull_policy", s.pullPolicy());
    put(m, "pull_refresh_after", s.pullRefreshAfter());
    put(m, "platform", s.platform());
    put(m, "container_name", s.containerName());
    put(m, "hostname", s.hostname());
    put(m, "domainname", s.domainname());
    if (!s.entrypoint().isEmpty() || s.emptyEntrypoint()) {
      m.put("entrypoint", list(s.entrypoint()));
    }
    if (!s.command().isEmpty() || s.emptyCommand()) {
      m.put("command", list(s.command()));
    }
    put(m, "working_dir", s.workingDir());
    put(m, "user", s.user());
    putList(m, "group_add", s.groupAdd());
    if (!s.environment().isEmpty() || !s.secretEnvironment().isEmpty()) {
      Map<String, Object> env = new LinkedHashMap<>();
      env.putAll(s.environment());
      for (Map.Entry<String, String> e : s.secretEnvironment().entrySet()) {
        String var = secretVars.get(e.getValue());
        if (var == null) {
          throw new ComposeFormatException(null, 0, 0, p + ".environment." + e.getKey(),
              "no such secret '" + e.getValue() + "'");
        }
        env.put(e.getKey(), new Raw("${" + var + "}"));
      }
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
    put(m, "network_mode", s.networkMode());
    put(m, "mac_address", s.macAddress());
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
    if (s.healthcheck().isPresent()) {
      m.put("healthcheck", healthcheck(s.healthcheck().get()));
    }
    if (!s.deploy().isEmpty()) {
      m.put("deploy", DeployWriter.deploy(s.deploy(), p + ".deploy"));
    }
    put(m, "scale", s.scale());
    putText(m, "restart", s.restart());
    putMap(m, "labels", s.labels());
    putMap(m, "annotations", s.annotations());
    if (s.logging().isPresent()) {
      m.put("logging", logging(s.logging().get()));
    }
    if (!s.ulimits().isEmpty()) {
      m.put("ulimits", ulimits(s.ulimits()));
    }
    putText(m, "shm_size", s.shmSize());
    putDuration(m, "stop_grace_period", s.stopGracePeriod());
    put(m, "stop_signal", s.stopSignal());
    put(m, "init", s.init());
    flag(m, "read_only", s.readOnly());
    flag(m, "privileged", s.privileged());
    flag(m, "tty", s.tty());
    flag(m, "stdin_open", s.stdinOpen());
    put(m, "attach", s.attach());
    putList(m, "cap_add", s.capAdd());
    putList(m, "cap_drop", s.capDrop());
    putList(m, "security_opt", s.securityOpt());
    putMap(m, "sysctls", s.sysctls());
    putList(m, "devices", s.devices());
    putList(m, "device_cgroup_rules", s.deviceCgroupRules());
    if (!s.gpus().isEmpty()) {
      m.put("gpus", DeployWriter.gpus(s.gpus()));
    }
    put(m, "runtime", s.runtime());
    put(m, "pid", s.pid());
    put(m, "ipc", s.ipc());
    put(m, "uts", s.uts());
    put(m, "userns_mode", s.usernsMode());
    put(m, "cgroup", s.cgroup());
    put(m, "cgroup_parent", s.cgroupParent());
    put(m, "isolation", s.isolation());
    if (s.credentialSpec().isPresent()) {
      m.put("credential_spec", credentialSpec(s.credentialSpec().get()));
    }
    DeployWriter.containerLimits(s.containerLimits(), m);
    putMap(m, "storage_opt", s.storageOpt());
    if (!s.postStart().isEmpty()) {
      m.put("post_start", hooks(s.postStart()));
    }
    if (!s.preStop().isEmpty()) {
      m.put("pre_stop", hooks(s.preStop()));
    }
    if (s.develop().isPresent()) {
      m.put("develop", Map.of("watch", watch(s.develop().get().watch())));
    }
    put(m, "use_api_socket", s.useApiSocket());
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

  /** Puts the value when present (a helper without a lambda: every lambda is a class to load). */
  static void put(Map<String, Object> m, String key, java.util.Optional<?> value) {
    if (value.isPresent()) {
      m.put(key, value.get());
    }
  }

  /** Puts the value's text when present. */
  static void putText(Map<String, Object> m, String key, java.util.Optional<?> value) {
    if (value.isPresent()) {
      m.put(key, value.get().toString());
    }
  }

  /** Puts the duration as compose writes it when present. */
  static void putDuration(Map<String, Object> m, String key, java.util.Optional<java.time.Duration> value) {
    if (value.isPresent()) {
      m.put(key, ComposeDurations.format(value.get()));
    }
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
    boolean plain = true;
    for (NetworkAttachment n : s.networks()) {
      plain &= n.isPlain();
    }
    if (plain) {
      List<Object> nets = new ArrayList<>();
      for (NetworkAttachment n : s.networks()) {
        nets.add(n.network());
      }
      m.put("networks", nets);
      return;
    }
    Map<String, Object> nets = new LinkedHashMap<>();
    for (NetworkAttachment n : s.networks()) {
      Map<String, Object> a = new LinkedHashMap<>();
      if (!n.aliases().isEmpty()) {
        a.put("aliases", list(n.aliases()));
      }
      put(a, "ipv4_address", n.ipv4Address());
      put(a, "ipv6_address", n.ipv6Address());
      put(a, "mac_address", n.macAddress());
      putList(a, "link_local_ips", n.linkLocalIps());
      putMap(a, "driver_opts", n.driverOptions());
      put(a, "priority", n.priority());
      put(a, "gw_priority", n.gwPriority());
      put(a, "interface_name", n.interfaceName());
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
    putDuration(m, "interval", h.interval());
    putDuration(m, "timeout", h.timeout());
    put(m, "retries", h.retries());
    putDuration(m, "start_period", h.startPeriod());
    putDuration(m, "start_interval", h.startInterval());
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
    put(m, "driver", l.driver());
    putMap(m, "options", l.options());
    return m;
  }

  private static Map<String, Object> credentialSpec(CredentialSpec c) {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "config", c.config());
    put(m, "file", c.file());
    put(m, "registry", c.registry());
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
    put(m, "user", h.user());
    flag(m, "privileged", h.privileged());
    put(m, "working_dir", h.workingDir());
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
      put(m, "target", r.target());
      putList(m, "ignore", r.ignore());
      putList(m, "include", r.include());
      put(m, "initial_sync", r.initialSync());
      if (r.exec().isPresent()) {
        m.put("exec", hook(r.exec().get()));
      }
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
      put(mm, "endpoint_var", x.endpointVariable());
      put(mm, "model_var", x.modelVariable());
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
      put(m, "target", r.target());
      put(m, "uid", r.uid());
      put(m, "gid", r.gid());
      if (r.mode().isPresent()) {
        m.put("mode", new Octal(r.mode().get()));
      }
      list.add(m);
    }
    return list;
  }

  /** @return the compose form of a tmpfs entry: {@code /run} or {@code /run:size=16m,mode=1750} */
  static String tmpfs(Tmpfs t) {
    return t.toString();
  }
}
