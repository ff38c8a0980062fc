package dev.onyx.deploy.compose;

import static dev.onyx.deploy.compose.Scalars.decimal;
import static dev.onyx.deploy.compose.Scalars.integer;
import static dev.onyx.deploy.compose.Scalars.isNull;
import static dev.onyx.deploy.compose.Scalars.map;
import static dev.onyx.deploy.compose.Scalars.optDuration;
import static dev.onyx.deploy.compose.Scalars.optInt;
import static dev.onyx.deploy.compose.Scalars.optLong;
import static dev.onyx.deploy.compose.Scalars.optStr;
import static dev.onyx.deploy.compose.Scalars.scalarString;
import static dev.onyx.deploy.compose.Scalars.size;
import static dev.onyx.deploy.compose.Scalars.str;
import static dev.onyx.deploy.compose.Scalars.stringMap;
import static dev.onyx.deploy.compose.Scalars.strings;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.core.BlkioConfig;
import dev.onyx.deploy.core.ContainerLimits;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.GenericResource;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.TaskRestartPolicy;
import dev.onyx.deploy.core.UpdateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a service's {@code deploy} section and its resource keys outside it ({@code cpus},
 * {@code mem_limit}, {@code blkio_config}..., {@code gpus}).
 */
final class DeployMapper {
  private final Problems problems;

  DeployMapper(Problems problems) {
    this.problems = problems;
  }

