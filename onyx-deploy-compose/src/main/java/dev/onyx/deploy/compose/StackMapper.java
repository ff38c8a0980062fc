package dev.onyx.deploy.compose;

import static dev.onyx.deploy.compose.Scalars.bool;
import static dev.onyx.deploy.compose.Scalars.has;
import static dev.onyx.deploy.compose.Scalars.hostPath;
import static dev.onyx.deploy.compose.Scalars.isNull;
import static dev.onyx.deploy.compose.Scalars.map;
import static dev.onyx.deploy.compose.Scalars.optBoolean;
import static dev.onyx.deploy.compose.Scalars.optInt;
import static dev.onyx.deploy.compose.Scalars.optStr;
import static dev.onyx.deploy.compose.Scalars.seq;
import static dev.onyx.deploy.compose.Scalars.str;
import static dev.onyx.deploy.compose.Scalars.strOrNull;
import static dev.onyx.deploy.compose.Scalars.stringMap;
import static dev.onyx.deploy.compose.Scalars.strings;

import dev.onyx.deploy.compose.YNode.YMap;
import dev.onyx.deploy.compose.YNode.YScalar;
import dev.onyx.deploy.compose.YNode.YSeq;
import dev.onyx.deploy.core.AiModel;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.Ipam;
import dev.onyx.deploy.core.IpamConfig;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model phase of reading: turns the merged compose document into a {@link Stack.Builder},
 * checking every key against the Compose Specification. A bad value is recorded in {@link Problems}
 * with its location and reading goes on, so that every problem is reported at once. Services are
 * read by {@link ServiceMapper}; this class reads the top level and its {@code volumes},
 * {@code networks}, {@code secrets}, {@code configs} and {@code models}.
 */
final class StackMapper {
  private static final Logger LOG = LoggerFactory.getLogger(StackMapper.class);

  /** The top-level sections of named entries, in the order they are read. */
  private static final List<String> SECTIONS = List.of("services", "volumes", "networks", "secrets", "configs",
      "models");

  private final Problems problems;
  private final ServiceMapper services;

  StackMapper(Map<String, String> env, Problems problems) {
    this.problems = problems;
    this.services = new ServiceMapper(env, problems);
  }

  /** @return the stack's builder, with what could be read; the problems found are in {@link Problems} */
  Stack.Builder read(YMap doc, String defaultName) {
    problems.keys(doc, "", ComposeKeys.TOP_LEVEL);
    if (doc.get("version") != null) {
      LOG.warn("{}:{}: the 'version' key is obsolete and ignored (as by docker compose)",
          doc.keyNode("version").source.name(), doc.keyNode("version").line);
    }
    String name = defaultName;
    YNode n = doc.get("name");
    if (n != null && !isNull(n)) {
      try {
        name = str(n, "name");
      } catch (ComposeFormatException e) {
        problems.add(e);
      }
    }
    Stack.Builder b = Stack.builder(name);
    // Each entry of each section read on its own: a bad entry is recorded and skipped. A switch
    // rather than a callback per section: each lambda is a class to make on a cold start.
    for (String section : SECTIONS) {
      YMap m = section(doc, section);
      for (int i = 0; m != null && i < m.entries.size(); i++) {
        String k = m.entries.keyAt(i);
        YNode v = m.entries.valueAt(i);
        String p = Scalars.child(section, k);
        try {
          switch (section) {
            case "services" -> {
              if (isNull(v)) {
                throw m.keyNode(k).error(p, "a service needs a mapping (image: ...), not null");
              }
              b.addService(services.service(k, map(v, p), p));
            }
            case "volumes" -> b.addVolume(volume(k, v, p));
            case "networks" -> b.addNetwork(network(k, v, p));
            case "secrets" -> b.addSecret(secret(k, v, p));
            case "configs" -> b.addConfig(config(k, v, p));
            default -> b.addModel(model(k, v, p));
          }
        } catch (ComposeFormatException e) {
          problems.add(e);
        }
      }
    }
    b.extensions(Scalars.extensions(doc));
    return b;
  }

  /** @return a top-level section's mapping; null when it is absent, null or not a mapping (recorded) */
  private YMap section(YMap doc, String section) {
    YNode s = doc.get(section);
    if (s == null || isNull(s)) {
      return null;
    }
    try {
      return map(s, section);
    } catch (ComposeFormatException e) {
      problems.add(e);
      return null;
    }
  }

