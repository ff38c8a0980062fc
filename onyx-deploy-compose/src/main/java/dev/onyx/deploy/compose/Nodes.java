package dev.onyx.deploy.compose;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Tree operations on {@link YNode}s: interpolation and compose's merge rules. */
final class Nodes {
  private Nodes() {}

  /**
   * Interpolates every string scalar (values only, not keys), reporting errors with their location.
   * Returns {@code node} itself where nothing in it changes (nodes are immutable); the path of a node
   * is only spelled out for an error.
   */
  static YNode interpolate(YNode node, Interpolator interpolator, String path) {
    List<ComposeFormatException> errors = new ArrayList<>();
    YNode done = interpolate(node, interpolator, path, new ArrayList<>(), errors);
    if (!errors.isEmpty()) {
      throw errors.size() == 1 ? errors.get(0) : new ComposeFormatException(errors);
    }
    return done;
  }

  /**
   * @param steps the keys (String) and indexes (Integer) from {@code path} down to {@code node}
   * @param errors where each value that cannot be interpolated is reported (all of them, at once)
   */
  private static YNode interpolate(YNode node, Interpolator interpolator, String path, List<Object> steps,
      List<ComposeFormatException> errors) {
    if (node instanceof YScalar s) {
      if (s.type == YScalar.Type.STRING && Interpolator.needs(s.text)) {
        try {
          return s.withText(interpolator.apply(s.text));
        } catch (Interpolator.InterpolationException e) {
          errors.add(s.error(path(path, steps), e.getMessage()));
        }
      }
      return s;
    }
    if (node instanceof YSeq q) {
      ArrayList<YNode> items = null;
      for (int i = 0; i < q.items.size(); i++) {
        YNode item = q.items.get(i);
        steps.add(i);
        YNode done = interpolate(item, interpolator, path, steps, errors);
        steps.remove(steps.size() - 1);
        if (done != item && items == null) {
          items = new ArrayList<>(q.items.subList(0, i));
        }
        if (items != null) {
          items.add(done);
        }
      }
      return items == null ? q : q.withOwned(items);
    }
    YMap m = (YMap) node;
    NodeMap entries = m.entries;
    YNode[] out = null;
    for (int i = 0; i < entries.size(); i++) {
      YNode value = entries.valueAt(i);
      steps.add(entries.keyAt(i));
      YNode done = interpolate(value, interpolator, path, steps, errors);
      steps.remove(steps.size() - 1);
      if (done != value) {
        if (out == null) {
          out = entries.valuesCopy();
        }
        out[i] = done;
      }
    }
    return out == null ? m : m.withValues(out);
  }

