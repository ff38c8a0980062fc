package dev.onyx.deploy.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The rules a stack must follow; collects every problem with its compose-style path. */
final class Validator {
  static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  static final Pattern RESOURCE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  /** The smallest memory limit the Docker engine accepts. */
  static final ByteSize MIN_MEMORY = ByteSize.ofMebibytes(6);
  /** The shortest healthcheck interval, timeout, start period or start interval the engine accepts. */
  static final Duration MIN_HEALTHCHECK_DURATION = Duration.ofMillis(1);

  private final Stack stack;
  private final List<ValidationProblem> problems = new ArrayList<>();

  private Validator(Stack stack) {
    this.stack = stack;
  }

  static List<ValidationProblem> validate(Stack stack) {
    Validator v = new Validator(stack);
    v.run();
    return List.copyOf(v.problems);
  }

  private void problem(String path, String message) {
    problems.add(new ValidationProblem(path, message));
  }

  private void run() {
    if (!PROJECT_NAME.matcher(stack.name()).matches()) {
      problem("name", "invalid stack name '" + stack.name() + "' (use lowercase letters, digits, '-' "
          + "and '_', starting with a letter or digit)");
    }
    Set<String> services = names("services", "service", stack.services(), Service::name);
    Set<String> volumes = names("volumes", "volume", stack.volumes(), Volume::name);
    Set<String> networks = names("networks", "network", stack.networks(), Network::name);
    Set<String> secrets = names("secrets", "secret", stack.secrets(), Secret::name);
    Set<String> configs = names("configs", "config", stack.configs(), ConfigFile::name);
    networks.add(Network.DEFAULT);

    Map<String, String> containerNames = new HashMap<>();
    PublishedPorts published = new PublishedPorts();
    for (Service s : stack.services()) {
      String p = "services." + s.name();
      if (s.image().isEmpty() && s.build().isEmpty()) {
        problem(p, "needs an image or a build");
      }
      s.image().filter(String::isBlank).ifPresent(i -> problem(p + ".image", "must not be blank"));
      s.containerName().ifPresent(c -> {
        String other = containerNames.putIfAbsent(c, s.name());
        if (!isResourceName(c)) {
          problem(p + ".container_name", "invalid container name '" + c + "' (use letters, digits, '.', "
              + "'-' and '_', starting with a letter or digit)");
        } else if (other != null) {
          problem(p + ".container_name", "'" + c + "' is also used by service '" + other + "'");
        }
      });
      environment(p, s, secrets);
      dependencies(p, s, services);
      ports(p, s, published);
      mounts(p, s, volumes);
      for (NetworkAttachment n : s.networks()) {
        if (!networks.contains(n.network())) {
          problem(p + ".networks." + n.network(), "no such network '" + n.network() + "'");
        }
      }
      s.networkMode().filter(m -> m.startsWith("service:")).map(m -> m.substring("service:".length()))
          .filter(other -> !services.contains(other))
          .ifPresent(other -> problem(p + ".network_mode", "no such service '" + other + "'"));
      if (s.networkMode().isPresent() && !s.networks().isEmpty()) {
        problem(p + ".network_mode", "cannot be used together with networks");
      }
      references(p + ".secrets", "secret", s.secrets(), secrets);
      references(p + ".configs", "config", s.configs(), configs);
      s.healthcheck().ifPresent(h -> healthcheck(p + ".healthcheck", h));
      resources(p + ".deploy.resources", s.resources());
      replicas(p, s);
      s.stopGracePeriod().filter(Duration::isNegative)
          .ifPresent(d -> problem(p + ".stop_grace_period", "must be >= 0 (was " + Durations.format(d) + ")"));
      s.shmSize().filter(z -> z.bytes() == 0).ifPresent(z -> problem(p + ".shm_size", "must be > 0"));
      for (int i = 0; i < s.ulimits().size(); i++) {
        Ulimit u = s.ulimits().get(i);
        if (u.hard() != -1 && (u.soft() == -1 || u.soft() > u.hard())) {
          problem(p + ".ulimits." + u.name(), "soft limit " + u.soft() + " is above hard limit " + u.hard());
        }
      }
    }
    // Every independent cycle; a self-dependency is reported on its own above.
    for (List<String> c : stack.graph().cyclesIgnoringSelfDependencies()) {
      problem("services." + c.get(0) + ".depends_on", "dependency cycle: " + String.join(" -> ", c));
    }
    for (Secret sec : stack.secrets()) {
      if (sec.source() == Secret.Source.ENVIRONMENT
          && !ENV_NAME.matcher(sec.location().orElse("")).matches()) {
        problem("secrets." + sec.name() + ".environment",
            "invalid variable name '" + sec.location().orElse("") + "'");
      }
    }
    for (ConfigFile c : stack.configs()) {
      if (c.content().isPresent() == c.file().isPresent()) {
        problem("configs." + c.name(), "needs exactly one of inline content or a file");
      }
    }
  }

  /** {@link #RESOURCE_NAME} without a regex matcher per name. */
  static boolean isResourceName(String n) {
    return !n.isEmpty() && isAsciiLetterOrDigit(n.charAt(0)) && restAreNameChars(n);
  }

