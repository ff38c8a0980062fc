package dev.onyx.deploy.compose;

import static dev.onyx.deploy.compose.Scalars.hostPath;
import static dev.onyx.deploy.compose.Scalars.isNull;
import static dev.onyx.deploy.compose.Scalars.map;
import static dev.onyx.deploy.compose.Scalars.optBool;
import static dev.onyx.deploy.compose.Scalars.optStr;
import static dev.onyx.deploy.compose.Scalars.scalarString;
import static dev.onyx.deploy.compose.Scalars.seq;
import static dev.onyx.deploy.compose.Scalars.str;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Tmpfs;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a service's {@code ports}, {@code volumes} and {@code tmpfs}, in their short and long
 * syntaxes, as compose does; also the keys compose merges those lists by.
 */
final class PortsAndMounts {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private",
      "rprivate");

  private PortsAndMounts() {}

  /** Reads the three lists into the builder; each bad entry is recorded and skipped. */
  static void read(YMap m, String p, Service.Builder b, Problems problems) {
    List<YNode> ports = items(m, "ports", p, problems);
    for (int i = 0; i < ports.size(); i++) {
      try {
        b.addPorts(port(ports.get(i), p + ".ports[" + i + "]", problems));
      } catch (ComposeFormatException e) {
        problems.add(e);
      }
    }
    List<YNode> volumes = items(m, "volumes", p, problems);
    for (int i = 0; i < volumes.size(); i++) {
      try {
        b.addMounts(mount(volumes.get(i), p + ".volumes[" + i + "]", problems));
      } catch (ComposeFormatException e) {
        problems.add(e);
      }
    }
    YNode tmpfs = m.get("tmpfs");
    if (tmpfs != null && !isNull(tmpfs)) {
      try {
        for (YNode t : Scalars.stringList(tmpfs, p.concat(".tmpfs"))) {
          String spec = ((YScalar) t).text;
          int colon = spec.indexOf(':');
          b.addTmpfs(colon < 0 ? Tmpfs.at(spec)
              : new Tmpfs(spec.substring(0, colon), Arrays.asList(spec.substring(colon + 1).split(",", -1))));
        }
      } catch (ComposeFormatException e) {
        problems.add(e);
      }
    }
  }

  /** @return the items of the list at {@code key}; none when it is absent, null or not a list (recorded) */
  private static List<YNode> items(YMap m, String key, String p, Problems problems) {
    YNode n = m.get(key);
    if (n == null || isNull(n)) {
      return List.of();
    }
    try {
      return seq(n, Scalars.child(p, key)).items;
    } catch (ComposeFormatException e) {
      problems.add(e);
      return List.of();
    }
  }

  // ---------------------------------------------------------------- ports

  private static PortMapping port(YNode node, String p, Problems problems) {
    if (node instanceof YMap m) {
      problems.keys(m, p, ComposeKeys.PORT);
      YNode t = m.get("target");
      if (t == null) {
        throw m.error(p, "a port needs a target");
      }
      PortMapping.Builder b = PortMapping.builder(range(scalarString(t, p.concat(".target")), t, p.concat(".target")));
      YNode pub = m.get("published");
      if (pub != null && !isNull(pub)) {
        String ps = scalarString(pub, p.concat(".published"));
        if (!ps.isEmpty()) {
          b.hostPorts(range(ps, pub, p.concat(".published")));
        }
      }
      YNode proto = m.get("protocol");
      if (proto != null && !isNull(proto)) {
        try {
          b.protocol(Protocol.parse(str(proto, p.concat(".protocol"))));
        } catch (IllegalArgumentException e) {
          throw proto.error(p.concat(".protocol"), e.getMessage());
        }
      }
      YNode mode = m.get("mode");
      if (mode != null && !isNull(mode)) {
        String mt = str(mode, p.concat(".mode"));
        switch (mt) {
          case "ingress" -> b.mode(PortMapping.Mode.INGRESS);
          case "host" -> b.mode(PortMapping.Mode.HOST);
          default -> throw mode.error(p.concat(".mode"), "invalid port mode '" + mt + "' (expected ingress or host)");
        }
      }
      String hostIp = Scalars.strOrNull(m, "host_ip", p);
      if (hostIp != null) {
        b.hostIp(hostIp);
      }
      String name = Scalars.strOrNull(m, "name", p);
      if (name != null) {
        b.name(name);
      }
      String appProtocol = Scalars.strOrNull(m, "app_protocol", p);
      if (appProtocol != null) {
        b.appProtocol(appProtocol);
      }
      return b.build();
    }
    String spec = scalarString(node, p);
    try {
      return parsePort(spec);
    } catch (IllegalArgumentException e) {
      throw node.error(p, "invalid port '" + spec + "'" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  static PortMapping parsePort(String spec) {
    String s = spec.trim();
    Protocol protocol = Protocol.TCP;
    int slash = s.lastIndexOf('/');
    if (slash >= 0) {
      protocol = Protocol.parse(s.substring(slash + 1));
      s = s.substring(0, slash);
    }
    String ip = null;
    String rest = s;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("expected [ipv6]:host:container");
      }
      ip = s.substring(1, close);
      rest = s.substring(close + 2);
    }
    String[] parts = rest.split(":", -1);
    String host;
    String container;
    if (ip == null && parts.length > 3) {
      int last = rest.lastIndexOf(':');
      int prev = rest.lastIndexOf(':', last - 1);
      ip = rest.substring(0, prev);
      host = rest.substring(prev + 1, last);
      container = rest.substring(last + 1);
      if (!IPV6.matcher(ip).matches() || ip.chars().filter(c -> c == ':').count() < 2) {
        throw new IllegalArgumentException("expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
      }
    } else if (parts.length == 3) {
      if (ip != null) {
        throw new IllegalArgumentException("expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
      }
      ip = parts[0];
      host = parts[1];
      container = parts[2];
    } else if (parts.length == 2) {
      host = parts[0];
      container = parts[1];
    } else {
      if (ip != null) {
        throw new IllegalArgumentException("expected [ipv6]:host:container");
      }
      host = "";
      container = parts[0];
    }
    if (ip != null && !ip.isEmpty() && !IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
      throw new IllegalArgumentException("invalid host IP '" + ip + "'");
    }
    PortMapping.Builder b = PortMapping.builder(portRange(container)).protocol(protocol);
    if (ip != null && !ip.isEmpty()) {
      b.hostIp(ip);
    }
    if (!host.isEmpty()) {
      b.hostPorts(portRange(host));
    }
    return b.build();
  }

  /** {@code N} or {@code N-M} (digits only, spaces around allowed); read by hand, not by a regex. */
  private static PortRange portRange(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    String first = dash < 0 ? t : t.substring(0, dash);
    String last = dash < 0 ? first : t.substring(dash + 1);
    if (!isDigits(first) || !isDigits(last)) {
      throw new IllegalArgumentException("'" + text + "' is not a port or range");
    }
    try {
      return new PortRange(Integer.parseInt(first), Integer.parseInt(last));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a port or range");
    }
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static PortRange range(String text, YNode at, String p) {
    try {
      return portRange(text);
    } catch (IllegalArgumentException e) {
      throw at.error(p, "invalid port " + e.getMessage());
    }
  }

  /** The key compose merges ports by, or null. */
  static String portKey(YNode n) {
    try {
      if (n instanceof YMap) {
        return port(n, "", new Problems()).toString();
      }
      return parsePort(((YScalar) n).asString()).toString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- volumes

  private static Mount mount(YNode node, String p, Problems problems) {
    if (!(node instanceof YMap m)) {
      return parseVolume(scalarString(node, p), node, p);
    }
    problems.keys(m, p, ComposeKeys.MOUNT);
    YNode tn = m.get("type");
    if (tn == null) {
      throw m.error(p, "a volume needs a type (volume, bind, tmpfs, npipe, cluster or image)");
    }
    String type = str(tn, p.concat(".type"));
    Mount.Type t;
    try {
      t = Mount.Type.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw tn.error(p.concat(".type"), "invalid volume type '" + type + "' (expected volume, bind, tmpfs, npipe, "
          + "cluster or image)");
    }
    YNode target = m.get("target");
    if (target == null || isNull(target)) {
      throw m.error(p, "a volume needs a target");
    }
    Mount.Builder b = Mount.builder(t, str(target, p.concat(".target")));
    b.readOnly(optBool(m, "read_only", p));
    String consistency = Scalars.strOrNull(m, "consistency", p);
    if (consistency != null) {
      b.consistency(consistency);
    }
    String src = Scalars.strOrNull(m, "source", p);
    if (src != null && src.isEmpty() && t == Mount.Type.VOLUME) {
      src = null; // an empty source of a volume: an anonymous volume
    }
    if (t == Mount.Type.BIND && src == null) {
      throw m.error(p, "a bind mount needs a source");
    }
    if (src != null) {
      b.source(t == Mount.Type.BIND ? hostPath(src, m.get("source")) : src);
    }
    YNode bn = m.get("bind");
    if (bn != null && !isNull(bn)) {
      YMap bm = map(bn, p.concat(".bind"));
      problems.keys(bm, p.concat(".bind"), ComposeKeys.MOUNT_BIND);
      Optional<Mount.SelinuxLabel> selinux = Optional.empty();
      YNode sel = bm.get("selinux");
      if (sel != null && !isNull(sel)) {
        try {
          selinux = Optional.of(Mount.SelinuxLabel.ofOption(str(sel, p.concat(".bind.selinux"))));
        } catch (IllegalArgumentException e) {
          throw sel.error(p.concat(".bind.selinux"), e.getMessage());
        }
      }
      b.bind(new Mount.BindOptions(optStr(bm, "propagation", p.concat(".bind")),
          optBool(bm, "create_host_path", p.concat(".bind")),
          selinux, optStr(bm, "recursive", p.concat(".bind"))));
    }
    YNode vn = m.get("volume");
    if (vn != null && !isNull(vn)) {
      YMap vm = map(vn, p.concat(".volume"));
      problems.keys(vm, p.concat(".volume"), ComposeKeys.MOUNT_VOLUME);
      b.volume(new Mount.VolumeOptions(optBool(vm, "nocopy", p.concat(".volume")),
          optStr(vm, "subpath", p.concat(".volume"))));
    }
    YNode tm = m.get("tmpfs");
    if (tm != null && !isNull(tm)) {
      YMap tmm = map(tm, p.concat(".tmpfs"));
      problems.keys(tmm, p.concat(".tmpfs"), ComposeKeys.MOUNT_TMPFS);
      YNode mode = tmm.get("mode");
      b.tmpfs(new Mount.TmpfsOptions(Scalars.optSize(tmm, "size", p.concat(".tmpfs")),
          mode == null || isNull(mode) ? Optional.empty()
              : Optional.of(ServiceMapper.fileMode(mode, p.concat(".tmpfs.mode")))));
    }
    YNode in = m.get("image");
    if (in != null && !isNull(in)) {
      YMap im = map(in, p.concat(".image"));
      problems.keys(im, p.concat(".image"), ComposeKeys.MOUNT_IMAGE);
      b.image(new Mount.ImageOptions(optStr(im, "subpath", p.concat(".image"))));
    }
    return b.build();
  }

  /**
   * The short syntax {@code [SOURCE:]TARGET[:MODE]}, with the options compose gives it: a bind
   * creates its host folder, a volume has an empty {@code volume:} block; {@code ro}/{@code rw},
   * {@code z}/{@code Z}, {@code nocopy} and the propagations are read, the consistency hints
   * ignored as compose does.
   */
  private static Mount parseVolume(String spec, YNode at, String p) {
    String[] parts = spec.split(":", -1);
    boolean emptyPart = false;
    for (String part : parts) {
      emptyPart |= part.isEmpty();
    }
    if (parts.length > 3 || spec.isEmpty() || emptyPart) {
      throw at.error(p, "invalid volume '" + spec + "' (expected [SOURCE:]TARGET[:MODE])");
    }
    if (parts.length == 1) {
      return Mount.anonymousVolume(parts[0]);
    }
    String src = parts[0];
    boolean path = src.startsWith("/") || src.startsWith(".") || src.startsWith("~");
    boolean ro = false;
    boolean nocopy = false;
    Mount.SelinuxLabel selinux = null;
    String propagation = null;
    if (parts.length == 3) {
      for (String opt : parts[2].split(",")) {
        switch (opt) {
          case "ro" -> ro = true;
          case "rw" -> ro = false;
          case "z", "Z" -> selinux = Mount.SelinuxLabel.ofOption(opt); // the last one wins, as in compose
          case "nocopy" -> nocopy = true;
          case "cached", "delegated", "consistent" -> {
            // compose ignores the consistency hint of the short syntax; so does the model
          }
          default -> {
            if (!PROPAGATIONS.contains(opt)) {
              throw at.error(p, "invalid volume mode '" + opt + "' in '" + spec + "' (expected ro, rw, z, Z, nocopy "
                  + "or a propagation such as rshared)");
            }
            propagation = opt;
          }
        }
      }
    }
    Mount.Builder b;
    if (path) {
      b = Mount.builder(Mount.Type.BIND, parts[1]).source(hostPath(src, at));
      if (nocopy) {
        throw at.error(p, "invalid volume mode 'nocopy' in '" + spec + "' (only a volume has it, not a bind)");
      }
    } else {
      b = Mount.builder(Mount.Type.VOLUME, parts[1]).source(src)
          .volume(new Mount.VolumeOptions(nocopy, Optional.empty()));
    }
    if (path || selinux != null || propagation != null) {
      b.bind(new Mount.BindOptions(Optional.ofNullable(propagation), path, Optional.ofNullable(selinux),
          Optional.empty()));
    }
    return b.readOnly(ro).build();
  }

  /** The key compose merges volumes by (the target), or null. */
  static String volumeKey(YNode n) {
    try {
      if (n instanceof YMap m) {
        return ((YScalar) m.get("target")).text;
      }
      String[] parts = ((YScalar) n).text.split(":");
      return parts.length == 1 ? parts[0] : parts[1];
    } catch (RuntimeException e) {
      return null;
    }
  }
}
