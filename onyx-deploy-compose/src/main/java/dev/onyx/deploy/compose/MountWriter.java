package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YamlEmitter.Octal;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Tmpfs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a service's {@code ports}, {@code expose}, {@code volumes}, {@code tmpfs} and
 * {@code volumes_from}: the short syntax where it says exactly what the model holds, the long syntax
 * where the short one would lose or change something. Plain ifs rather than Optional lambdas on these
 * per-service paths: each lambda is a class to make on a cold start.
 */
final class MountWriter {
  private MountWriter() {}

  static void portsAndMounts(Service s, Map<String, Object> m) {
    if (!s.ports().isEmpty()) {
      List<Object> ports = new ArrayList<>();
      for (PortMapping pm : s.ports()) {
        boolean emptyHostIp = pm.hostIp().isPresent() && pm.hostIp().get().isEmpty();
        if (!pm.containerPorts().isSingle() && (pm.name().isPresent() || emptyHostIp
            || pm.mode() != PortMapping.Mode.INGRESS || pm.appProtocol().isPresent())) {
          // the long syntax has no container ranges: one entry per port, as compose expands them
          int n = pm.containerPorts().size();
          for (int k = 0; k < n; k++) {
            int i = k;
            PortMapping.Builder b = PortMapping.builder(PortRange.of(pm.containerPorts().start() + i))
                .protocol(pm.protocol()).mode(pm.mode());
            if (pm.hostIp().isPresent()) {
              b.hostIp(pm.hostIp().get());
            }
            if (pm.name().isPresent()) {
              b.name(pm.name().get());
            }
            if (pm.appProtocol().isPresent()) {
              b.appProtocol(pm.appProtocol().get());
            }
            if (pm.hostPorts().isPresent()) {
              PortRange h = pm.hostPorts().get();
              b.hostPorts(h.isSingle() ? h : PortRange.of(h.start() + i));
            }
            ports.add(port(b.build()));
          }
        } else {
          ports.add(port(pm));
        }
      }
      m.put("ports", ports);
    }
    ServiceWriter.putList(m, "expose", s.expose());
    if (!s.mounts().isEmpty()) {
      List<Object> volumes = new ArrayList<>();
      for (Mount x : s.mounts()) {
        volumes.add(mount(x));
      }
      m.put("volumes", volumes);
    }
    if (!s.tmpfs().isEmpty()) {
      List<Object> tmpfs = new ArrayList<>();
      for (Tmpfs t : s.tmpfs()) {
        tmpfs.add(t.toString());
      }
      m.put("tmpfs", tmpfs);
    }
    ServiceWriter.putList(m, "volumes_from", s.volumesFrom());
  }

  /**
   * Short syntax {@code [IP:][HOST:]CONTAINER[/PROTO]} (an IPv6 address in brackets) unless it would
   * lose or confuse something: a name, a host mode, an application protocol, an IPv6 or empty host
   * address on a single port.
   */
  static Object port(PortMapping pm) {
    if (!needsLong(pm) || !pm.containerPorts().isSingle()) {
      StringBuilder sb = new StringBuilder();
      if (pm.hostIp().isPresent()) {
        String ip = pm.hostIp().get();
        sb.append(ip.contains(":") ? "[" + ip + "]" : ip).append(':');
      }
      if (pm.hostPorts().isPresent()) {
        sb.append(pm.hostPorts().get()).append(':');
      } else if (pm.hostIp().isPresent()) {
        sb.append(':');
      }
      sb.append(pm.containerPorts());
      if (pm.protocol() != Protocol.TCP) {
        sb.append('/').append(pm.protocol().composeName());
      }
      return sb.toString();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "name", pm.name());
    m.put("target", pm.containerPorts().start());
    ServiceWriter.put(m, "host_ip", pm.hostIp());
    ServiceWriter.putText(m, "published", pm.hostPorts());
    m.put("protocol", pm.protocol().composeName());
    if (pm.mode() != PortMapping.Mode.INGRESS) {
      m.put("mode", pm.mode().composeName());
    }
    ServiceWriter.put(m, "app_protocol", pm.appProtocol());
    return m;
  }

  private static boolean needsLong(PortMapping pm) {
    String ip = pm.hostIp().orElse(null);
    boolean ipv6OrEmpty = ip != null && (ip.contains(":") || ip.isEmpty());
    return pm.name().isPresent() || ipv6OrEmpty || pm.mode() != PortMapping.Mode.INGRESS
        || pm.appProtocol().isPresent();
  }

