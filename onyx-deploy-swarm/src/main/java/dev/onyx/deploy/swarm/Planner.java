package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.str;

import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.ValidationProblem;
import dev.onyx.deploy.docker.StackInputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** Desired against observed: the steps that bring the swarm to the stack, and the specs they send. */
final class Planner {
  /** Swarm object names are limited to this many characters. */
  static final int MAX_NAME = 64;

  /**
   * Where a service's image comes from.
   *
   * @param ref the image as the stack names it
   * @param localId the manager's image id, null when the manager has none
   * @param specImage what the service's tasks run: the id, a registry reference with digest, or the ref
   * @param pushTo the registry reference to push to, when a push is planned
   * @param build whether the image is built on the manager first
   */
  record ImageChoice(String ref, @Nullable String localId, String specImage, @Nullable String pushTo, boolean build) {
  }

  /** A secret or config object the stack needs. */
  record ObjectPlan(String kind, String stackName, String swarmName, byte @Nullable [] data,
      Map<String, String> labels, @Nullable String existingId) {
  }

  /** A secret or config object to remove: its kind ({@code secrets}, {@code configs}), name and id. */
  record Removal(String kind, String name, String id) {
  }

  /** What an apply does, with everything it sends. */
  static final class Desired {
    SwarmPlan plan;
    final Map<String, SpecMapper.Mapped> specs = new LinkedHashMap<>();
    final Map<String, ObjectPlan> objects = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> networksToCreate = new LinkedHashMap<>();
    final Map<String, String> servicesToRemove = new LinkedHashMap<>();
    final Map<String, String> networksToRemove = new LinkedHashMap<>();
    final List<Removal> objectsToRemove = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
  }

  private final Stack stack;
  private final Observed obs;
  private final StackInputs inputs;

  Planner(Stack stack, Observed obs, StackInputs inputs) {
    this.stack = stack;
    this.obs = obs;
    this.inputs = inputs;
  }

