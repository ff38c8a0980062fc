package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.BlkioConfig;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.ContainerLimits;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.GenericResource;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.Ulimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a service's {@code deploy} section, its resource keys outside it ({@code cpus},
 * {@code mem_limit}, ..., {@code gpus}) and its {@code build}.
 */
final class DeployWriter {
  private DeployWriter() {}

  static Map<String, Object> deploy(Deploy d, String p) {
    Map<String, Object> m = new LinkedHashMap<>();
    d.mode().ifPresent(x -> m.put("mode", x.composeName()));
    d.replicas().ifPresent(x -> m.put("replicas", x));
    ServiceWriter.putMap(m, "labels", d.labels());
    d.updateConfig().ifPresent(u -> m.put("update_config", update(u)));
    d.rollbackConfig().ifPresent(u -> m.put("rollback_config", update(u)));
    if (!d.resources().isEmpty()) {
      m.put("resources", resources(d.resources(), p + ".resources"));
    }
    d.restartPolicy().ifPresent(r -> {
      Map<String, Object> rm = new LinkedHashMap<>();
      r.condition().ifPresent(c -> rm.put("condition", c.composeName()));
      r.delay().ifPresent(x -> rm.put("delay", ComposeDurations.format(x)));
      r.maxAttempts().ifPresent(x -> rm.put("max_attempts", x));
      r.window().ifPresent(x -> rm.put("window", ComposeDurations.format(x)));
      m.put("restart_policy", rm);
    });
    if (!d.placement().isEmpty()) {
      m.put("placement", placement(d.placement()));
    }
    d.endpointMode().ifPresent(x -> m.put("endpoint_mode", x.composeName()));
    return m;
  }

  private static Map<String, Object> update(UpdateConfig u) {
    Map<String, Object> m = new LinkedHashMap<>();
    u.parallelism().ifPresent(x -> m.put("parallelism", x));
    u.delay().ifPresent(x -> m.put("delay", ComposeDurations.format(x)));
    u.failureAction().ifPresent(x -> m.put("failure_action", x.composeName()));
    u.monitor().ifPresent(x -> m.put("monitor", ComposeDurations.format(x)));
    u.maxFailureRatio().ifPresent(x -> m.put("max_failure_ratio", new java.math.BigDecimal(Double.toString(x))));
    u.order().ifPresent(x -> m.put("order", x.composeName()));
    return m;
  }

