package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules a stack must follow; collects every problem with its compose-style path. The rules of
 * one service's own values are in {@link ServiceRules}; here are the names, the references between
 * services and resources, and the clashes between services (host ports, container names).
 */
final class Validator {
  static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  static final Pattern RESOURCE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final Stack stack;
  private final boolean everyServiceActive;
  private final ServiceRules rules;

  private Validator(Stack stack, boolean everyServiceActive, List<ValidationProblem> problems) {
    this.stack = stack;
    this.everyServiceActive = everyServiceActive;
    this.rules = new ServiceRules(problems);
  }

  /**
   * @param stack the stack
   * @param everyServiceActive whether all its services run together (a stack narrowed to the active
   *     profiles); otherwise two services clash only when both have no profiles or they share one
   * @return every problem
   */
  static List<ValidationProblem> validate(Stack stack, boolean everyServiceActive) {
    List<ValidationProblem> problems = new ArrayList<>();
    new Validator(stack, everyServiceActive, problems).run();
    return List.copyOf(problems);
  }

  private void problem(String path, String message) {
    rules.problem(path, message);
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
    Set<String> models = names("models", "model", stack.models(), AiModel::name);
    networks.add(Network.DEFAULT);

    Map<String, List<Service>> containerNames = new HashMap<>();
    PublishedPorts published = new PublishedPorts();
    for (Service s : stack.services()) {
      String p = "services." + s.name();
      if (s.image().isEmpty() && s.build().isEmpty() && s.provider().isEmpty()) {
        problem(p, "needs an image or a build");
      }
      s.containerName().ifPresent(c -> containerName(p, s, c, containerNames));
      environment(p, s, secrets);
      dependencies(p, s, services);
      ports(p, s, published);
      rules.mounts(p, s.mounts(), volumes);
      for (NetworkAttachment n : s.networks()) {
        if (!networks.contains(n.network())) {
          problem(p + ".networks." + n.network(), "no such network '" + n.network() + "'");
        }
      }
      serviceReference(p + ".network_mode", s.networkMode().orElse(""), services);
      serviceReference(p + ".pid", s.pid().orElse(""), services);
      serviceReference(p + ".ipc", s.ipc().orElse(""), services);
      if (s.networkMode().isPresent() && !s.networks().isEmpty()) {
        problem(p + ".network_mode", "cannot be used together with networks");
      }
      for (int i = 0; i < s.links().size(); i++) {
        String target = s.links().get(i).split(":", 2)[0];
        if (!services.contains(target)) {
          problem(p + ".links[" + i + "]", "no such service '" + target + "'");
        }
      }
      for (int i = 0; i < s.volumesFrom().size(); i++) {
        String from = s.volumesFrom().get(i);
        if (!from.startsWith("container:") && !services.contains(from.split(":", 2)[0])) {
          problem(p + ".volumes_from[" + i + "]", "no such service '" + from.split(":", 2)[0] + "'");
        }
      }
      references(p + ".secrets", "secret", s.secrets(), secrets);
      references(p + ".configs", "config", s.configs(), configs);
      s.build().ifPresent(b -> references(p + ".build.secrets", "secret", b.secrets(), secrets));
      for (ServiceModel m : s.models()) {
        if (!models.contains(m.model())) {
          problem(p + ".models." + m.model(), "no such model '" + m.model() + "'");
        }
      }
      rules.service(p, s);
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
      int sources = (c.content().isPresent() ? 1 : 0) + (c.file().isPresent() ? 1 : 0)
          + (c.environment().isPresent() ? 1 : 0) + (c.external() ? 1 : 0);
      if (sources != 1) {
        problem("configs." + c.name(), "needs exactly one of content, file, environment or external");
      }
      c.environment().filter(e -> !isEnvName(e))
          .ifPresent(e -> problem("configs." + c.name() + ".environment", "invalid variable name '" + e + "'"));
    }
    for (Network n : stack.networks()) {
      rules.network("networks." + n.name(), n);
    }
  }

  /** Whether two services run together: always in a narrowed stack, else by their profiles. */
  private boolean together(Service a, Service b) {
    if (everyServiceActive || a.profiles().isEmpty() && b.profiles().isEmpty()) {
      return true;
    }
    for (String p : a.profiles()) {
      if (b.profiles().contains(p)) {
        return true;
      }
    }
    return false;
  }

  private void containerName(String p, Service s, String c, Map<String, List<Service>> containerNames) {
    if (!isResourceName(c)) {
      problem(p + ".container_name", "invalid container name '" + c + "' (use letters, digits, '.', "
          + "'-' and '_', starting with a letter or digit)");
      return;
    }
    List<Service> users = containerNames.computeIfAbsent(c, k -> new ArrayList<>());
    for (Service other : users) {
      if (together(s, other)) {
        problem(p + ".container_name", "'" + c + "' is also used by service '" + other.name() + "'"
            + (s.profiles().isEmpty() && other.profiles().isEmpty() ? "" : " (they run together)"));
        break;
      }
    }
    users.add(s);
  }

  private void serviceReference(String path, String mode, Set<String> services) {
    if (mode.startsWith("service:") && !services.contains(mode.substring("service:".length()))) {
      problem(path, "no such service '" + mode.substring("service:".length()) + "'");
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

  private record Published(int index, Service service, String ip, PortRange ports, Protocol protocol) {}

  /**
   * The host ports published so far, in order, indexed by port for single ports so that the clash
   * check is not a scan of every earlier port (quadratic for a large stack). Gives the same answer
   * as scanning the list in order: the first earlier entry that clashes.
   */
  private final class PublishedPorts {
    private static final int MAX_PROBE = 64;
    private final List<Published> all = new ArrayList<>();
    private final List<Published> ranges = new ArrayList<>();
    private final Map<Integer, List<Published>> singles = new HashMap<>();

    Published firstClash(Service s, String ip, PortRange h, Protocol protocol) {
      if (h.size() > MAX_PROBE) {
        for (Published other : all) {
          if (clashes(other, s, ip, h, protocol)) {
            return other;
          }
        }
        return null;
      }
      Published first = null;
      for (Published other : ranges) {
        if (clashes(other, s, ip, h, protocol)) {
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
          if (clashes(other, s, ip, h, protocol)) {
            first = other;
            break;
          }
        }
      }
      return first;
    }

    void add(Service service, String ip, PortRange h, Protocol protocol) {
      Published p = new Published(all.size(), service, ip, h, protocol);
      all.add(p);
      if (h.isSingle()) {
        singles.computeIfAbsent(h.start(), k -> new ArrayList<>()).add(p);
      } else {
        ranges.add(p);
      }
    }

    private boolean clashes(Published other, Service s, String ip, PortRange h, Protocol protocol) {
      return other.protocol == protocol && overlaps(other.ports, h) && ipsClash(other.ip, ip)
          && (other.service == s || together(other.service, s));
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
          Published other = published.firstClash(s, ip, h, m.protocol());
          if (other != null) {
            problem(pp, "host port " + h + "/" + m.protocol().composeName() + " on " + ip
                + " is also published by service '" + other.service.name() + "'"
                + (s.profiles().isEmpty() && other.service.profiles().isEmpty() ? "" : " (they run together)"));
          }
          published.add(s, ip, h, m.protocol());
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
}