  /** {@link #ENV_NAME} without a regex matcher per name. */
  static boolean isEnvName(String n) {
    if (n.isEmpty()) {
      return false;
    }
    char first = n.charAt(0);
    return (first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first == '_') && restAreNameChars(n);
  }

  /** Whether every character after the first is a letter, digit, {@code _}, {@code .} or {@code -}. */
  private static boolean restAreNameChars(String n) {
    for (int i = 1; i < n.length(); i++) {
      char c = n.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private <T> Set<String> names(String section, String kind, List<T> items, Function<T, String> name) {
    Set<String> seen = new HashSet<>();
    for (T item : items) {
      String n = name.apply(item);
      if (!seen.add(n)) {
        problem(section + "." + n, "duplicate " + kind + " name '" + n + "'");
      } else if (!isResourceName(n)) {
        problem(section + "." + n, "invalid " + kind + " name '" + n + "' (use letters, digits, '.', "
            + "'-' and '_', starting with a letter or digit)");
      }
    }
    return seen;
  }

  private void environment(String p, Service s, Set<String> secrets) {
    for (String key : s.environment().keySet()) {
      if (!isEnvName(key)) {
        problem(p + ".environment." + key, "invalid variable name '" + key + "'");
      }
    }
    s.secretEnvironment().forEach((key, secret) -> {
      if (!isEnvName(key)) {
        problem(p + ".environment." + key, "invalid variable name '" + key + "'");
      } else if (s.environment().containsKey(key)) {
        problem(p + ".environment." + key, "is set both as a value and from secret '" + secret + "'");
      }
      if (!secrets.contains(secret)) {
        problem(p + ".environment." + key, "no such secret '" + secret + "'");
      }
    });
  }

  private void dependencies(String p, Service s, Set<String> services) {
    Set<String> seen = new HashSet<>();
    for (DependsOn d : s.dependsOn()) {
      String dp = p + ".depends_on." + d.service();
      if (!seen.add(d.service())) {
        problem(dp, "listed more than once");
      } else if (d.service().equals(s.name())) {
        problem(dp, "a service cannot depend on itself");
      } else if (!services.contains(d.service())) {
        problem(dp, "no such service '" + d.service() + "'");
      }
    }
  }

  private record Published(int index, String service, String ip, PortRange ports, Protocol protocol) {}

  /**
   * The host ports published so far, in order, indexed by port for single ports so that the clash
   * check is not a scan of every earlier port (quadratic for a large stack). Gives the same answer
   * as scanning the list in order: the first earlier entry that clashes.
   */
  private static final class PublishedPorts {
    private static final int MAX_PROBE = 64;
    private final List<Published> all = new ArrayList<>();
    private final List<Published> ranges = new ArrayList<>();
    private final Map<Integer, List<Published>> singles = new HashMap<>();

    @Nullable Published firstClash(String ip, PortRange h, Protocol protocol) {
      if (h.size() > MAX_PROBE) {
        for (Published other : all) {
          if (clashes(other, ip, h, protocol)) {
            return other;
          }
        }
        return null;
      }
      Published first = null;
      for (Published other : ranges) {
        if (clashes(other, ip, h, protocol)) {
          first = other;
          break;
        }
      }
      for (int port = h.start(); port <= h.end(); port++) {
        List<Published> at = singles.get(port);
        if (at == null) {
          continue;
        }
        for (Published other : at) {
          if (first != null && other.index > first.index) {
            break;
          }
          if (clashes(other, ip, h, protocol)) {
            first = other;
            break;
          }
        }
      }
      return first;
    }

    void add(String service, String ip, PortRange h, Protocol protocol) {
      Published p = new Published(all.size(), service, ip, h, protocol);
      all.add(p);
      if (h.isSingle()) {
        singles.computeIfAbsent(h.start(), k -> new ArrayList<>()).add(p);
      } else {
        ranges.add(p);
      }
    }

    private static boolean clashes(Published other, String ip, PortRange h, Protocol protocol) {
      return other.protocol == protocol && overlaps(other.ports, h) && ipsClash(other.ip, ip);
    }
  }

  private void ports(String p, Service s, PublishedPorts published) {
    for (int i = 0; i < s.ports().size(); i++) {
      PortMapping m = s.ports().get(i);
      String pp = p + ".ports[" + i + "]";
      boolean ok = range(pp, "container port", m.containerPorts());
      if (m.hostPorts().isPresent()) {
        PortRange h = m.hostPorts().get();
        ok &= range(pp, "host port", h);
        if (ok && !m.containerPorts().isSingle() && h.size() != m.containerPorts().size()) {
          problem(pp, "host range " + h + " has " + h.size() + " ports but container range "
              + m.containerPorts() + " has " + m.containerPorts().size());
          ok = false;
        }
        if (ok) {
          String ip = m.hostIp().orElse("0.0.0.0");
          Published other = published.firstClash(ip, h, m.protocol());
          if (other != null) {
            problem(pp, "host port " + h + "/" + m.protocol().composeName() + " on " + ip
                + " is also published by service '" + other.service + "'");
          }
          published.add(s.name(), ip, h, m.protocol());
        }
      }
    }
  }

  private boolean range(String path, String what, PortRange r) {
    if (r.start() < 1 || r.start() > 65535 || r.end() < 1 || r.end() > 65535) {
      problem(path, what + " " + r + " out of range 1-65535");
      return false;
    }
    if (r.end() < r.start()) {
      problem(path, what + " range " + r.start() + "-" + r.end() + " is inverted");
      return false;
    }
    return true;
  }

  private static boolean overlaps(PortRange a, PortRange b) {
    return a.start() <= b.end() && b.start() <= a.end();
  }

  private static boolean ipsClash(String a, String b) {
    return a.equals(b) || isAny(a) || isAny(b);
  }

  private static boolean isAny(String ip) {
    return ip.equals("0.0.0.0") || ip.equals("::") || ip.equals("[::]");
  }

  /** {@code path.replaceAll("/+$", "")} without compiling a regex per call. */
  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  private void mounts(String p, Service s, Set<String> volumes) {
    Map<String, Integer> targets = new HashMap<>();
    for (int i = 0; i < s.mounts().size(); i++) {
      Mount m = s.mounts().get(i);
      String mp = p + ".volumes[" + i + "]";
      if (!m.target().startsWith("/")) {
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
        case BIND -> {
          if (m.source().filter(x -> !x.isBlank()).isEmpty()) {
            problem(mp + ".source", "a bind mount needs a host path");
          }
        }
        case TMPFS -> m.source().ifPresent(x -> problem(mp + ".source", "a tmpfs mount has no source"));
        default -> throw new AssertionError(m.type());
      }
      if (m.tmpfsSize().isPresent() && m.type() != Mount.Type.TMPFS) {
        problem(mp + ".tmpfs.size", "only a tmpfs mount has a size");
      }
      if (m.selinux().isPresent() && m.type() == Mount.Type.TMPFS) {
        problem(mp + ".bind.selinux", "only a bind or volume mount can be relabelled (SELinux)");
      }
    }
  }

  private void references(String path, String kind, List<FileReference> refs, Set<String> declared) {
    for (int i = 0; i < refs.size(); i++) {
      FileReference r = refs.get(i);
      if (!declared.contains(r.source())) {
        problem(path + "[" + i + "]", "no such " + kind + " '" + r.source() + "'");
      }
      if (r.mode().filter(m -> m < 0 || m > 07777).isPresent()) {
        problem(path + "[" + i + "].mode", "invalid file mode " + Integer.toOctalString(r.mode().get()));
      }
    }
  }

  private void healthcheck(String p, Healthcheck h) {
    if (h.kind() == Healthcheck.Kind.NONE) {
      List<String> set = new ArrayList<>();
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
    if (h.test().isEmpty() || h.test().stream().allMatch(String::isBlank)) {
      problem(p + ".test", "must not be empty");
    }
    positive(p + ".interval", h.interval());
    positive(p + ".timeout", h.timeout());
    positive(p + ".start_interval", h.startInterval());
    h.startPeriod().ifPresent(d -> {
      if (d.isNegative()) {
        problem(p + ".start_period", "must be >= 0 (was " + Durations.format(d) + ")");
      } else if (!d.isZero() && d.compareTo(MIN_HEALTHCHECK_DURATION) < 0) {
        problem(p + ".start_period", "must be 0 or at least 1ms, the engine's minimum (was "
            + Durations.format(d) + ")");
      }
    });
    h.retries().filter(r -> r < 0).ifPresent(r -> problem(p + ".retries", "must be >= 0 (was " + r + ")"));
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
      DeviceRequest d = r.devices().get(i);
      String dp = p + ".reservations.devices[" + i + "]";
      if (d.capabilities().isEmpty()) {
        problem(dp + ".capabilities", "must name at least one capability (e.g. gpu)");
      }
      if (d.count().isPresent() && !d.deviceIds().isEmpty()) {
        problem(dp, "count and device_ids cannot both be set");
      }
      d.count().filter(c -> c < -1 || c == 0).ifPresent(c -> problem(dp + ".count", "must be > 0 or all (was " + c + ")"));
    }
  }

  /** The replica count, and what it rules out: a fixed container name for several replicas (as compose). */
  private void replicas(String p, Service s) {
    Deploy d = s.deploy();
    d.replicas().filter(n -> n < 0).ifPresent(n -> problem(p + ".deploy.replicas", "must be >= 0 (was " + n + ")"));
    if (s.containerName().isPresent() && d.replicaCount() > 1) {
      problem(p + ".container_name", "'" + s.containerName().get() + "' cannot name " + d.replicaCount()
          + " replicas (deploy.replicas): each container needs its own name; remove container_name");
    }
    d.restartPolicy().flatMap(TaskRestartPolicy::maxAttempts).filter(n -> n < 0)
        .ifPresent(n -> problem(p + ".deploy.restart_policy.max_attempts", "must be >= 0 (was " + n + ")"));
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
}