  /**
   * @throws SwarmUnsupportedException with every problem, before anything is made
   */
  Desired plan(Map<String, ImageChoice> images, boolean startInterval,
      BiFunction<String, String, Optional<Map<String, Object>>> existing, java.nio.file.Path workingDir) {
    Refusals refusals = new Refusals(stack, Math.max(1, obs.activeNodes().size()), startInterval)
        .check(n -> existing.apply("networks", n));
    Desired d = new Desired();
    d.warnings.addAll(refusals.warnings);
    List<ValidationProblem> problems = new ArrayList<>(refusals.problems);
    if (!problems.isEmpty()) {
      throw new SwarmUnsupportedException(stack.name(), problems);
    }
    List<SwarmAction> actions = new ArrayList<>();
    images.forEach((svc, c) -> {
      if (c.build()) {
        actions.add(new SwarmAction(SwarmAction.Kind.BUILD_IMAGE, c.ref(), "service " + svc + ": not on the manager"));
      }
    });
    Set<String> pushes = new LinkedHashSet<>();
    images.values().forEach(c -> {
      if (c.pushTo() != null && pushes.add(c.pushTo())) {
        actions.add(new SwarmAction(SwarmAction.Kind.PUSH_IMAGE, c.pushTo(), "from " + c.ref()));
      }
      if (c.localId() == null && !c.build()) {
        d.warnings.add("image " + c.ref() + " is not on the manager: each node pulls it from its registry");
      }
    });

    // networks
    Set<String> used = new LinkedHashSet<>();
    for (Service s : stack.services()) {
      used.addAll(s.networkNames());
    }
    for (String n : used) {
      Optional<Network> declared = stack.network(n);
      if (declared.isPresent() && declared.get().external()) {
        continue;
      }
      String name = Names.network(stack, n);
      if (!obs.networks.containsKey(name)) {
        d.networksToCreate.put(name, networkSpec(name, declared.orElse(Network.named(n))));
        actions.add(new SwarmAction(SwarmAction.Kind.CREATE_NETWORK, name, ""));
      }
    }

    // secrets and configs: one object per content, named after it
    objects(d, actions, problems, existing);
    if (!problems.isEmpty()) {
      throw new SwarmUnsupportedException(stack.name(), problems);
    }

    // services, in dependency order
    SpecMapper mapper = new SpecMapper(stack, startInterval, workingDir);
    for (String name : stack.graph().topologicalOrder()) {
      Service s = stack.service(name).orElseThrow();
      ImageChoice img = images.get(name);
      Map<String, String> extra = img.pushTo() != null || img.specImage().contains("@")
          ? Map.of(Names.IMAGE_ID, String.valueOf(img.localId())) : Map.of();
      SpecMapper.Mapped m = mapper.map(s, img.specImage(), img.ref(), inputs.environment(s),
          (source, config) -> objectName(d, source, config), extra);
      d.specs.put(name, m);
      Map<String, Object> deployed = obs.services.get(name);
      if (deployed == null) {
        actions.add(new SwarmAction(SwarmAction.Kind.CREATE_SERVICE, name, ""));
      } else {
        Map<String, String> labels = SwarmApi.labels(at(deployed, "Spec", "Labels"));
        if (m.specHash().equals(labels.get(Names.SPEC_HASH))) {
          actions.add(new SwarmAction(SwarmAction.Kind.NOTHING, name, ""));
        } else {
          List<String> changed = m.changedParts(labels.get(Names.SPEC_PARTS));
          actions.add(new SwarmAction(SwarmAction.Kind.UPDATE_SERVICE, name,
              labels.get(Names.SPEC_HASH) == null ? "not made by onyx-deploy"
                  : changed.isEmpty() ? "changed" : "changed: " + String.join(", ", changed)));
        }
      }
    }

    // what the stack no longer has
    obs.services.forEach((name, s) -> {
      if (stack.service(name).isEmpty()) {
        d.servicesToRemove.put(name, str(s.get("ID")));
        actions.add(new SwarmAction(SwarmAction.Kind.REMOVE_SERVICE, name, "not in the stack"));
      }
    });
    Set<String> wantedObjects = d.objects.keySet();
    for (String kind : List.of("secrets", "configs")) {
      Map<String, Map<String, Object>> have = kind.equals("secrets") ? obs.secrets : obs.configs;
      have.forEach((name, o) -> {
        if (!wantedObjects.contains(kind + "/" + name)) {
          d.objectsToRemove.add(new Removal(kind, name, str(o.get("ID"))));
          actions.add(new SwarmAction(kind.equals("secrets") ? SwarmAction.Kind.REMOVE_SECRET
              : SwarmAction.Kind.REMOVE_CONFIG, name, "no longer used"));
        }
      });
    }
    Set<String> wantedNetworks = new LinkedHashSet<>();
    used.forEach(n -> wantedNetworks.add(Names.network(stack, n)));
    obs.networks.forEach((name, n) -> {
      if (!wantedNetworks.contains(name)) {
        d.networksToRemove.put(name, str(n.get("Id")));
        actions.add(new SwarmAction(SwarmAction.Kind.REMOVE_NETWORK, name, "not in the stack"));
      }
    });
    d.plan = new SwarmPlan(stack.name(), actions, d.warnings);
    return d;
  }

