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
    if (d.mode().isPresent()) {
      m.put("mode", d.mode().get().composeName());
    }
    ServiceWriter.put(m, "replicas", d.replicas());
    ServiceWriter.putMap(m, "labels", d.labels());
    if (d.updateConfig().isPresent()) {
      m.put("update_config", update(d.updateConfig().get()));
    }
    if (d.rollbackConfig().isPresent()) {
      m.put("rollback_config", update(d.rollbackConfig().get()));
    }
    if (!d.resources().isEmpty()) {
      m.put("resources", resources(d.resources(), p + ".resources"));
    }
    d.restartPolicy().ifPresent(r -> {
      Map<String, Object> rm = new LinkedHashMap<>();
      if (r.condition().isPresent()) {
        rm.put("condition", r.condition().get().composeName());
      }
      ServiceWriter.putDuration(rm, "delay", r.delay());
      ServiceWriter.put(rm, "max_attempts", r.maxAttempts());
      ServiceWriter.putDuration(rm, "window", r.window());
      m.put("restart_policy", rm);
    });
    if (!d.placement().isEmpty()) {
      m.put("placement", placement(d.placement()));
    }
    if (d.endpointMode().isPresent()) {
      m.put("endpoint_mode", d.endpointMode().get().composeName());
    }
    return m;
  }

  private static Map<String, Object> update(UpdateConfig u) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "parallelism", u.parallelism());
    ServiceWriter.putDuration(m, "delay", u.delay());
    if (u.failureAction().isPresent()) {
      m.put("failure_action", u.failureAction().get().composeName());
    }
    ServiceWriter.putDuration(m, "monitor", u.monitor());
    if (u.maxFailureRatio().isPresent()) {
      m.put("max_failure_ratio", new java.math.BigDecimal(Double.toString(u.maxFailureRatio().get())));
    }
    if (u.order().isPresent()) {
      m.put("order", u.order().get().composeName());
    }
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
    ServiceWriter.put(m, "max_replicas_per_node", pl.maxReplicasPerNode());
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
    ServiceWriter.put(m, "cpus", s.cpus());
    ServiceWriter.putText(m, "memory", s.memory());
    ServiceWriter.put(m, "pids", s.pids());
    return m;
  }

  /** Device requests ({@code gpus}, {@code reservations.devices}). */
  static List<Object> gpus(List<DeviceRequest> requests) {
    List<Object> devs = new ArrayList<>();
    for (DeviceRequest d : requests) {
      Map<String, Object> m = new LinkedHashMap<>();
      ServiceWriter.put(m, "driver", d.driver());
      if (d.count().isPresent()) {
        m.put("count", d.count().get() == -1 ? (Object) "all" : (Object) d.count().get());
      }
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
    ServiceWriter.put(m, "cpus", c.cpus());
    ServiceWriter.put(m, "cpu_count", c.cpuCount());
    ServiceWriter.put(m, "cpu_percent", c.cpuPercent());
    ServiceWriter.put(m, "cpu_shares", c.cpuShares());
    ServiceWriter.put(m, "cpu_period", c.cpuPeriod());
    ServiceWriter.put(m, "cpu_quota", c.cpuQuota());
    ServiceWriter.put(m, "cpu_rt_period", c.cpuRtPeriod());
    ServiceWriter.put(m, "cpu_rt_runtime", c.cpuRtRuntime());
    ServiceWriter.put(m, "cpuset", c.cpuset());
    ServiceWriter.putText(m, "mem_limit", c.memLimit());
    ServiceWriter.putText(m, "mem_reservation", c.memReservation());
    ServiceWriter.put(m, "memswap_limit", c.memswapLimit());
    ServiceWriter.put(m, "mem_swappiness", c.memSwappiness());
    ServiceWriter.put(m, "oom_kill_disable", c.oomKillDisable());
    ServiceWriter.put(m, "oom_score_adj", c.oomScoreAdj());
    ServiceWriter.put(m, "pids_limit", c.pidsLimit());
    if (c.blkio().isPresent()) {
      m.put("blkio_config", blkio(c.blkio().get()));
    }
  }

  private static Map<String, Object> blkio(BlkioConfig b) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "weight", b.weight());
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
    ServiceWriter.put(m, "dockerfile", b.dockerfile());
    ServiceWriter.put(m, "dockerfile_inline", b.dockerfileInline());
    if (!b.args().isEmpty()) {
      Map<String, Object> args = new LinkedHashMap<>();
      b.args().forEach(args::put);
      m.put("args", args);
    }
    ServiceWriter.put(m, "target", b.target());
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
    ServiceWriter.put(m, "isolation", b.isolation());
    ServiceWriter.put(m, "network", b.network());
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
    ServiceWriter.putText(m, "shm_size", b.shmSize());
    ServiceWriter.putList(m, "entitlements", b.entitlements());
    ServiceWriter.put(m, "provenance", b.provenance());
    ServiceWriter.put(m, "sbom", b.sbom());
    m.putAll(b.extensions());
    return m;
  }
}