  /** The short syntax when it reads back as exactly this mount, else the long syntax. */
  static Object mount(Mount m) {
    if (m.target().contains(":") || m.target().isEmpty() || m.consistency().isPresent()) {
      return longMount(m);
    }
    String src = m.source().orElse("");
    switch (m.type()) {
      case VOLUME -> {
        // a volume's bind block can only come from the short syntax's :z / :Z
        boolean plainBind = m.bind().isEmpty() || m.bind().get().selinux().isPresent()
            && m.bind().get().propagation().isEmpty() && !m.bind().get().createHostPath()
            && m.bind().get().recursive().isEmpty();
        boolean shortVolume = m.volume().isPresent() && m.volume().get().subpath().isEmpty() && plainBind
            && m.tmpfs().isEmpty() && m.image().isEmpty();
        if (!shortVolume || src.contains(":") || src.startsWith(".") || src.startsWith("/") || src.startsWith("~")) {
          return longMount(m);
        }
        if (src.isEmpty()) {
          boolean options = m.readOnly() || m.selinux().isPresent() || m.volume().get().nocopy();
          return options ? longMount(m) : m.target();
        }
        return src + ":" + m.target() + shortOptions(m);
      }
      case BIND -> {
        boolean pathLike = src.startsWith("/") || src.startsWith("./") || src.startsWith("../")
            || src.equals(".") || src.equals("..") || src.startsWith("~/") || src.equals("~");
        boolean shortBind = m.bind().isPresent() && m.bind().get().createHostPath()
            && m.bind().get().recursive().isEmpty()
            && m.volume().isEmpty() && m.tmpfs().isEmpty() && m.image().isEmpty();
        if (!pathLike || src.contains(":") || !shortBind) {
          return longMount(m);
        }
        return src + ":" + m.target() + shortOptions(m);
      }
      default -> {
        return longMount(m);
      }
    }
  }

  /** The short syntax's mode suffix: {@code :ro}, {@code :z}, {@code :ro,Z,rshared}, {@code :nocopy} or nothing. */
  private static String shortOptions(Mount m) {
    List<String> opts = new ArrayList<>();
    if (m.readOnly()) {
      opts.add("ro");
    }
    if (m.selinux().isPresent()) {
      opts.add(m.selinux().get().option());
    }
    if (m.bind().isPresent() && m.bind().get().propagation().isPresent()) {
      opts.add(m.bind().get().propagation().get());
    }
    if (m.volume().isPresent() && m.volume().get().nocopy()) {
      opts.add("nocopy");
    }
    return opts.isEmpty() ? "" : ":" + String.join(",", opts);
  }

  private static Map<String, Object> longMount(Mount m) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("type", m.type().composeName());
    ServiceWriter.put(v, "source", m.source());
    v.put("target", m.target());
    if (m.readOnly()) {
      v.put("read_only", true);
    }
    ServiceWriter.put(v, "consistency", m.consistency());
    m.bind().ifPresent(b -> {
      Map<String, Object> bind = new LinkedHashMap<>();
      ServiceWriter.put(bind, "propagation", b.propagation());
      if (b.createHostPath()) {
        bind.put("create_host_path", true);
      }
      if (b.selinux().isPresent()) {
        bind.put("selinux", b.selinux().get().option());
      }
      ServiceWriter.put(bind, "recursive", b.recursive());
      v.put("bind", bind);
    });
    m.volume().ifPresent(o -> {
      Map<String, Object> vol = new LinkedHashMap<>();
      if (o.nocopy()) {
        vol.put("nocopy", true);
      }
      ServiceWriter.put(vol, "subpath", o.subpath());
      v.put("volume", vol);
    });
    m.tmpfs().ifPresent(t -> {
      Map<String, Object> tm = new LinkedHashMap<>();
      ServiceWriter.putText(tm, "size", t.size());
      if (t.mode().isPresent()) {
        tm.put("mode", new Octal(t.mode().get()));
      }
      v.put("tmpfs", tm);
    });
    m.image().ifPresent(i -> {
      Map<String, Object> im = new LinkedHashMap<>();
      ServiceWriter.put(im, "subpath", i.subpath());
      v.put("image", im);
    });
    return v;
  }
}
