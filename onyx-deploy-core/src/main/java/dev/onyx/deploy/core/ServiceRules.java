package dev.onyx.deploy.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of one service's own values (and a network's): ranges, durations, mounts, resources and
 * the deploy section. Problems go to the list given; nothing is thrown.
 *
 * <p>Plain ifs on Optionals rather than {@code filter(..).ifPresent(..)}: each lambda is a class to
 * make on a cold start. The checks take the service's path and the field apart ({@code p} and
 * {@code ".healthcheck.interval"}) and join them only for a problem: most values have none.
 */
final class ServiceRules {
  /** The smallest memory limit the Docker engine accepts. */
  static final ByteSize MIN_MEMORY = ByteSize.ofMebibytes(6);
  /** The shortest healthcheck interval, timeout, start period or start interval the engine accepts. */
  static final Duration MIN_HEALTHCHECK_DURATION = Duration.ofMillis(1);
  private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave",
      "rslave");

  private final List<ValidationProblem> problems;

  ServiceRules(List<ValidationProblem> problems) {
    this.problems = problems;
  }

  void problem(String path, String message) {
    problems.add(new ValidationProblem(path, message));
  }

  /** A problem at {@code p + field}. */
  void problem(String p, String field, String message) {
    problems.add(new ValidationProblem(p + field, message));
  }

  /** @return the list problems go to */
  List<ValidationProblem> problems() {
    return problems;
  }

  /** The checks of one service that need nothing but the service. */
  void service(String p, Service s) {
    if (s.image().isPresent() && s.image().get().isBlank()) {
      problem(p, ".image", "must not be blank");
    }
    if (s.emptyCommand() && !s.command().isEmpty()) {
      problem(p, ".command", "is both empty (clearing the image's) and set");
    }
    if (s.emptyEntrypoint() && !s.entrypoint().isEmpty()) {
      problem(p, ".entrypoint", "is both empty (clearing the image's) and set");
    }
    if (s.healthcheck().isPresent()) {
      healthcheck(p, s.healthcheck().get());
    }
    if (!s.deploy().resources().isEmpty()) {
      resources(p, s.deploy().resources());
    }
    if (!s.deploy().isEmpty()) {
      deploy(p, s.deploy());
    }
    atLeast(p, ".scale", s.scale(), 0);
    if (s.scale().isPresent() && s.deploy().replicas().isPresent()
        && !s.scale().equals(s.deploy().replicas())) {
      problem(p, ".scale", "is " + s.scale().get() + " but deploy.replicas is " + s.deploy().replicas().get()
          + " (they are one setting: give one of them)");
    }
    if (s.containerName().isPresent() && s.replicaCount() > 1) {
      problem(p, ".container_name", "'" + s.containerName().get() + "' cannot name " + s.replicaCount()
          + " replicas (" + (s.deploy().replicas().isPresent() ? "deploy.replicas" : "scale")
          + "): each container needs its own name; remove container_name");
    }
    if (!s.containerLimits().isEmpty()) {
      limits(p, s.containerLimits());
    }
    for (int i = 0; i < s.gpus().size(); i++) {
      device(p + ".gpus[" + i + "]", s.gpus().get(i), false);
    }
    for (int i = 0; i < s.tmpfs().size(); i++) {
      if (!s.tmpfs().get(i).target().startsWith("/")) {
        problem(p, ".tmpfs[" + i + "]", "'" + s.tmpfs().get(i).target() + "' is not an absolute path");
      }
    }
    hooks(p, ".post_start", s.postStart());
    hooks(p, ".pre_stop", s.preStop());
    notNegative(p, ".stop_grace_period", s.stopGracePeriod());
    if (s.shmSize().isPresent() && s.shmSize().get().bytes() == 0) {
      problem(p, ".shm_size", "must be > 0");
    }
    for (Ulimit u : s.ulimits()) {
      if (u.hard() != -1 && (u.soft() == -1 || u.soft() > u.hard())) {
        problem(p, ".ulimits." + u.name(), "soft limit " + u.soft() + " is above hard limit " + u.hard());
      }
    }
  }

  private void hooks(String p, String field, List<ServiceHook> hooks) {
    for (int i = 0; i < hooks.size(); i++) {
      if (hooks.get(i).command().isEmpty()) {
        problem(p, field + "[" + i + "].command", "must not be empty");
      }
    }
  }

  void mounts(String p, List<Mount> mounts, Set<String> volumes) {
    Map<String, Integer> targets = mounts.isEmpty() ? Map.of() : new HashMap<>();
    for (int i = 0; i < mounts.size(); i++) {
      Mount m = mounts.get(i);
      if (!m.target().startsWith("/") && m.type() != Mount.Type.NPIPE) {
        problem(mountPath(p, i), ".target", "'" + m.target() + "' is not an absolute path");
      } else {
        // The engine refuses a container with two mounts at one path ("Duplicate mount point").
        String normal = m.target().length() > 1 ? stripTrailingSlashes(m.target()) : m.target();
        Integer first = targets.putIfAbsent(normal, i);
        if (first != null) {
          problem(mountPath(p, i), ".target", "'" + m.target() + "' is already mounted by volumes[" + first + "]");
        }
      }
      switch (m.type()) {
        case VOLUME -> {
          if (m.source().isPresent() && !volumes.contains(m.source().get())) {
            problem(mountPath(p, i), ".source", "no such volume '" + m.source().get() + "'");
          }
        }
        case BIND, NPIPE, CLUSTER, IMAGE -> {
          if (m.source().isEmpty() || m.source().get().isBlank()) {
            problem(mountPath(p, i), ".source", "a " + m.type().composeName() + " mount needs a source");
          }
        }
        case TMPFS -> {
          if (m.source().isPresent()) {
            problem(mountPath(p, i), ".source", "a tmpfs mount has no source");
          }
        }
        default -> throw new AssertionError(m.type());
      }
      mountOptions(p, i, m);
    }
  }

  /** {@code services.x.volumes[i]}, made only for a problem. */
  private static String mountPath(String p, int i) {
    return p + ".volumes[" + i + "]";
  }

  private void mountOptions(String p, int i, Mount m) {
    if (m.bind().isPresent()) {
      Mount.BindOptions b = m.bind().get();
      boolean selinuxOnly = b.propagation().isEmpty() && !b.createHostPath() && b.recursive().isEmpty();
      if (m.type() != Mount.Type.BIND && !(m.type() == Mount.Type.VOLUME && selinuxOnly)) {
        if (selinuxOnly) {
          problem(mountPath(p, i), ".bind.selinux", "only a bind or volume mount can be relabelled (SELinux)");
        } else {
          problem(mountPath(p, i), ".bind", "only a bind mount has bind options");
        }
      }
      if (b.propagation().isPresent() && !PROPAGATIONS.contains(b.propagation().get())) {
        problem(mountPath(p, i), ".bind.propagation", "invalid propagation '" + b.propagation().get()
            + "' (expected private, rprivate, shared, rshared, slave or rslave)");
      }
    }
    if (m.volume().isPresent() && m.type() != Mount.Type.VOLUME) {
      problem(mountPath(p, i), ".volume", "only a volume mount has volume options");
    }
    if (m.image().isPresent() && m.type() != Mount.Type.IMAGE) {
      problem(mountPath(p, i), ".image", "only an image mount has image options");
    }
    if (m.tmpfs().isPresent()) {
      Mount.TmpfsOptions t = m.tmpfs().get();
      if (m.type() != Mount.Type.TMPFS) {
        problem(mountPath(p, i), ".tmpfs", "only a tmpfs mount has tmpfs options");
      }
      if (t.size().isPresent() && t.size().get().bytes() == 0) {
        problem(mountPath(p, i), ".tmpfs.size", "must be > 0");
      }
      if (t.mode().isPresent() && (t.mode().get() < 0 || t.mode().get() > 07777)) {
        problem(mountPath(p, i), ".tmpfs.mode", "invalid file mode " + Integer.toOctalString(t.mode().get()));
      }
    }
  }

  /** {@code path.replaceAll("/+$", "")} without compiling a regex per call. */
  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  private void healthcheck(String p, Healthcheck h) {
    if (h.kind() == Healthcheck.Kind.NONE) {
      List<String> set = new ArrayList<>();
      if (!h.test().isEmpty()) {
        set.add("test");
      }
      addIfPresent(set, "interval", h.interval());
      addIfPresent(set, "timeout", h.timeout());
      addIfPresent(set, "retries", h.retries());
      addIfPresent(set, "start_period", h.startPeriod());
      addIfPresent(set, "start_interval", h.startInterval());
      if (!set.isEmpty()) {
        problem(p, ".healthcheck", "NONE disables the healthcheck, so " + String.join(", ", set)
            + " must not be set");
      }
      return;
    }
    if (h.kind() == Healthcheck.Kind.IMAGE) {
      if (!h.test().isEmpty()) {
        problem(p, ".healthcheck.test", "a healthcheck that keeps the image's test has no test of its own");
      }
    } else if (allBlank(h.test())) {
      problem(p, ".healthcheck.test", "must not be empty");
    }
    positive(p, ".healthcheck.interval", h.interval());
    positive(p, ".healthcheck.timeout", h.timeout());
    positive(p, ".healthcheck.start_interval", h.startInterval());
    if (h.startPeriod().isPresent()) {
      Duration d = h.startPeriod().get();
      if (d.isNegative()) {
        problem(p, ".healthcheck.start_period", "must be >= 0 (was " + Durations.format(d) + ")");
      } else if (!d.isZero() && d.compareTo(MIN_HEALTHCHECK_DURATION) < 0) {
        problem(p, ".healthcheck.start_period", "must be 0 or at least 1ms, the engine's minimum (was "
            + Durations.format(d) + ")");
      }
    }
    atLeast(p, ".healthcheck.retries", h.retries(), 0);
  }

  private static void addIfPresent(List<String> set, String field, Optional<?> value) {
    if (value.isPresent()) {
      set.add(field);
    }
  }

  /** Whether the list is empty or holds only blank strings. */
  private static boolean allBlank(List<String> values) {
    for (String v : values) {
      if (!v.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private void positive(String p, String field, Optional<Duration> d) {
    if (d.isEmpty()) {
      return;
    }
    Duration x = d.get();
    if (x.isZero() || x.isNegative()) {
      problem(p, field, "must be > 0 (was " + Durations.format(x) + ")");
    } else if (x.compareTo(MIN_HEALTHCHECK_DURATION) < 0) {
      problem(p, field, "must be at least 1ms, the engine's minimum (was " + Durations.format(x) + ")");
    }
  }

  private void atLeast(String p, String field, Optional<? extends Number> n, long min) {
    if (n.isPresent() && n.get().longValue() < min) {
      problem(p, field, "must be >= " + min + " (was " + n.get() + ")");
    }
  }

  private void between(String p, String field, Optional<? extends Number> n, long min, long max) {
    if (n.isPresent() && (n.get().longValue() < min || n.get().longValue() > max)) {
      problem(p, field, "must be between " + min + " and " + max + " (was " + n.get() + ")");
    }
  }

  private void notNegative(String p, String field, Optional<Duration> d) {
    if (d.isPresent() && d.get().isNegative()) {
      problem(p, field, "must be >= 0 (was " + Durations.format(d.get()) + ")");
    }
  }

  private void deploy(String p, Deploy d) {
    atLeast(p, ".deploy.replicas", d.replicas(), 0);
    boolean global = d.mode().isPresent()
        && (d.mode().get() == Deploy.Mode.GLOBAL || d.mode().get() == Deploy.Mode.GLOBAL_JOB);
    if (global && d.replicas().isPresent()) {
      problem(p, ".deploy.replicas", "cannot be set in " + d.mode().get().composeName() + " mode (one task per node)");
    }
    if (global && d.placement().maxReplicasPerNode().isPresent()) {
      problem(p, ".deploy.placement.max_replicas_per_node", "cannot be set in " + d.mode().get().composeName()
          + " mode");
    }
    atLeast(p, ".deploy.placement.max_replicas_per_node", d.placement().maxReplicasPerNode(), 0);
    for (int i = 0; i < d.placement().constraints().size(); i++) {
      if (d.placement().constraints().get(i).isBlank()) {
        problem(p, ".deploy.placement.constraints[" + i + "]", "must not be blank");
      }
    }
    if (d.updateConfig().isPresent()) {
      update(p + ".deploy.update_config", d.updateConfig().get(), false);
    }
    if (d.rollbackConfig().isPresent()) {
      update(p + ".deploy.rollback_config", d.rollbackConfig().get(), true);
    }
    if (d.restartPolicy().isPresent()) {
      TaskRestartPolicy r = d.restartPolicy().get();
      atLeast(p, ".deploy.restart_policy.max_attempts", r.maxAttempts(), 0);
      notNegative(p, ".deploy.restart_policy.delay", r.delay());
      notNegative(p, ".deploy.restart_policy.window", r.window());
    }
  }

  private void update(String p, UpdateConfig u, boolean rollback) {
    atLeast(p, ".parallelism", u.parallelism(), 0);
    notNegative(p, ".delay", u.delay());
    notNegative(p, ".monitor", u.monitor());
    if (u.maxFailureRatio().isPresent()) {
      double r = u.maxFailureRatio().get();
      if (r < 0 || r > 1 || Double.isNaN(r)) {
        problem(p, ".max_failure_ratio", "must be between 0 and 1 (was " + u.maxFailureRatio().get() + ")");
      }
    }
    if (rollback && u.failureAction().isPresent() && u.failureAction().get() == UpdateConfig.FailureAction.ROLLBACK) {
      problem(p, ".failure_action", "a rollback cannot roll back (use pause or continue)");
    }
  }

  private void resources(String p, Resources r) {
    side(p, ".deploy.resources.limits", r.limits(), true);
    side(p, ".deploy.resources.reservations", r.reservations(), false);
    ResourceSpec l = r.limits();
    ResourceSpec res = r.reservations();
    if (l.cpus().isPresent() && res.cpus().isPresent() && l.cpus().get().compareTo(res.cpus().get()) < 0) {
      problem(p, ".deploy.resources.limits.cpus", "limit " + l.cpus().get().toPlainString()
          + " is below reservation " + res.cpus().get().toPlainString());
    }
    if (l.memory().isPresent() && res.memory().isPresent() && l.memory().get().compareTo(res.memory().get()) < 0) {
      problem(p, ".deploy.resources.limits.memory", "limit " + l.memory().get() + " is below reservation "
          + res.memory().get());
    }
    for (int i = 0; i < r.devices().size(); i++) {
      device(p + ".deploy.resources.reservations.devices[" + i + "]", r.devices().get(i), true);
    }
    for (int i = 0; i < r.genericResources().size(); i++) {
      GenericResource g = r.genericResources().get(i);
      String gp = p + ".deploy.resources.reservations.generic_resources[" + i + "]";
      if (g.kind().isBlank()) {
        problem(gp, ".kind", "must not be blank");
      }
      if (g.discreteValue().isPresent() == g.namedValue().isPresent()) {
        problem(gp, "needs exactly one of discrete_resource_spec or named_resource_spec");
      }
      atLeast(gp, ".discrete_resource_spec.value", g.discreteValue(), 0);
    }
  }

  private void device(String dp, DeviceRequest d, boolean needsCapability) {
    if (needsCapability && d.capabilities().isEmpty()) {
      problem(dp, ".capabilities", "must name at least one capability (e.g. gpu)");
    }
    if (d.count().isPresent() && !d.deviceIds().isEmpty()) {
      problem(dp, "count and device_ids cannot both be set");
    }
    if (d.count().isPresent() && (d.count().get() < -1 || d.count().get() == 0)) {
      problem(dp, ".count", "must be > 0 or all (was " + d.count().get() + ")");
    }
  }

  /** {@code p + side} is {@code services.x.deploy.resources.limits} or {@code .reservations}. */
  private void side(String p, String side, ResourceSpec spec, boolean limit) {
    if (spec.cpus().isPresent() && spec.cpus().get().compareTo(BigDecimal.ZERO) <= 0) {
      problem(p, side + ".cpus", "must be > 0 (was " + spec.cpus().get().toPlainString() + ")");
    }
    if (spec.memory().isPresent()) {
      ByteSize m = spec.memory().get();
      if (limit && m.compareTo(MIN_MEMORY) < 0) {
        problem(p, side + ".memory", m + " is below the engine's minimum of " + MIN_MEMORY);
      } else if (m.bytes() == 0) {
        problem(p, side + ".memory", "must be > 0");
      }
    }
    if (spec.pids().isPresent() && (spec.pids().get() == 0 || spec.pids().get() < -1)) {
      problem(p, side + ".pids", "must be > 0 (was " + spec.pids().get() + ")");
    }
  }

  private void limits(String p, ContainerLimits c) {
    if (c.cpus().isPresent() && c.cpus().get().compareTo(BigDecimal.ZERO) < 0) {
      problem(p, ".cpus", "must be >= 0 (was " + c.cpus().get().toPlainString() + ")");
    }
    if (c.memLimit().isPresent() && c.memLimit().get().bytes() != 0 && c.memLimit().get().compareTo(MIN_MEMORY) < 0) {
      problem(p, ".mem_limit", c.memLimit().get() + " is below the engine's minimum of " + MIN_MEMORY);
    }
    between(p, ".cpu_percent", c.cpuPercent(), 0, 100);
    between(p, ".mem_swappiness", c.memSwappiness(), 0, 100);
    between(p, ".oom_score_adj", c.oomScoreAdj(), -1000, 1000);
    if (c.memswapLimit().isPresent() && c.memswapLimit().get() < -1) {
      problem(p, ".memswap_limit", "must be >= 0 or -1 for unlimited (was " + c.memswapLimit().get() + ")");
    }
    if (c.pidsLimit().isPresent() && c.pidsLimit().get() < -1) {
      problem(p, ".pids_limit", "must be >= 0 or -1 for unlimited (was " + c.pidsLimit().get() + ")");
    }
    atLeast(p, ".cpu_shares", c.cpuShares(), 0);
    atLeast(p, ".cpu_period", c.cpuPeriod(), 0);
    atLeast(p, ".cpu_quota", c.cpuQuota(), 0);
    atLeast(p, ".cpu_rt_period", c.cpuRtPeriod(), 0);
    atLeast(p, ".cpu_rt_runtime", c.cpuRtRuntime(), 0);
    atLeast(p, ".cpu_count", c.cpuCount(), 0);
    if (c.blkio().isPresent()) {
      BlkioConfig b = c.blkio().get();
      if (b.weight().isPresent() && !validWeight(b.weight().get())) {
        problem(p, ".blkio_config.weight", "must be between 10 and 1000 (was " + b.weight().get() + ")");
      }
      for (int i = 0; i < b.weightDevice().size(); i++) {
        int w = b.weightDevice().get(i).weight();
        if (!validWeight(w)) {
          problem(p, ".blkio_config.weight_device[" + i + "].weight", "must be between 10 and 1000 (was " + w + ")");
        }
      }
    }
  }

  /** A blkio weight: 0 (unset) or 10-1000. */
  private static boolean validWeight(int w) {
    return w == 0 || w >= 10 && w <= 1000;
  }

  void network(String p, Network n) {
    if (n.ipam().isPresent()) {
      List<IpamConfig> config = n.ipam().get().config();
      for (int k = 0; k < config.size(); k++) {
        IpamConfig c = config.get(k);
        if (c.subnet().isPresent() && !c.subnet().get().contains("/")) {
          problem(p, ".ipam.config[" + k + "].subnet", "'" + c.subnet().get()
              + "' is not in CIDR form (e.g. 172.28.0.0/16)");
        }
        if (c.ipRange().isPresent() && !c.ipRange().get().contains("/")) {
          problem(p, ".ipam.config[" + k + "].ip_range", "'" + c.ipRange().get()
              + "' is not in CIDR form (e.g. 172.28.5.0/24)");
        }
      }
    }
    if (n.external() && (n.driver().isPresent() || n.ipam().isPresent() || !n.driverOptions().isEmpty())) {
      problem(p, ".external", "an external network is not created, so driver, driver_opts and ipam must not be set");
    }
  }
}