  // ---------------------------------------------------------------- volumes

  private Volume volume(String name, YNode node, String p) {
    Volume.Builder v = Volume.builder(name);
    if (isNull(node)) {
      return v.build();
    }
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.VOLUME);
    boolean[] external = new boolean[1];
    String legacyName = external(m, p, external);
    v.external(external[0]);
    String driver = strOrNull(m, "driver", p);
    if (driver != null) {
      v.driver(driver);
    }
    for (Map.Entry<String, String> e : stringMap(m.get("driver_opts"), p.concat(".driver_opts"), true).entrySet()) {
      v.driverOption(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : stringMap(m.get("labels"), p.concat(".labels"), true).entrySet()) {
      v.label(e.getKey(), e.getValue());
    }
    String custom = strOrNull(m, "name", p);
    if (custom != null || legacyName != null) {
      v.customName(custom != null ? custom : legacyName);
    }
    v.extensions(Scalars.extensions(m));
    return v.build();
  }

  /**
   * Reads {@code external}: {@code true}/{@code false}, or the obsolete {@code external: {name: N}}
   * (as compose: external with that name, and a warning).
   *
   * @param external where whether the entry is external is set
   * @return the name given in the obsolete form, or null
   */
  private static @Nullable String external(YMap m, String p, boolean[] external) {
    YNode ext = m.get("external");
    if (ext == null || isNull(ext)) {
      return null;
    }
    if (ext instanceof YMap em) {
      LOG.warn("{}: external.name is obsolete; use name: ... with external: true (read as that)", p);
      external[0] = true;
      return strOrNull(em, "name", p.concat(".external"));
    }
    external[0] = bool(ext, p.concat(".external"));
    return null;
  }

  // ---------------------------------------------------------------- networks