  /** Reads a service's {@code deploy}: each key on its own, a bad one recorded and the rest read. */
  Deploy deploy(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.DEPLOY);
    Deploy.Builder b = Deploy.builder();
    for (int i = 0; i < m.entries.size(); i++) {
      String key = m.entries.keyAt(i);
      YNode v = m.entries.valueAt(i);
      if (isNull(v)) {
        continue;
      }
      String kp = Scalars.child(p, key);
      try {
        switch (key) {
          case "mode" -> {
            String mode = str(v, kp);
            Optional<Deploy.Mode> parsed = Deploy.Mode.fromComposeName(mode);
            if (parsed.isEmpty()) {
              throw v.error(kp, "invalid mode '" + mode
                  + "' (expected replicated, global, replicated-job or global-job)");
            }
            b.mode(parsed.get());
          }
          case "replicas" -> b.replicas(Scalars.integer32(v, kp));
          case "labels" -> b.labels(stringMap(v, kp, true));
          case "endpoint_mode" -> {
            String e = str(v, kp);
            b.endpointMode(switch (e) {
              case "vip" -> Deploy.EndpointMode.VIP;
              case "dnsrr" -> Deploy.EndpointMode.DNSRR;
              default -> throw v.error(kp, "invalid endpoint mode '" + e + "' (expected vip or dnsrr)");
            });
          }
          case "update_config" -> b.updateConfig(update(map(v, kp), kp));
          case "rollback_config" -> b.rollbackConfig(update(map(v, kp), kp));
          case "restart_policy" -> b.restartPolicy(restartPolicy(map(v, kp), kp));
          case "placement" -> b.placement(placement(map(v, kp), kp));
          case "resources" -> b.resources(resources(map(v, kp), kp));
          default -> {
            // x- extensions, and unknown keys (recorded by problems.keys above)
          }
        }
      } catch (ComposeFormatException e) {
        problems.add(e);
      }
    }
    return b.build();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, YMap m, String key, String p, String expected) {
    String text = str(m.get(key), Scalars.child(p, key));
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw m.get(key).error(Scalars.child(p, key), "invalid value '" + text + "' (expected " + expected + ")");
    }
  }

  private UpdateConfig update(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.UPDATE_CONFIG);
    UpdateConfig.Builder b = UpdateConfig.builder();
    optInt(m, "parallelism", p).ifPresent(b::parallelism);
    optDuration(m, "delay", p).ifPresent(b::delay);
    if (Scalars.has(m, "failure_action")) {
      b.failureAction(enumValue(UpdateConfig.FailureAction.class, m, "failure_action", p, "continue, rollback or pause"));
    }
    optDuration(m, "monitor", p).ifPresent(b::monitor);
    YNode ratio = m.get("max_failure_ratio");
    if (ratio != null && !isNull(ratio)) {
      b.maxFailureRatio(decimal(ratio, p.concat(".max_failure_ratio")).doubleValue());
    }
    if (Scalars.has(m, "order")) {
      b.order(enumValue(UpdateConfig.Order.class, m, "order", p, "stop-first or start-first"));
    }
    return b.build();
  }

  private TaskRestartPolicy restartPolicy(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.RESTART_POLICY);
    Optional<TaskRestartPolicy.Condition> condition = Scalars.has(m, "condition")
        ? Optional.of(enumValue(TaskRestartPolicy.Condition.class, m, "condition", p, "none, on-failure or any"))
        : Optional.empty();
    return new TaskRestartPolicy(condition, optDuration(m, "delay", p), optInt(m, "max_attempts", p),
        optDuration(m, "window", p));
  }

  private Placement placement(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.PLACEMENT);
    List<String> preferences = problems.mappings(m.get("preferences"), p.concat(".preferences"), ComposeKeys.PREFERENCE,
        (pm, ip) -> {
          YNode spread = pm.get("spread");
          if (spread == null) {
            throw pm.error(ip, "a placement preference needs 'spread'");
          }
          return str(spread, ip.concat(".spread"));
        });
    return new Placement(strings(m.get("constraints"), p.concat(".constraints")), preferences,
        optInt(m, "max_replicas_per_node", p));
  }

  private Resources resources(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.RESOURCES);
    List<DeviceRequest> devices = new ArrayList<>();
    List<GenericResource> generic = List.of();
    ResourceSpec limits = spec(m.get("limits"), p.concat(".limits"), ComposeKeys.LIMITS);
    ResourceSpec reservations = spec(m.get("reservations"), p.concat(".reservations"), ComposeKeys.RESERVATIONS);
    YNode res = m.get("reservations");
    if (res instanceof YMap rm) {
      YNode dev = rm.get("devices");
      if (dev != null && !isNull(dev)) {
        devices.addAll(devices(dev, p.concat(".reservations.devices")));
      }
      YNode gr = rm.get("generic_resources");
      if (gr != null && !isNull(gr)) {
        generic = problems.mappings(gr, p.concat(".reservations.generic_resources"), ComposeKeys.GENERIC_RESOURCE,
            this::genericResource);
      }
    }
    return new Resources(limits, reservations, devices, generic);
  }

  private GenericResource genericResource(YMap m, String p) {
    YNode discrete = m.get("discrete_resource_spec");
    YNode named = m.get("named_resource_spec");
    if ((discrete == null) == (named == null)) {
      throw m.error(p, "needs exactly one of discrete_resource_spec or named_resource_spec");
    }
    String sp = p + (discrete != null ? ".discrete_resource_spec" : ".named_resource_spec");
    YMap s = map(discrete != null ? discrete : named, sp);
    problems.keys(s, sp, ComposeKeys.RESOURCE_SPEC);
    String kind = optStr(s, "kind", sp).orElseThrow(() -> s.error(sp, "needs a kind"));
    YNode value = s.get("value");
    if (value == null || isNull(value)) {
      throw s.error(sp, "needs a value");
    }
    return discrete != null ? GenericResource.discrete(kind, integer(value, sp.concat(".value")))
        : GenericResource.named(kind, str(value, sp.concat(".value")));
  }

  private ResourceSpec spec(YNode node, String p, java.util.Set<String> keys) {
    if (node == null || isNull(node)) {
      return ResourceSpec.NONE;
    }
    YMap m = map(node, p);
    problems.keys(m, p, keys);
    YNode c = m.get("cpus");
    return new ResourceSpec(
        c == null || isNull(c) ? Optional.empty() : Optional.of(decimal(c, p.concat(".cpus"))),
        Scalars.optSize(m, "memory", p), optLong(m, "pids", p));
  }

  /** Device requests of {@code deploy.resources.reservations.devices} or {@code gpus}. */
  private List<DeviceRequest> devices(YNode node, String p) {
    return problems.mappings(node, p, ComposeKeys.DEVICE_REQUEST, (dm, ip) -> {
      Optional<Integer> count = Optional.empty();
      YNode cn = dm.get("count");
      if (cn != null && !isNull(cn)) {
        String cs = scalarString(cn, ip.concat(".count"));
        count = Optional.of(cs.equals("all") ? -1 : (int) integer(cn, ip.concat(".count")));
      }
      return new DeviceRequest(optStr(dm, "driver", ip), count, strings(dm.get("device_ids"), ip.concat(".device_ids")),
          strings(dm.get("capabilities"), ip.concat(".capabilities")),
          stringMap(dm.get("options"), ip.concat(".options"), true));
    });
  }

  /** {@code gpus}: {@code all} (one request for every GPU) or a list of device requests. */
  List<DeviceRequest> gpus(YNode node, String p) {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (node instanceof YScalar s) {
      if (!s.asString().equals("all")) {
        throw s.error(p, "must be 'all' or a list of device requests, not '" + s.asString() + "'");
      }
      return List.of(new DeviceRequest(Optional.empty(), Optional.of(-1), List.of(), List.of(), java.util.Map.of()));
    }
    return devices(node, p);
  }

  /** The container's own resource keys of a service. */
  private static final List<String> LIMIT_KEYS = List.of("cpus", "cpu_count", "cpu_percent", "cpu_shares",
      "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpuset", "mem_limit", "mem_reservation",
      "memswap_limit", "mem_swappiness", "oom_kill_disable", "oom_score_adj", "pids_limit", "blkio_config");

  /** The container's own resource keys of a service ({@code cpus}, {@code mem_limit}, ...), each on its own. */
  ContainerLimits containerLimits(YMap m, String p) {
    ContainerLimits.Builder b = null;
    for (String k : LIMIT_KEYS) {
      YNode v = m.get(k);
      if (v == null || isNull(v)) {
        continue;
      }
      String kp = Scalars.child(p, k);
      if (b == null) {
        b = ContainerLimits.builder();
      }
      try {
        switch (k) {
          case "cpus" -> b.cpus(decimal(v, kp));
          case "cpu_count" -> b.cpuCount(integer(v, kp));
          case "cpu_percent" -> b.cpuPercent(Scalars.integer32(v, kp));
          case "cpu_shares" -> b.cpuShares(integer(v, kp));
          case "cpu_period" -> b.cpuPeriod(integer(v, kp));
          case "cpu_quota" -> b.cpuQuota(integer(v, kp));
          case "cpu_rt_period" -> b.cpuRtPeriod(integer(v, kp));
          case "cpu_rt_runtime" -> b.cpuRtRuntime(integer(v, kp));
          case "cpuset" -> b.cpuset(str(v, kp));
          case "mem_limit" -> b.memLimit(size(v, kp));
          case "mem_reservation" -> b.memReservation(size(v, kp));
          case "memswap_limit" -> b.memswapLimit(Scalars.signedSize(v, kp));
          case "mem_swappiness" -> b.memSwappiness(Scalars.integer32(v, kp));
          case "oom_kill_disable" -> b.oomKillDisable(Scalars.bool(v, kp));
          case "oom_score_adj" -> b.oomScoreAdj(Scalars.integer32(v, kp));
          case "pids_limit" -> b.pidsLimit(integer(v, kp));
          default -> b.blkio(blkio(map(v, kp), kp));
        }
      } catch (ComposeFormatException e) {
        problems.add(e);
      }
    }
    return b == null ? ContainerLimits.NONE : b.build();
  }

  private BlkioConfig blkio(YMap m, String p) {
    problems.keys(m, p, ComposeKeys.BLKIO);
    List<BlkioConfig.WeightDevice> weights = problems.mappings(m.get("weight_device"), p.concat(".weight_device"),
        ComposeKeys.BLKIO_WEIGHT, (w, ip) -> {
          if (w.get("path") == null || w.get("weight") == null) {
            throw w.error(ip, "needs a path and a weight");
          }
          return new BlkioConfig.WeightDevice(str(w.get("path"), ip.concat(".path")),
              (int) integer(w.get("weight"), ip.concat(".weight")));
        });
    BlkioConfig.Builder b = BlkioConfig.builder();
    optInt(m, "weight", p).ifPresent(b::weight);
    return b.addWeightDevice(weights.toArray(BlkioConfig.WeightDevice[]::new))
        .addDeviceReadBps(throttles(m, "device_read_bps", p, true))
        .addDeviceWriteBps(throttles(m, "device_write_bps", p, true))
        .addDeviceReadIops(throttles(m, "device_read_iops", p, false))
        .addDeviceWriteIops(throttles(m, "device_write_iops", p, false)).build();
  }

  private BlkioConfig.Throttle[] throttles(YMap m, String key, String p, boolean bytes) {
    return problems.mappings(m.get(key), Scalars.child(p, key), ComposeKeys.BLKIO_RATE, (t, ip) -> {
      YNode rate = t.get("rate");
      if (rate == null || t.get("path") == null) {
        throw t.error(ip, "needs a path and a rate");
      }
      return new BlkioConfig.Throttle(str(t.get("path"), ip.concat(".path")),
          bytes ? size(rate, ip.concat(".rate")).bytes() : integer(rate, ip.concat(".rate")));
    }).toArray(BlkioConfig.Throttle[]::new);
  }
}
