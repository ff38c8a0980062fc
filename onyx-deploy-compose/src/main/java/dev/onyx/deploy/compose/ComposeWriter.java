package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.AiModel;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.IpamConfig;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.OnyxDeployException;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link Stack} as a Compose Specification document ({@code compose.yaml}), the form
 * {@code docker compose} reads today: no obsolete {@code version:} key; top-level {@code name},
 * {@code services}, {@code networks}, {@code volumes}, {@code secrets}, {@code configs}.
 *
 * <pre>
 * String yaml = ComposeWriter.create().toYaml(stack);
 * </pre>
 *
 * <p>What it guarantees:
 * <ul>
 *   <li><b>Every field of the model is written</b>, with the compose key named in the model's
 *       Javadoc, extension fields ({@code x-...}) included. Short syntax is used where compose reads
 *       it back as exactly the same (ports, volumes, secrets), the long syntax where the short one
 *       would lose or change something (a port name or host mode, an IPv6 host address, a bind that
 *       does not create its host folder, a volume without a {@code volume:} block, tmpfs options, file
 *       owner and mode...); an SELinux relabel option is {@code :z} / {@code :Z} in the short syntax
 *       ({@code :ro,Z} with read-only) and {@code bind.selinux} in the long one. {@code depends_on} is
 *       always the long form with its {@code condition} ({@code required: false} and
 *       {@code restart: true} when set).</li>
 *   <li><b>Deterministic</b>: the same stack always gives byte-identical text; services, volumes,
 *       networks, secrets, configs, variables and labels in declaration order, keys of a service in a
 *       fixed order. (Maps are written in the model's iteration order: the builders keep insertion order,
 *       but a map made with {@code Map.of} has no stable order from one JVM to the next, so give the
 *       model {@code LinkedHashMap}s for files that are reproducible across runs.) Durations are
 *       written as compose does ({@code 30s}, {@code 1m30s}, {@code 500ms}), sizes as
 *       {@link dev.onyx.deploy.core.ByteSize#toString()} ({@code 512m}, {@code 2g}).</li>
 *   <li><b>Escaped so compose reads back exactly the model</b>: every {@code $} of a value becomes
 *       {@code $$} (compose interpolates values), strings YAML would read as a boolean, number or null
 *       ({@code "yes"}, {@code "on"}, {@code "1.0"}, {@code "null"}, {@code ""}) are quoted, multi-line
 *       values are written double-quoted with escapes. An environment value that is null in the model
 *       (taken from the deploying environment) is written as {@code KEY:} with no value.</li>
 *   <li><b>Secret values never appear</b>: a {@link Secret.Source#GENERATED generated} or
 *       {@link Secret.Source#VALUE given} secret is written as {@code file: ./secrets/NAME} (the
 *       {@link ComposeProject project writer} writes that file), a {@link Secret.Source#FILE file}
 *       secret keeps its path, an {@link Secret.Source#ENVIRONMENT environment} secret is written as
 *       {@code environment: VAR}. A service's {@code secretEnvironment} entry {@code VAR -> secret} is
 *       written as {@code VAR: ${NAME}}, where {@code NAME} is derived from the secret's name
 *       (upper-cased, other characters than letters and digits turned into {@code _}: {@code
 *       db-password} gives {@code DB_PASSWORD}) and its value lives in the project's {@code .env}
 *       (an environment secret uses its own variable).</li>
 *   <li>Inline configs are written inline ({@code content:}); the {@link ComposeProject project
 *       writer} instead writes their content to {@code config/FILE_NAME} and references that file.
 *       File configs keep their path.</li>
 * </ul>
 *
 * <p>Not expressible in compose and reported as a {@link ComposeFormatException}: a {@code pids}
 * reservation (compose has {@code pids} only under {@code limits}). A container port range with a
 * name, a host mode or an application protocol is written as one long-syntax entry per port, as
 * compose expands it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ComposeWriter {
  private static final ComposeWriter DEFAULT = new ComposeWriter(false);
  private static final ComposeWriter PROJECT = new ComposeWriter(true);

  private final boolean configFiles;

  private ComposeWriter(boolean configFiles) {
    this.configFiles = configFiles;
  }

  /** @return a writer (stateless, may be shared) */
  public static ComposeWriter create() {
    return DEFAULT;
  }

  /** The project writer's: inline configs as references to the files it writes under {@code config/}. */
  static ComposeWriter forProject() {
    return PROJECT;
  }

  /**
   * @param stack the stack
   * @return the compose document, UTF-8 text ending with a newline
   * @throws ComposeFormatException if the stack holds something compose cannot express
   */
  public String toYaml(Stack stack) {
    Objects.requireNonNull(stack, "stack == null");
    return YamlEmitter.emit(document(stack));
  }

  /**
   * The oldest Docker Compose that can run what {@link #toYaml(Stack)} writes for this stack with
   * {@code docker compose up -d --wait}: computed from the features the written document uses
   * ({@code env_file} with {@code required: false} needs 2.24.0, a {@code depends_on} with
   * {@code required: false} 2.20.0, ...), at least 2.1.1 ({@code up --wait}).
   *
   * @param stack the stack
   * @return the minimum version and the features that set it
   */
  public ComposeRequirement requirement(Stack stack) {
    Objects.requireNonNull(stack, "stack == null");
    return ComposeRequirement.of(document(stack));
  }

  /**
   * Writes {@link #toYaml(Stack)} to {@code out} (not closed; flushed).
   *
   * @param stack the stack
   * @param out where the document goes
   * @throws ComposeFormatException if the stack holds something compose cannot express
   * @throws OnyxDeployException if writing fails (the cause is the {@link IOException})
   */
  public void write(Stack stack, Writer out) {
    Objects.requireNonNull(out, "out == null");
    String yaml = toYaml(stack);
    try {
      out.write(yaml);
      out.flush();
    } catch (IOException e) {
      throw new OnyxDeployException("cannot write the compose document of stack '" + stack.name()
          + "': " + e, e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  Map<String, Object> document(Stack stack) {
    Map<String, String> secretVars = SecretVariables.of(stack);
    Map<String, String> files = configFiles ? ProjectLayout.configFiles(stack) : Map.of();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", stack.name());
    Map<String, Object> services = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      services.put(s.name(), ServiceWriter.service(s, secretVars));
    }
    doc.put("services", services);
    if (!stack.networks().isEmpty()) {
      Map<String, Object> nets = new LinkedHashMap<>();
      for (Network n : stack.networks()) {
        nets.put(n.name(), network(n));
      }
      doc.put("networks", nets);
    }
    if (!stack.volumes().isEmpty()) {
      Map<String, Object> vols = new LinkedHashMap<>();
      for (Volume v : stack.volumes()) {
        vols.put(v.name(), volume(v));
      }
      doc.put("volumes", vols);
    }
    if (!stack.secrets().isEmpty()) {
      Map<String, Object> secs = new LinkedHashMap<>();
      for (Secret s : stack.secrets()) {
        secs.put(s.name(), secret(s));
      }
      doc.put("secrets", secs);
    }
    if (!stack.configs().isEmpty()) {
      Map<String, Object> cfgs = new LinkedHashMap<>();
      for (ConfigFile c : stack.configs()) {
        cfgs.put(c.name(), config(c, files));
      }
      doc.put("configs", cfgs);
    }
    if (!stack.models().isEmpty()) {
      Map<String, Object> models = new LinkedHashMap<>();
      for (AiModel x : stack.models()) {
        models.put(x.name(), model(x));
      }
      doc.put("models", models);
    }
    doc.putAll(stack.extensions());
    return doc;
  }

  private static Map<String, Object> secret(Secret s) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "name", s.customName());
    switch (s.source()) {
      case GENERATED, VALUE -> m.put("file", "./" + ProjectLayout.secretFile(s));
      case FILE -> m.put("file", s.location().orElseThrow());
      case ENVIRONMENT -> m.put("environment", s.location().orElseThrow());
      case EXTERNAL -> m.put("external", true);
      default -> throw new AssertionError(s.source());
    }
    ServiceWriter.putMap(m, "labels", s.labels());
    ServiceWriter.put(m, "driver", s.driver());
    ServiceWriter.putMap(m, "driver_opts", s.driverOptions());
    ServiceWriter.put(m, "template_driver", s.templateDriver());
    m.putAll(s.extensions());
    return m;
  }

  private static Map<String, Object> config(ConfigFile c, Map<String, String> files) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "name", c.customName());
    c.content().ifPresent(content -> {
      if (files.containsKey(c.name())) {
        m.put("file", "./" + files.get(c.name()));
      } else {
        m.put("content", content);
      }
    });
    ServiceWriter.put(m, "file", c.file());
    ServiceWriter.put(m, "environment", c.environment());
    if (c.external()) {
      m.put("external", true);
    }
    ServiceWriter.putMap(m, "labels", c.labels());
    ServiceWriter.put(m, "template_driver", c.templateDriver());
    m.putAll(c.extensions());
    return m;
  }

  private static Map<String, Object> model(AiModel x) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "name", x.customName());
    m.put("model", x.model());
    ServiceWriter.put(m, "context_size", x.contextSize());
    ServiceWriter.putList(m, "runtime_flags", x.runtimeFlags());
    return m;
  }

  private static Map<String, Object> network(Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "name", n.customName());
    if (n.external()) {
      m.put("external", true);
    }
    ServiceWriter.put(m, "driver", n.driver());
    ServiceWriter.putMap(m, "driver_opts", n.driverOptions());
    if (n.internal()) {
      m.put("internal", true);
    }
    if (n.attachable()) {
      m.put("attachable", true);
    }
    ServiceWriter.put(m, "enable_ipv4", n.enableIpv4());
    ServiceWriter.put(m, "enable_ipv6", n.enableIpv6());
    n.ipam().ifPresent(i -> {
      Map<String, Object> ipam = new LinkedHashMap<>();
      ServiceWriter.put(ipam, "driver", i.driver());
      if (!i.config().isEmpty()) {
        List<Object> config = new ArrayList<>();
        for (IpamConfig c : i.config()) {
          Map<String, Object> cm = new LinkedHashMap<>();
          ServiceWriter.put(cm, "subnet", c.subnet());
          ServiceWriter.put(cm, "ip_range", c.ipRange());
          ServiceWriter.put(cm, "gateway", c.gateway());
          ServiceWriter.putMap(cm, "aux_addresses", c.auxAddresses());
          config.add(cm);
        }
        ipam.put("config", config);
      }
      ServiceWriter.putMap(ipam, "options", i.options());
      m.put("ipam", ipam);
    });
    ServiceWriter.putMap(m, "labels", n.labels());
    m.putAll(n.extensions());
    return m;
  }

  private static Map<String, Object> volume(Volume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    ServiceWriter.put(m, "name", v.customName());
    if (v.external()) {
      m.put("external", true);
    }
    ServiceWriter.put(m, "driver", v.driver());
    ServiceWriter.putMap(m, "driver_opts", v.driverOptions());
    ServiceWriter.putMap(m, "labels", v.labels());
    m.putAll(v.extensions());
    return m;
  }
}