  private void objects(Desired d, List<SwarmAction> actions, List<ValidationProblem> problems,
      BiFunction<String, String, Optional<Map<String, Object>>> existing) {
    Map<String, Service> firstUser = new LinkedHashMap<>();
    Map<String, Service> firstConfigUser = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      s.secrets().stream().map(FileReference::source).forEach(n -> firstUser.putIfAbsent(n, s));
      s.configs().stream().map(FileReference::source).forEach(n -> firstConfigUser.putIfAbsent(n, s));
    }
    firstUser.forEach((name, user) -> {
      Optional<Secret> secret = stack.secret(name);
      if (secret.filter(x -> x.source() == Secret.Source.EXTERNAL).isPresent()) {
        external(d, problems, existing, "secrets", name, secret.get().customName().orElse(name));
        return;
      }
      Optional<Map<String, Object>> kept = secret.filter(x -> x.source() == Secret.Source.GENERATED)
          .flatMap(x -> obs.generatedSecret(name));
      if (kept.isPresent()) {
        // made once and kept: never made again, its value is not needed here
        String swarmName = SwarmApi.text(at(kept.get(), "Spec", "Name"));
        d.objects.put("secrets/" + swarmName, new ObjectPlan("secrets", name, swarmName, null, Map.of(),
            str(kept.get().get("ID"))));
        return;
      }
      byte[] data = inputs.secret(name, user);
      Map<String, String> labels = objectLabels(name, data);
      if (secret.filter(x -> x.source() == Secret.Source.GENERATED).isPresent()) {
        labels.put(Names.GENERATED, "true");
      }
      add(d, actions, problems, "secrets", name, data, labels);
    });
    firstConfigUser.forEach((name, user) -> {
      Optional<ConfigFile> config = stack.config(name).filter(ConfigFile::external);
      if (config.isPresent()) {
        external(d, problems, existing, "configs", name, config.get().customName().orElse(name));
        return;
      }
      byte[] data = inputs.config(name, user);
      add(d, actions, problems, "configs", name, data, objectLabels(name, data));
    });
  }

  /** A secret or config made outside the stack ({@code external: true}): used as it is, never changed or removed. */
  private static void external(Desired d, List<ValidationProblem> problems,
      BiFunction<String, String, Optional<Map<String, Object>>> existing, String kind, String name, String swarmName) {
    Optional<Map<String, Object>> found = existing.apply(kind, swarmName);
    String what = kind.substring(0, kind.length() - 1);
    if (found.isEmpty()) {
      problems.add(new ValidationProblem(kind + "." + name, "the external " + what + " " + swarmName
          + " is not on the swarm; create it first ('docker " + what + " create " + swarmName + " FILE')"));
      return;
    }
    d.objects.put(kind + "/" + swarmName, new ObjectPlan(kind, name, swarmName, null, Map.of(),
        str(found.get().get("ID"))));
  }

  private void add(Desired d, List<SwarmAction> actions, List<ValidationProblem> problems, String kind, String name,
      byte[] data, Map<String, String> labels) {
    String swarmName = Names.object(stack.name(), name, labels.get(Names.CONTENT_HASH));
    if (swarmName.length() > MAX_NAME) {
      problems.add(new ValidationProblem(kind + "." + name, "its Swarm name " + swarmName + " is longer than "
          + MAX_NAME + " characters; shorten the stack's or the " + kind.substring(0, kind.length() - 1) + "'s name"));
      return;
    }
    Map<String, Object> existing = (kind.equals("secrets") ? obs.secrets : obs.configs).get(swarmName);
    d.objects.put(kind + "/" + swarmName, new ObjectPlan(kind, name, swarmName, data, labels,
        existing == null ? null : str(existing.get("ID"))));
    if (existing == null) {
      actions.add(new SwarmAction(kind.equals("secrets") ? SwarmAction.Kind.CREATE_SECRET
          : SwarmAction.Kind.CREATE_CONFIG, swarmName, ""));
    }
  }

  private Map<String, String> objectLabels(String name, byte[] data) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Names.NAMESPACE, stack.name());
    labels.put(Names.OBJECT_NAME, name);
    labels.put(Names.CONTENT_HASH, Hashes.sha256(data));
    return labels;
  }

  private static String objectName(Desired d, String source, boolean config) {
    String kind = config ? "configs" : "secrets";
    for (ObjectPlan p : d.objects.values()) {
      if (p.kind().equals(kind) && p.stackName().equals(source)) {
        return p.swarmName();
      }
    }
    throw new IllegalStateException("no " + kind + " object planned for " + source);
  }

  private Map<String, Object> networkSpec(String name, Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", name);
    m.put("CheckDuplicate", true);
    m.put("Driver", n.driver().filter(x -> !x.equals("bridge")).orElse("overlay"));
    m.put("Scope", "swarm");
    m.put("Internal", n.internal());
    m.put("Attachable", n.attachable());
    if (!n.driverOptions().isEmpty()) {
      m.put("Options", n.driverOptions());
    }
    if (!n.subnets().isEmpty()) {
      m.put("IPAM", Map.of("Driver", "default", "Config", n.subnets().stream().map(x -> Map.of("Subnet", x)).toList()));
    }
    Map<String, String> labels = new LinkedHashMap<>(n.labels());
    labels.put(Names.NAMESPACE, stack.name());
    m.put("Labels", labels);
    return m;
  }
}
