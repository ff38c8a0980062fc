package dev.onyx.deploy.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of one service's own values (and a network's): ranges, durations, mounts, resources and
 * the deploy section. Problems go to the list given; nothing is thrown.
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

  /** The checks of one service that need nothing but the service. */
  void service(String p, Service s) {
    s.image().filter(String::isBlank).ifPresent(i -> problem(p + ".image", "must not be blank"));
    if (s.emptyCommand() && !s.command().isEmpty()) {
      problem(p + ".command", "is both empty (clearing the image's) and set");
    }
    if (s.emptyEntrypoint() && !s.entrypoint().isEmpty()) {
      problem(p + ".entrypoint", "is both empty (clearing the image's) and set");
    }
    s.healthcheck().ifPresent(h -> healthcheck(p + ".healthcheck", h));
    if (!s.deploy().resources().isEmpty()) {
      resources(p + ".deploy.resources", s.deploy().resources());
    }
    if (!s.deploy().isEmpty()) {
      deploy(p + ".deploy", s.deploy());
    }
    atLeast(p + ".scale", s.scale(), 0);
    if (s.scale().isPresent() && s.deploy().replicas().isPresent()
        && !s.scale().equals(s.deploy().replicas())) {
      problem(p + ".scale", "is " + s.scale().get() + " but deploy.replicas is " + s.deploy().replicas().get()
          + " (they are one setting: give one of them)");
    }
    if (s.containerName().isPresent() && s.replicaCount() > 1) {
      problem(p + ".container_name", "'" + s.containerName().get() + "' cannot name " + s.replicaCount()
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
        problem(p + ".tmpfs[" + i + "]", "'" + s.tmpfs().get(i).target() + "' is not an absolute path");
      }
    }
    hooks(p + ".post_start", s.postStart());
    hooks(p + ".pre_stop", s.preStop());
    notNegative(p + ".stop_grace_period", s.stopGracePeriod());
    s.shmSize().filter(z -> z.bytes() == 0).ifPresent(z -> problem(p + ".shm_size", "must be > 0"));
    for (Ulimit u : s.ulimits()) {
      if (u.hard() != -1 && (u.soft() == -1 || u.soft() > u.hard())) {
        problem(p + ".ulimits." + u.name(), "soft limit " + u.soft() + " is above hard limit " + u.hard());
      }
    }
  }

  private void hooks(String p, List<ServiceHook> hooks) {
    for (int i = 0; i < hooks.size(); i++) {
      if (hooks.get(i).command().isEmpty()) {
        problem(p + "[" + i + "].command", "must not be empty");
      }
    }
  }

  void mounts(String p, List<Mount> mounts, Set<String> volumes) {
    Map<String, Integer> targets = new HashMap<>();
    for (int i = 0; i < mounts.size(); i++) {
      Mount m = mounts.get(i);
      String mp = p + ".volumes[" + i + "]";
      if (!m.target().startsWith("/") && m.type() != Mount.Type.NPIPE) {
        problem(mp + ".target", "'" + m.target() + "' is not an absolute path");
      } else {
        // The engine refuses a container with two mounts at one path ("Duplicate mount point").
        String normal = m.target().length() > 1 ? stripTrailingSlashes(m.target()) : m.target();
        Integer first = targets.putIfAbsent(normal, i);
        if (first != null) {
          problem(mp + ".target", "'" + m.target() + "' is already mounted by volumes[" + first + "]");
        }
      }
      switch (m.type()) {
        case VOLUME -> m.source().filter(v -> !volumes.contains(v))
            .ifPresent(v -> problem(mp + ".source", "no such volume '" + v + "'"));
        case BIND, NPIPE, CLUSTER, IMAGE -> {
          if (m.source().filter(x -> !x.isBlank()).isEmpty()) {
            problem(mp + ".source", "a " + m.type().composeName() + " mount needs a source");
          }
        }
        case TMPFS -> m.source().ifPresent(x -> problem(mp + ".source", "a tmpfs mount has no source"));
        default -> throw new AssertionError(m.type());
      }
      mountOptions(mp, m);
    }
  }

  private void mountOptions(String mp, Mount m) {
    m.bind().ifPresent(b -> {
      boolean selinuxOnly = b.propagation().isEmpty() && !b.createHostPath() && b.recursive().isEmpty();
      if (m.type() != Mount.Type.BIND && !(m.type() == Mount.Type.VOLUME && selinuxOnly)) {
        if (selinuxOnly) {
          problem(mp + ".bind.selinux", "only a bind or volume mount can be relabelled (SELinux)");
        } else {
          problem(mp + ".bind", "only a bind mount has bind options");
        }
      }
      b.propagation().filter(x -> !PROPAGATIONS.contains(x)).ifPresent(x -> problem(mp + ".bind.propagation",
          "invalid propagation '" + x + "' (expected private, rprivate, shared, rshared, slave or rslave)"));
    });
    if (m.volume().isPresent() && m.type() != Mount.Type.VOLUME) {
      problem(mp + ".volume", "only a volume mount has volume options");
    }
    if (m.image().isPresent() && m.type() != Mount.Type.IMAGE) {
      problem(mp + ".image", "only an image mount has image options");
    }
    m.tmpfs().ifPresent(t -> {
      if (m.type() != Mount.Type.TMPFS) {
        problem(mp + ".tmpfs", "only a tmpfs mount has tmpfs options");
      }
      t.size().filter(z -> z.bytes() == 0).ifPresent(z -> problem(mp + ".tmpfs.size", "must be > 0"));
      t.mode().filter(x -> x < 0 || x > 07777)
          .ifPresent(x -> problem(mp + ".tmpfs.mode", "invalid file mode " + Integer.toOctalString(x)));
    });
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
      List<String> set = new java.util.ArrayList<>();
      if (!h.test().isEmpty()) {
        set.add("test");
      }
      h.interval().ifPresent(x -> set.add("interval"));
      h.timeout().ifPresent(x -> set.add("timeout"));
      h.retries().ifPresent(x -> set.add("retries"));
      h.startPeriod().ifPresent(x -> set.add("start_period"));
      h.startInterval().ifPresent(x -> set.add("start_interval"));
      if (!set.isEmpty()) {
        problem(p, "NONE disables the healthcheck, so " + String.join(", ", set) + " must not be set");
      }
      return;
    }
    if (h.kind() == Healthcheck.Kind.IMAGE) {
      if (!h.test().isEmpty()) {
        problem(p + ".test", "a healthcheck that keeps the image's test has no test of its own");
      }
    } else if (h.test().isEmpty() || h.test().stream().allMatch(String::isBlank)) {
      problem(p + ".test", "must not be empty");
    }
    positive(p + ".interval", h.interval());
    positive(p + ".timeout", h.timeout());
    positive(p + ".start_interval", h.startInterval());
    h.startPeriod().ifPresent(d -> {
      if (d.isNegative()) {
        problem(p + ".start_period", "must be >= 0 (was " + Durations.format(d) + ")");
      } else if (!d.isZero() && d.compareTo(MIN_HEALTHCHECK_DURATION) < 0) {
        problem(p + ".start_period", "must be 0 or at least 1ms, the engine's minimum (was " + Durations.format(d) + ")");
      }
    });
    atLeast(p + ".retries", h.retries(), 0);
  }

  private void positive(String path, Optional<Duration> d) {
    d.ifPresent(x -> {
      if (x.isZero() || x.isNegative()) {
        problem(path, "must be > 0 (was " + Durations.format(x) + ")");
      } else if (x.compareTo(MIN_HEALTHCHECK_DURATION) < 0) {
        problem(path, "must be at least 1ms, the engine's minimum (was " + Durations.format(x) + ")");
      }
    });
  }

  // The checks below take Optionals without a lambda: each lambda is a class to spin on a cold start.

  private void atLeast(String path, Optional<? extends Number> n, long min) {
    if (n.isPresent() && n.get().longValue() < min) {
      problem(path, "must be >= " + min + " (was " + n.get() + ")");
    }
  }

  private void between(String path, Optional<? extends Number> n, long min, long max) {
    if (n.isPresent() && (n.get().longValue() < min || n.get().longValue() > max)) {
      problem(path, "must be between " + min + " and " + max + " (was " + n.get() + ")");
    }
  }

  private void notNegative(String path, Optional<Duration> d) {
    if (d.isPresent() && d.get().isNegative()) {
      problem(path, "must be >= 0 (was " + Durations.format(d.get()) + ")");
    }
  }

  private void deploy(String p, Deploy d) {
    atLeast(p + ".replicas", d.replicas(), 0);
    boolean global = d.mode().filter(m -> m == Deploy.Mode.GLOBAL || m == Deploy.Mode.GLOBAL_JOB).isPresent();
    if (global && d.replicas().isPresent()) {
      problem(p + ".replicas", "cannot be set in " + d.mode().get().composeName() + " mode (one task per node)");
    }
    if (global && d.placement().maxReplicasPerNode().isPresent()) {
      problem(p + ".placement.max_replicas_per_node", "cannot be set in " + d.mode().get().composeName() + " mode");
    }
    atLeast(p + ".placement.max_replicas_per_node", d.placement().maxReplicasPerNode(), 0);
    for (int i = 0; i < d.placement().constraints().size(); i++) {
      if (d.placement().constraints().get(i).isBlank()) {
        problem(p + ".placement.constraints[" + i + "]", "must not be blank");
      }
    }
    d.updateConfig().ifPresent(u -> update(p + ".update_config", u, false));
    d.rollbackConfig().ifPresent(u -> update(p + ".rollback_config", u, true));
    d.restartPolicy().ifPresent(r -> {
      atLeast(p + ".restart_policy.max_attempts", r.maxAttempts(), 0);
      notNegative(p + ".restart_policy.delay", r.delay());
      notNegative(p + ".restart_policy.window", r.window());
    });
  }

  private void update(String p, UpdateConfig u, boolean rollback) {
    atLeast(p + ".parallelism", u.parallelism(), 0);
    notNegative(p + ".delay", u.delay());
    notNegative(p + ".monitor", u.monitor());
    u.maxFailureRatio().filter(r -> r < 0 || r > 1 || r.isNaN())
        .ifPresent(r -> problem(p + ".max_failure_ratio", "must be between 0 and 1 (was " + r + ")"));
    if (rollback && u.failureAction().filter(a -> a == UpdateConfig.FailureAction.ROLLBACK).isPresent()) {
      problem(p + ".failure_action", "a rollback cannot roll back (use pause or continue)");
    }
  }

  private void resources(String p, Resources r) {
    side(p + ".limits", r.limits(), true);
    side(p + ".reservations", r.reservations(), false);
    ResourceSpec l = r.limits();
    ResourceSpec res = r.reservations();
    if (l.cpus().isPresent() && res.cpus().isPresent() && l.cpus().get().compareTo(res.cpus().get()) < 0) {
      problem(p + ".limits.cpus", "limit " + l.cpus().get().toPlainString() + " is below reservation "
          + res.cpus().get().toPlainString());
    }
    if (l.memory().isPresent() && res.memory().isPresent() && l.memory().get().compareTo(res.memory().get()) < 0) {
      problem(p + ".limits.memory", "limit " + l.memory().get() + " is below reservation " + res.memory().get());
    }
    for (int i = 0; i < r.devices().size(); i++) {
      device(p + ".reservations.devices[" + i + "]", r.devices().get(i), true);
    }
    for (int i = 0; i < r.genericResources().size(); i++) {
      GenericResource g = r.genericResources().get(i);
      String gp = p + ".reservations.generic_resources[" + i + "]";
      if (g.kind().isBlank()) {
        problem(gp + ".kind", "must not be blank");
      }
      if (g.discreteValue().isPresent() == g.namedValue().isPresent()) {
        problem(gp, "needs exactly one of discrete_resource_spec or named_resource_spec");
      }
      atLeast(gp + ".discrete_resource_spec.value", g.discreteValue(), 0);
    }
  }

  private void device(String dp, DeviceRequest d, boolean needsCapability) {
    if (needsCapability && d.capabilities().isEmpty()) {
      problem(dp + ".capabilities", "must name at least one capability (e.g. gpu)");
    }
    if (d.count().isPresent() && !d.deviceIds().isEmpty()) {
      problem(dp, "count and device_ids cannot both be set");
    }
    d.count().filter(c -> c < -1 || c == 0).ifPresent(c -> problem(dp + ".count", "must be > 0 or all (was " + c + ")"));
  }

  private void side(String p, ResourceSpec spec, boolean limit) {
    spec.cpus().filter(c -> c.compareTo(BigDecimal.ZERO) <= 0)
        .ifPresent(c -> problem(p + ".cpus", "must be > 0 (was " + c.toPlainString() + ")"));
    spec.memory().ifPresent(m -> {
      if (limit && m.compareTo(MIN_MEMORY) < 0) {
        problem(p + ".memory", m + " is below the engine's minimum of " + MIN_MEMORY);
      } else if (m.bytes() == 0) {
        problem(p + ".memory", "must be > 0");
      }
    });
    spec.pids().filter(n -> n == 0 || n < -1).ifPresent(n -> problem(p + ".pids", "must be > 0 (was " + n + ")"));
  }

  private void limits(String p, ContainerLimits c) {
    c.cpus().filter(x -> x.compareTo(BigDecimal.ZERO) < 0)
        .ifPresent(x -> problem(p + ".cpus", "must be >= 0 (was " + x.toPlainString() + ")"));
    c.memLimit().filter(m -> m.bytes() != 0 && m.compareTo(MIN_MEMORY) < 0)
        .ifPresent(m -> problem(p + ".mem_limit", m + " is below the engine's minimum of " + MIN_MEMORY));
    between(p + ".cpu_percent", c.cpuPercent(), 0, 100);
    between(p + ".mem_swappiness", c.memSwappiness(), 0, 100);
    between(p + ".oom_score_adj", c.oomScoreAdj(), -1000, 1000);
    c.memswapLimit().filter(x -> x < -1)
        .ifPresent(x -> problem(p + ".memswap_limit", "must be >= 0 or -1 for unlimited (was " + x + ")"));
    c.pidsLimit().filter(x -> x < -1)
        .ifPresent(x -> problem(p + ".pids_limit", "must be >= 0 or -1 for unlimited (was " + x + ")"));
    atLeast(p + ".cpu_shares", c.cpuShares(), 0);
    atLeast(p + ".cpu_period", c.cpuPeriod(), 0);
    atLeast(p + ".cpu_quota", c.cpuQuota(), 0);
    atLeast(p + ".cpu_rt_period", c.cpuRtPeriod(), 0);
    atLeast(p + ".cpu_rt_runtime", c.cpuRtRuntime(), 0);
    atLeast(p + ".cpu_count", c.cpuCount(), 0);
    c.blkio().ifPresent(b -> {
      b.weight().filter(w -> w != 0 && (w < 10 || w > 1000))
          .ifPresent(w -> problem(p + ".blkio_config.weight", "must be between 10 and 1000 (was " + w + ")"));
      for (int i = 0; i < b.weightDevice().size(); i++) {
        int w = b.weightDevice().get(i).weight();
        if (w != 0 && (w < 10 || w > 1000)) {
          problem(p + ".blkio_config.weight_device[" + i + "].weight", "must be between 10 and 1000 (was " + w + ")");
        }
      }
    });
  }

  void network(String p, Network n) {
    n.ipam().ifPresent(i -> {
      for (int k = 0; k < i.config().size(); k++) {
        IpamConfig c = i.config().get(k);
        String cp = p + ".ipam.config[" + k + "]";
        c.subnet().filter(s -> !s.contains("/")).ifPresent(s -> problem(cp + ".subnet",
            "'" + s + "' is not in CIDR form (e.g. 172.28.0.0/16)"));
        c.ipRange().filter(s -> !s.contains("/")).ifPresent(s -> problem(cp + ".ip_range",
            "'" + s + "' is not in CIDR form (e.g. 172.28.5.0/24)"));
      }
    });
    if (n.external() && (n.driver().isPresent() || n.ipam().isPresent() || !n.driverOptions().isEmpty())) {
      problem(p + ".external", "an external network is not created, so driver, driver_opts and ipam must not be set");
    }
  }
}