  private Network network(String name, YNode node, String p) {
    Network.Builder nw = Network.builder(name);
    if (isNull(node)) {
      return nw.build();
    }
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.NETWORK);
    boolean[] external = new boolean[1];
    String legacyName = external(m, p, external);
    nw.external(external[0]);
    String driver = strOrNull(m, "driver", p);
    if (driver != null) {
      nw.driver(driver);
    }
    for (Map.Entry<String, String> e : stringMap(m.get("driver_opts"), p.concat(".driver_opts"), true).entrySet()) {
      nw.driverOption(e.getKey(), e.getValue());
    }
    YNode ipam = m.get("ipam");
    if (ipam != null && !isNull(ipam)) {
      problems.attempt(() -> nw.ipam(ipam(map(ipam, p.concat(".ipam")), p.concat(".ipam"))));
    }
    nw.internal(Scalars.optBool(m, "internal", p));
    nw.attachable(Scalars.optBool(m, "attachable", p));
    Optional<Boolean> ipv4 = optBoolean(m, "enable_ipv4", p);
    if (ipv4.isPresent()) {
      nw.enableIpv4(ipv4.get());
    }
    Optional<Boolean> ipv6 = optBoolean(m, "enable_ipv6", p);
    if (ipv6.isPresent()) {
      nw.enableIpv6(ipv6.get());
    }
    for (Map.Entry<String, String> e : stringMap(m.get("labels"), p.concat(".labels"), true).entrySet()) {
      nw.label(e.getKey(), e.getValue());
    }
    String custom = strOrNull(m, "name", p);
    if (custom != null || legacyName != null) {
      nw.customName(custom != null ? custom : legacyName);
    }
    nw.extensions(Scalars.extensions(m));
    return nw.build();
  }

  private Ipam ipam(YMap im, String p) {
    problems.keys(im, p, ComposeKeys.IPAM);
    List<IpamConfig> pools = new ArrayList<>();
    YNode cfg = im.get("config");
    if (cfg != null && !isNull(cfg)) {
      YSeq cs = seq(cfg, p.concat(".config"));
      for (int i = 0; i < cs.items.size(); i++) {
        String cp = p + ".config[" + i + "]";
        YNode item = cs.items.get(i);
        problems.attempt(() -> {
          YMap c = map(item, cp);
          problems.keys(c, cp, ComposeKeys.IPAM_POOL);
          pools.add(new IpamConfig(optStr(c, "subnet", cp), optStr(c, "ip_range", cp), optStr(c, "gateway", cp),
              stringMap(c.get("aux_addresses"), cp.concat(".aux_addresses"), true)));
        });
      }
    }
    return new Ipam(optStr(im, "driver", p), pools, stringMap(im.get("options"), p.concat(".options"), true));
  }

  // ---------------------------------------------------------------- secrets, configs, models

  private Secret secret(String name, YNode node, String p) {
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.SECRET);
    boolean[] external = new boolean[1];
    String legacyName = external(m, p, external);
    int sources = (has(m, "file") ? 1 : 0) + (has(m, "environment") ? 1 : 0) + (external[0] ? 1 : 0);
    if (sources != 1) {
      throw m.error(p, "needs exactly one of 'file', 'environment' or 'external: true'");
    }
    Secret s;
    if (has(m, "file")) {
      s = Secret.fromFile(name, hostPath(str(m.get("file"), p.concat(".file")), m.get("file")));
    } else if (has(m, "environment")) {
      s = Secret.fromEnvironment(name, str(m.get("environment"), p.concat(".environment")));
    } else {
      s = Secret.external(name);
    }
    String custom = strOrNull(m, "name", p);
    if (custom != null || legacyName != null) {
      s = s.withCustomName(custom != null ? custom : legacyName);
    }
    for (Map.Entry<String, String> e : stringMap(m.get("labels"), p.concat(".labels"), true).entrySet()) {
      s = s.withLabel(e.getKey(), e.getValue());
    }
    Optional<String> driver = optStr(m, "driver", p);
    if (driver.isPresent()) {
      s = s.withDriver(driver.get());
    }
    for (Map.Entry<String, String> e : stringMap(m.get("driver_opts"), p.concat(".driver_opts"), true).entrySet()) {
      s = s.withDriverOption(e.getKey(), e.getValue());
    }
    Optional<String> template = optStr(m, "template_driver", p);
    if (template.isPresent()) {
      s = s.withTemplateDriver(template.get());
    }
    return s.withExtensions(Scalars.extensions(m));
  }

  private ConfigFile config(String name, YNode node, String p) {
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.CONFIG);
    ConfigFile.Builder c = ConfigFile.builder(name);
    boolean[] external = new boolean[1];
    String legacyName = external(m, p, external);
    int sources = (has(m, "file") ? 1 : 0) + (has(m, "content") ? 1 : 0) + (has(m, "environment") ? 1 : 0)
        + (external[0] ? 1 : 0);
    if (sources != 1) {
      throw m.error(p, "needs exactly one of 'file', 'content', 'environment' or 'external: true'");
    }
    c.external(external[0]);
    if (has(m, "file")) {
      c.file(hostPath(str(m.get("file"), p.concat(".file")), m.get("file")));
    }
    if (has(m, "content")) {
      c.content(str(m.get("content"), p.concat(".content")));
    }
    String environment = strOrNull(m, "environment", p);
    if (environment != null) {
      c.environment(environment);
    }
    String custom = strOrNull(m, "name", p);
    if (custom != null || legacyName != null) {
      c.customName(custom != null ? custom : legacyName);
    }
    for (Map.Entry<String, String> e : stringMap(m.get("labels"), p.concat(".labels"), true).entrySet()) {
      c.label(e.getKey(), e.getValue());
    }
    String template = strOrNull(m, "template_driver", p);
    if (template != null) {
      c.templateDriver(template);
    }
    c.extensions(Scalars.extensions(m));
    return c.build();
  }

  private AiModel model(String name, YNode node, String p) {
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.MODEL);
    YNode model = m.get("model");
    if (model == null || isNull(model)) {
      throw m.error(p, "a model needs 'model' (the model's reference, e.g. ai/smollm2)");
    }
    return new AiModel(name, str(model, p.concat(".model")), optStr(m, "name", p), optInt(m, "context_size", p),
        strings(m.get("runtime_flags"), p.concat(".runtime_flags")));
  }

  /** @return whether the node is a plain scalar string */
  static boolean isText(YNode n) {
    return n instanceof YScalar s && !s.isNull();
  }
}