  private static String path(String path, List<Object> steps) {
    String p = path;
    for (Object step : steps) {
      p = step instanceof Integer i ? p + "[" + i + "]" : join(p, (String) step);
    }
    return p;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // ---------------------------------------------------------------- merging (override files, extends)

  /** Merges two top-level documents: {@code over} overrides {@code base}. */
  static YMap mergeDocuments(YMap base, YMap over) {
    Map<String, YNode> out = new LinkedHashMap<>(base.entries);
    for (Map.Entry<String, YNode> e : over.entries.entrySet()) {
      String k = e.getKey();
      YNode b = out.get(k);
      YNode o = e.getValue();
      if (b == null) {
        out.put(k, o);
      } else if (k.equals("services") && b instanceof YMap bm && o instanceof YMap om) {
        Map<String, YNode> services = new LinkedHashMap<>(bm.entries);
        for (Map.Entry<String, YNode> s : om.entries.entrySet()) {
          YNode bs = services.get(s.getKey());
          services.put(s.getKey(), bs instanceof YMap bsm && s.getValue() instanceof YMap osm
              ? mergeService(bsm, osm) : s.getValue());
        }
        out.put(k, keyed(bm, om, services));
      } else {
        out.put(k, deepMerge(b, o));
      }
    }
    return keyed(base, over, out);
  }

  private static YMap keyed(YMap base, YMap over, Map<String, YNode> entries) {
    Map<String, YNode> keys = new LinkedHashMap<>();
    for (String k : entries.keySet()) {
      YNode overKey = over.entries.keyNode(k);
      keys.put(k, overKey != null ? overKey : base.keyNode(k));
    }
    return new YMap(base.source, base.line, base.column, entries, keys);
  }

  /** Merges one service definition over another, following the compose specification's rules. */
  static YMap mergeService(YMap base, YMap over) {
    Map<String, YNode> out = new LinkedHashMap<>(base.entries);
    for (Map.Entry<String, YNode> e : over.entries.entrySet()) {
      String k = e.getKey();
      YNode b = out.get(k);
      YNode o = e.getValue();
      out.put(k, b == null ? o : mergeServiceField(k, b, o));
    }
    return keyed(base, over, out);
  }

  private static YNode mergeServiceField(String key, YNode b, YNode o) {
    switch (key) {
      case "command", "entrypoint", "image", "extends":
        return o;
      case "environment", "labels", "annotations", "sysctls":
        return mergeMaps(listOrDict(b, "="), listOrDict(o, "="), false);
      case "extra_hosts":
        return mergeMaps(listOrDict(b, "=:"), listOrDict(o, "=:"), false);
      case "build": {
        YMap bm = b instanceof YScalar bs ? single("context", bs) : asMap(b);
        YMap om = o instanceof YScalar os ? single("context", os) : asMap(o);
        if (bm == null || om == null) {
          return o;
        }
        Map<String, YNode> out = new LinkedHashMap<>(bm.entries);
        om.entries.forEach((k, v) -> {
          YNode bv = out.get(k);
          if (bv != null && (k.equals("args") || k.equals("labels"))) {
            out.put(k, mergeMaps(listOrDict(bv, "="), listOrDict(v, "="), false));
          } else {
            out.put(k, bv == null ? v : deepMerge(bv, v));
          }
        });
        return keyed(bm, om, out);
      }
      case "depends_on":
        return mergeMaps(listToMap(b), listToMap(o), true);
      case "networks":
        return mergeMaps(listToMap(b), listToMap(o), true);
      case "ulimits":
        return mergeMaps(asMap(b), asMap(o), false);
      case "healthcheck": {
        YMap bm = asMap(b);
        YMap om = asMap(o);
        if (bm == null || om == null) {
          return o;
        }
        Map<String, YNode> out = new LinkedHashMap<>(bm.entries);
        out.putAll(om.entries);
        return keyed(bm, om, out);
      }
      case "logging": {
        YMap bm = asMap(b);
        YMap om = asMap(o);
        if (bm == null || om == null) {
          return o;
        }
        YNode bd = bm.get("driver");
        YNode od = om.get("driver");
        if (bd instanceof YScalar bds && od instanceof YScalar ods && !bds.text.equals(ods.text)) {
          return o;
        }
        return deepMerge(b, o);
      }
      case "ports":
        return mergeSeq(b, o, PortsAndMounts::portKey);
      case "volumes":
        return mergeSeq(b, o, PortsAndMounts::volumeKey);
      case "secrets":
        return mergeSeq(b, o, n -> ServiceMapper.fileRefKey(n, "/run/secrets/"));
      case "configs":
        return mergeSeq(b, o, n -> ServiceMapper.fileRefKey(n, "/"));
      case "env_file":
        return mergeSeq(stringToSeq(b), stringToSeq(o), ServiceMapper::envFileKey);
      case "dns", "dns_search", "dns_opt", "tmpfs", "cap_add", "cap_drop", "profiles", "expose",
          "security_opt", "devices", "links", "external_links", "group_add":
        return mergeSeq(stringToSeq(b), stringToSeq(o), Nodes::scalarKey);
      default:
        return deepMerge(b, o);
    }
  }

  /** Maps merge by key (recursively), sequences append, anything else is replaced. */
  static YNode deepMerge(YNode b, YNode o) {
    if (b instanceof YMap bm && o instanceof YMap om) {
      Map<String, YNode> out = new LinkedHashMap<>(bm.entries);
      om.entries.forEach((k, v) -> {
        YNode bv = out.get(k);
        out.put(k, bv == null ? v : deepMerge(bv, v));
      });
      return keyed(bm, om, out);
    }
    if (b instanceof YSeq bq && o instanceof YSeq oq) {
      List<YNode> items = new ArrayList<>(bq.items);
      items.addAll(oq.items);
      return oq.with(items);
    }
    return o;
  }

  private static YNode mergeMaps(YMap b, YMap o, boolean deep) {
    if (b == null || o == null) {
      return o != null ? o : b;
    }
    Map<String, YNode> out = new LinkedHashMap<>(b.entries);
    o.entries.forEach((k, v) -> {
      YNode bv = out.get(k);
      if (bv == null || !deep) {
        out.put(k, v);
      } else if (v instanceof YScalar vs && vs.isNull()) {
        out.put(k, bv);
      } else {
        out.put(k, deepMerge(bv, v));
      }
    });
    return keyed(b, o, out);
  }

  private static YNode mergeSeq(YNode b, YNode o, Function<YNode, String> keyOf) {
    if (!(b instanceof YSeq bq) || !(o instanceof YSeq oq)) {
      return o;
    }
    List<YNode> items = new ArrayList<>(bq.items);
    List<String> keys = new ArrayList<>();
    for (YNode n : bq.items) {
      keys.add(keyOf.apply(n));
    }
    for (YNode n : oq.items) {
      String k = keyOf.apply(n);
      int at = k == null ? -1 : keys.indexOf(k);
      if (at >= 0) {
        items.set(at, n);
      } else {
        items.add(n);
        keys.add(k);
      }
    }
    return oq.with(items);
  }

  private static String scalarKey(YNode n) {
    return n instanceof YScalar s ? s.text : null;
  }

  private static YNode stringToSeq(YNode n) {
    return n instanceof YScalar s && !s.isNull() ? new YSeq(s.source, s.line, s.column, List.of(s)) : n;
  }

  private static YMap single(String key, YScalar value) {
    return new YMap(value.source, value.line, value.column, Map.of(key, value), Map.of(key, value));
  }

  private static YMap asMap(YNode n) {
    return n instanceof YMap m ? m : null;
  }

  /** A {@code [a, b]} list as a mapping {@code {a: null, b: null}}; a mapping as it is. */
  static YMap listToMap(YNode n) {
    return listOrDict(n, ""); // no separator: every item is a key alone
  }

  /**
   * A {@code ["K=V", "K"]} list as a mapping ({@code K} alone has a null value); a mapping as it is.
   * {@code separators} are the characters that may end the key.
   */
  static @Nullable YMap listOrDict(YNode n, String separators) {
    if (n instanceof YMap m) {
      return m;
    }
    if (!(n instanceof YSeq q)) {
      return null;
    }
    Map<String, YNode> out = new LinkedHashMap<>();
    Map<String, YNode> keys = new LinkedHashMap<>();
    for (YNode item : q.items) {
      if (!(item instanceof YScalar s) || s.isNull()) {
        return null;
      }
      String text = s.asString();
      int at = -1;
      for (int i = 0; i < text.length(); i++) {
        if (separators.indexOf(text.charAt(i)) >= 0) {
          at = i;
          break;
        }
      }
      String k = at < 0 ? text : text.substring(0, at);
      YScalar v = at < 0 ? new YScalar(s.source, s.line, s.column, "", YScalar.Type.NULL)
          : new YScalar(s.source, s.line, s.column, text.substring(at + 1), YScalar.Type.STRING);
      out.put(k, v);
      keys.put(k, s);
    }
    return new YMap(q.source, q.line, q.column, out, keys);
  }
}
