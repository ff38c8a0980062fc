package dev.onyx.deploy.cli;

import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a stack's published ports answer, as {@code up} and {@code compose} print them: a URL for
 * a web port ({@code nginx  http://localhost/}), {@code host:port} for any other TCP or UDP port.
 * Ports the engine picks itself (published without a host port) are left out: {@code ps} shows
 * them.
 */
final class PublishedUrls {
  /** Container ports that serve HTTP by convention (Kibana's 5601 included). */
  private static final Set<Integer> HTTP = Set.of(80, 3000, 5000, 5601, 8000, 8080, 8081, 8888, 9000, 9001, 9090);
  /** Container ports that serve HTTPS by convention. */
  private static final Set<Integer> HTTPS = Set.of(443, 8443);

  private PublishedUrls() {}

  /**
   * @param stack the stack
   * @return one line per published port: the service name (padded) and where it answers
   */
  static List<String> lines(Stack stack) {
    List<String[]> rows = new ArrayList<>();
    for (Service s : stack.services()) {
      for (PortMapping p : s.ports()) {
        if (p.hostPorts().isPresent()) {
          rows.add(new String[] {s.name(), address(p)});
        }
      }
    }
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      lines.add(String.format("  %-" + width + "s  %s", r[0], r[1]));
    }
    return lines;
  }

  /** @return the URL or address one published port answers on */
  static String address(PortMapping p) {
    String ip = p.hostIp().orElse("");
    String host = ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::") ? "localhost"
        : ip.contains(":") ? "[" + ip + "]" : ip;
    int hostPort = p.hostPorts().orElseThrow().start();
    int container = p.containerPorts().start();
    boolean single = p.hostPorts().get().size() == 1;
    if (single && p.protocol() == Protocol.TCP && (HTTP.contains(container) || HTTPS.contains(container))) {
      String scheme = HTTPS.contains(container) ? "https" : "http";
      boolean defaultPort = scheme.equals("http") ? hostPort == 80 : hostPort == 443;
      return scheme + "://" + host + (defaultPort ? "" : ":" + hostPort) + "/";
    }
    String ports = single ? String.valueOf(hostPort) : hostPort + "-" + p.hostPorts().get().end();
    return host + ":" + ports + (p.protocol() == Protocol.TCP ? "" : " (" + p.protocol().composeName() + ")");
  }
}