  private static Map<String, Object> placement(Placement pl) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.putList(m, "constraints", pl.constraints());
    if (!pl.preferences().isEmpty()) {
      List<Object> prefs = new ArrayList<>();
      pl.preferences().forEach(x -> prefs.add(Map.of("spread", x)));
      m.put("preferences", prefs);
    }
    pl.maxReplicasPerNode().ifPresent(x -> m.put("max_replicas_per_node", x));
    return m;
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
    if (!r.reservations().isEmpty() || !r.devices().isEmpty() || !r.genericResources().isEmpty()) {
      Map<String, Object> res = spec(r.reservations());
      if (!r.devices().isEmpty()) {
        res.put("devices", gpus(r.devices()));
      }
      if (!r.genericResources().isEmpty()) {
        List<Object> gen = new ArrayList<>();
        for (GenericResource g : r.genericResources()) {
          Map<String, Object> spec = new LinkedHashMap<>();
          spec.put("kind", g.kind());
          spec.put("value", g.discreteValue().isPresent() ? (Object) g.discreteValue().get() : g.namedValue().orElse(""));
          gen.add(Map.of(g.discreteValue().isPresent() ? "discrete_resource_spec" : "named_resource_spec", spec));
        }
        res.put("generic_resources", gen);
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

  /** Device requests ({@code gpus}, {@code reservations.devices}). */
  static List<Object> gpus(List<DeviceRequest> requests) {
    List<Object> devs = new ArrayList<>();
    for (DeviceRequest d : requests) {
      Map<String, Object> m = new LinkedHashMap<>();
      d.driver().ifPresent(v -> m.put("driver", v));
      d.count().ifPresent(c -> m.put("count", c == -1 ? (Object) "all" : (Object) c));
      ServiceWriter.putList(m, "device_ids", d.deviceIds());
      if (!d.capabilities().isEmpty()) {
        m.put("capabilities", ServiceWriter.list(d.capabilities()));
      }
      ServiceWriter.putMap(m, "options", d.options());
      devs.add(m);
    }
    return devs;
  }

  /** The service's own resource keys, in compose's order. */
  static void containerLimits(ContainerLimits c, Map<String, Object> m) {
    if (c.isEmpty()) {
      return;
    }
    c.cpus().ifPresent(x -> m.put("cpus", x));
    c.cpuCount().ifPresent(x -> m.put("cpu_count", x));
    c.cpuPercent().ifPresent(x -> m.put("cpu_percent", x));
    c.cpuShares().ifPresent(x -> m.put("cpu_shares", x));
    c.cpuPeriod().ifPresent(x -> m.put("cpu_period", x));
    c.cpuQuota().ifPresent(x -> m.put("cpu_quota", x));
    c.cpuRtPeriod().ifPresent(x -> m.put("cpu_rt_period", x));
    c.cpuRtRuntime().ifPresent(x -> m.put("cpu_rt_runtime", x));
    c.cpuset().ifPresent(x -> m.put("cpuset", x));
    c.memLimit().ifPresent(x -> m.put("mem_limit", x.toString()));
    c.memReservation().ifPresent(x -> m.put("mem_reservation", x.toString()));
    c.memswapLimit().ifPresent(x -> m.put("memswap_limit", x));
    c.memSwappiness().ifPresent(x -> m.put("mem_swappiness", x));
    c.oomKillDisable().ifPresent(x -> m.put("oom_kill_disable", x));
    c.oomScoreAdj().ifPresent(x -> m.put("oom_score_adj", x));
    c.pidsLimit().ifPresent(x -> m.put("pids_limit", x));
    c.blkio().ifPresent(b -> m.put("blkio_config", blkio(b)));
  }

  private static Map<String, Object> blkio(BlkioConfig b) {
    Map<String, Object> m = new LinkedHashMap<>();
    b.weight().ifPresent(w -> m.put("weight", w));
    if (!b.weightDevice().isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (BlkioConfig.WeightDevice w : b.weightDevice()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("path", w.path());
        e.put("weight", w.weight());
        l.add(e);
      }
      m.put("weight_device", l);
    }
    throttles(m, "device_read_bps", b.deviceReadBps());
    throttles(m, "device_write_bps", b.deviceWriteBps());
    throttles(m, "device_read_iops", b.deviceReadIops());
    throttles(m, "device_write_iops", b.deviceWriteIops());
    return m;
  }

  private static void throttles(Map<String, Object> m, String key, List<BlkioConfig.Throttle> list) {
    if (list.isEmpty()) {
      return;
    }
    List<Object> l = new ArrayList<>();
    for (BlkioConfig.Throttle t : list) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("path", t.path());
      e.put("rate", t.rate());
      l.add(e);
    }
    m.put(key, l);
  }

  static Object build(Build b) {
    if (b.isContextOnly()) {
      return b.context();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("context", b.context());
    b.dockerfile().ifPresent(v -> m.put("dockerfile", v));
    b.dockerfileInline().ifPresent(v -> m.put("dockerfile_inline", v));
    if (!b.args().isEmpty()) {
      Map<String, Object> args = new LinkedHashMap<>();
      b.args().forEach(args::put);
      m.put("args", args);
    }
    b.target().ifPresent(v -> m.put("target", v));
    ServiceWriter.putList(m, "ssh", b.ssh());
    ServiceWriter.putList(m, "cache_from", b.cacheFrom());
    ServiceWriter.putList(m, "cache_to", b.cacheTo());
    ServiceWriter.putMap(m, "additional_contexts", b.additionalContexts());
    if (!b.extraHosts().isEmpty()) {
      List<Object> hosts = new ArrayList<>();
      for (ExtraHost h : b.extraHosts()) {
        hosts.add(h.host() + "=" + h.address());
      }
      m.put("extra_hosts", hosts);
    }
    b.isolation().ifPresent(v -> m.put("isolation", v));
    b.network().ifPresent(v -> m.put("network", v));
    if (b.privileged()) {
      m.put("privileged", true);
    }
    if (!b.secrets().isEmpty()) {
      m.put("secrets", ServiceWriter.fileReferences(b.secrets()));
    }
    ServiceWriter.putList(m, "tags", b.tags());
    if (!b.ulimits().isEmpty()) {
      Map<String, Object> ul = new LinkedHashMap<>();
      for (Ulimit u : b.ulimits()) {
        Map<String, Object> sh = new LinkedHashMap<>();
        sh.put("soft", u.soft());
        sh.put("hard", u.hard());
        ul.put(u.name(), u.soft() == u.hard() ? (Object) u.soft() : sh);
      }
      m.put("ulimits", ul);
    }
    ServiceWriter.putList(m, "platforms", b.platforms());
    ServiceWriter.putMap(m, "labels", b.labels());
    if (b.noCache()) {
      m.put("no_cache", true);
    }
    if (b.pull()) {
      m.put("pull", true);
    }
    b.shmSize().ifPresent(z -> m.put("shm_size", z.toString()));
    ServiceWriter.putList(m, "entitlements", b.entitlements());
    b.provenance().ifPresent(v -> m.put("provenance", v));
    b.sbom().ifPresent(v -> m.put("sbom", v));
    m.putAll(b.extensions());
    return m;
  }
}
