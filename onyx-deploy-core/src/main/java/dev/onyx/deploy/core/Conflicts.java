package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Clashes between services that run together: a host port published twice (same protocol,
 * overlapping addresses) or a container name used twice. Compose accepts such a file and fails only
 * when the second container starts; {@link Stack#conflicts()} finds them before anything is created.
 * Two services run together when both have no profiles or they share one; in a stack narrowed to
 * its active profiles ({@link Stack#forProfiles}) every service runs with every other.
 *
 * <p>Checked on every load and deploy: plain loops without lambdas (each is a class to make on a
 * cold start), and a problem's path is made only when there is a problem.
 */
final class Conflicts {
  private final boolean everyServiceActive;
  private final List<ValidationProblem> problems = new ArrayList<>();

  private Conflicts(boolean everyServiceActive) {
    this.everyServiceActive = everyServiceActive;
  }

  /**
   * @param services the stack's services
   * @param everyServiceActive whether they all run together
   * @return every clash, with the path of the second user
   */
  static List<ValidationProblem> of(List<Service> services, boolean everyServiceActive) {
    Conflicts c = new Conflicts(everyServiceActive);
    Map<String, List<Service>> containerNames = new HashMap<>();
    PublishedPorts published = c.new PublishedPorts();
    for (Service s : services) {
      if (s.containerName().isPresent()) {
        c.containerName(s, s.containerName().get(), containerNames);
      }
      c.ports(s, published);
    }
    return List.copyOf(c.problems);
  }

  private void problem(String path, String message) {
    problems.add(new ValidationProblem(path, message));
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

  private void containerName(Service s, String c, Map<String, List<Service>> containerNames) {
    List<Service> users = containerNames.get(c);
    if (users == null) {
      users = new ArrayList<>(1);
      containerNames.put(c, users);
    }
    for (Service other : users) {
      if (together(s, other)) {
        problem("services." + s.name() + ".container_name", "'" + c + "' is also used by service '" + other.name() + "'"
            + (s.profiles().isEmpty() && other.profiles().isEmpty() ? "" : " (they run together)"));
        break;
      }
    }
    users.add(s);
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
        List<Published> at = singles.get(h.start());
        if (at == null) {
          at = new ArrayList<>(1);
          singles.put(h.start(), at);
        }
        at.add(p);
      } else {
        ranges.add(p);
      }
    }

    private boolean clashes(Published other, Service s, String ip, PortRange h, Protocol protocol) {
      return other.protocol == protocol && overlaps(other.ports, h) && ipsClash(other.ip, ip)
          && (other.service == s || together(other.service, s));
    }
  }

  /**
   * Reports a port outside 1-65535, an inverted range, or host and container ranges of different
   * sizes (the stack's own validation), at the path {@code p.ports[index]}.
   *
   * @param problems where the problems go; null to only check
   * @return whether the port's numbers are valid
   */
  static boolean checkRanges(String p, int index, PortMapping m, @Nullable List<ValidationProblem> problems) {
    String container = rangeProblem("container port", m.containerPorts());
    if (container != null) {
      report(problems, p, index, container);
    }
    boolean ok = container == null;
    if (m.hostPorts().isPresent()) {
      PortRange h = m.hostPorts().get();
      String host = rangeProblem("host port", h);
      if (host != null) {
        report(problems, p, index, host);
        ok = false;
      }
      if (ok && !m.containerPorts().isSingle() && h.size() != m.containerPorts().size()) {
        report(problems, p, index, "host range " + h + " has " + h.size() + " ports but container range "
            + m.containerPorts() + " has " + m.containerPorts().size());
        ok = false;
      }
    }
    return ok;
  }

  private void ports(Service s, PublishedPorts published) {
    for (int i = 0; i < s.ports().size(); i++) {
      PortMapping m = s.ports().get(i);
      boolean ok = checkRanges("", i, m, null);
      if (m.hostPorts().isPresent()) {
        PortRange h = m.hostPorts().get();
        if (ok) {
          String ip = m.hostIp().orElse("0.0.0.0");
          Published other = published.firstClash(s, ip, h, m.protocol());
          if (other != null) {
            problem("services." + s.name() + ".ports[" + i + "]", "host port " + h + "/"
                + m.protocol().composeName() + " on " + ip
                + " is also published by service '" + other.service.name() + "'"
                + (s.profiles().isEmpty() && other.service.profiles().isEmpty() ? "" : " (they run together)"));
          }
          published.add(s, ip, h, m.protocol());
        }
      }
    }
  }

  /** The path {@code services.x.ports[i]} is made only for a problem: most ports have none. */
  private static void report(@Nullable List<ValidationProblem> problems, String p, int index, String message) {
    if (problems != null) {
      problems.add(new ValidationProblem(p + ".ports[" + index + "]", message));
    }
  }

  /** @return what is wrong with a range of port numbers, or null */
  private static @Nullable String rangeProblem(String what, PortRange r) {
    if (r.start() < 1 || r.start() > 65535 || r.end() < 1 || r.end() > 65535) {
      return what + " " + r + " out of range 1-65535";
    }
    if (r.end() < r.start()) {
      return what + " range " + r.start() + "-" + r.end() + " is inverted";
    }
    return null;
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
}
