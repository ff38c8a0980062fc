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
      name = problems.attempt(() -> str(n, "name")).orElse(defaultName);
    }
    Stack.Builder b = Stack.builder(name);
    each(doc, "services", (k, v, p) -> {
      if (isNull(v)) {
        throw map(doc.get("services"), "services").keyNode(k).error(p, "a service needs a mapping (image: ...), not null");
      }
      b.addService(services.service(k, map(v, p), p));
    });
    each(doc, "volumes", (k, v, p) -> b.addVolume(volume(k, v, p)));
    each(doc, "networks", (k, v, p) -> b.addNetwork(network(k, v, p)));
    each(doc, "secrets", (k, v, p) -> b.addSecret(secret(k, v, p)));
    each(doc, "configs", (k, v, p) -> b.addConfig(config(k, v, p)));
    each(doc, "models", (k, v, p) -> b.addModel(model(k, v, p)));
    b.extensions(Scalars.extensions(doc));
    return b;
  }

  private interface EntryFn {
    void apply(String key, YNode value, String path);
  }

  /** Reads each entry of a top-level section; a bad entry is recorded and skipped. */
  private void each(YMap doc, String section, EntryFn fn) {
    YNode s = doc.get(section);
    if (s == null || isNull(s)) {
      return;
    }
    problems.attempt(() -> {
      YMap m = map(s, section);
      m.entries.forEach((k, v) -> problems.attempt(() -> fn.apply(k, v, section + "." + k)));
    });
  }

  // ---------------------------------------------------------------- volumes

  private Volume volume(String name, YNode node, String p) {
    Volume.Builder v = Volume.builder(name);
    if (isNull(node)) {
      return v.build();
    }
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.VOLUME);
    Optional<String> legacyName = external(m, p, v::external);
    optStr(m, "driver", p).ifPresent(v::driver);
    stringMap(m.get("driver_opts"), p + ".driver_opts", true).forEach(v::driverOption);
    stringMap(m.get("labels"), p + ".labels", true).forEach(v::label);
    optStr(m, "name", p).or(() -> legacyName).ifPresent(v::customName);
    v.extensions(Scalars.extensions(m));
    return v.build();
  }

  /**
   * Reads {@code external}: {@code true}/{@code false}, or the obsolete {@code external: {name: N}}
   * (as compose: external with that name, and a warning).
   *
   * @return the name given in the obsolete form
   */
  private static Optional<String> external(YMap m, String p, java.util.function.Consumer<Boolean> set) {
    YNode ext = m.get("external");
    if (ext == null || isNull(ext)) {
      return Optional.empty();
    }
    if (ext instanceof YMap em) {
      LOG.warn("{}: external.name is obsolete; use name: ... with external: true (read as that)", p);
      set.accept(true);
      return optStr(em, "name", p + ".external");
    }
    set.accept(bool(ext, p + ".external"));
    return Optional.empty();
  }

  // ---------------------------------------------------------------- networks

  private Network network(String name, YNode node, String p) {
    Network.Builder nw = Network.builder(name);
    if (isNull(node)) {
      return nw.build();
    }
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.NETWORK);
    Optional<String> legacyName = external(m, p, nw::external);
    optStr(m, "driver", p).ifPresent(nw::driver);
    stringMap(m.get("driver_opts"), p + ".driver_opts", true).forEach(nw::driverOption);
    YNode ipam = m.get("ipam");
    if (ipam != null && !isNull(ipam)) {
      problems.attempt(() -> nw.ipam(ipam(map(ipam, p + ".ipam"), p + ".ipam")));
    }
    nw.internal(Scalars.optBool(m, "internal", p));
    nw.attachable(Scalars.optBool(m, "attachable", p));
    optBoolean(m, "enable_ipv4", p).ifPresent(nw::enableIpv4);
    optBoolean(m, "enable_ipv6", p).ifPresent(nw::enableIpv6);
    stringMap(m.get("labels"), p + ".labels", true).forEach(nw::label);
    optStr(m, "name", p).or(() -> legacyName).ifPresent(nw::customName);
    nw.extensions(Scalars.extensions(m));
    return nw.build();
  }

  private Ipam ipam(YMap im, String p) {
    problems.keys(im, p, ComposeKeys.IPAM);
    List<IpamConfig> pools = new ArrayList<>();
    YNode cfg = im.get("config");
    if (cfg != null && !isNull(cfg)) {
      YSeq cs = seq(cfg, p + ".config");
      for (int i = 0; i < cs.items.size(); i++) {
        String cp = p + ".config[" + i + "]";
        YNode item = cs.items.get(i);
        problems.attempt(() -> {
          YMap c = map(item, cp);
          problems.keys(c, cp, ComposeKeys.IPAM_POOL);
          pools.add(new IpamConfig(optStr(c, "subnet", cp), optStr(c, "ip_range", cp), optStr(c, "gateway", cp),
              stringMap(c.get("aux_addresses"), cp + ".aux_addresses", true)));
        });
      }
    }
    return new Ipam(optStr(im, "driver", p), pools, stringMap(im.get("options"), p + ".options", true));
  }

  // ---------------------------------------------------------------- secrets, configs, models

  private Secret secret(String name, YNode node, String p) {
    YMap m = map(node, p);
    problems.keys(m, p, ComposeKeys.SECRET);
    boolean[] external = new boolean[1];
    Optional<String> legacyName = external(m, p, x -> external[0] = x);
    int sources = (has(m, "file") ? 1 : 0) + (has(m, "environment") ? 1 : 0) + (external[0] ? 1 : 0);
    if (sources != 1) {
      throw m.error(p, "needs exactly one of 'file', 'environment' or 'external: true'");
    }
    Secret s;
    if (has(m, "file")) {
      s = Secret.fromFile(name, hostPath(str(m.get("file"), p + ".file"), m.get("file")));
    } else if (has(m, "environment")) {
      s = Secret.fromEnvironment(name, str(m.get("environment"), p + ".environment"));
    } else {
      s = Secret.external(name);
    }
    Optional<String> custom = optStr(m, "name", p).or(() -> legacyName);
    if (custom.isPresent()) {
      s = s.withCustomName(custom.get());
    }
    for (Map.Entry<String, String> e : stringMap(m.get("labels"), p + ".labels", true).entrySet()) {
      s = s.withLabel(e.getKey(), e.getValue());
    }
    Optional<String> driver = optStr(m, "driver", p);
    if (driver.isPresent()) {
      s = s.withDriver(driver.get());
    }
    for (Map.Entry<String, String> e : stringMap(m.get("driver_opts"), p + ".driver_opts", true).entrySet()) {
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
    Optional<String> legacyName = external(m, p, x -> external[0] = x);
    int sources = (has(m, "file") ? 1 : 0) + (has(m, "content") ? 1 : 0) + (has(m, "environment") ? 1 : 0)
        + (external[0] ? 1 : 0);
    if (sources != 1) {
      throw m.error(p, "needs exactly one of 'file', 'content', 'environment' or 'external: true'");
    }
    c.external(external[0]);
    if (has(m, "file")) {
      c.file(hostPath(str(m.get("file"), p + ".file"), m.get("file")));
    }
    if (has(m, "content")) {
      c.content(str(m.get("content"), p + ".content"));
    }
    optStr(m, "environment", p).ifPresent(c::environment);
    optStr(m, "name", p).or(() -> legacyName).ifPresent(c::customName);
    stringMap(m.get("labels"), p + ".labels", true).forEach(c::label);
    optStr(m, "template_driver", p).ifPresent(c::templateDriver);
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
    return new AiModel(name, str(model, p + ".model"), optStr(m, "name", p), optInt(m, "context_size", p),
        strings(m.get("runtime_flags"), p + ".runtime_flags"));
  }

  /** @return whether the node is a plain scalar string */
  static boolean isText(YNode n) {
    return n instanceof YScalar s && !s.isNull();
  }
}
