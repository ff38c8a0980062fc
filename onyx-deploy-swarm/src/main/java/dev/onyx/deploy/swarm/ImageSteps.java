package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;

import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.ValidationProblem;
import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The image steps of an apply, before anything of the stack is made: build the images the manager
 * lacks and can build, push to the registry, or check every node holds what it will run.
 */
final class ImageSteps {
  private final SwarmEngine engine;
  private final Stack stack;
  private final SwarmOptions o;
  private final DeployListener listener;
  private final @Nullable String registryAuth;
  private final Map<String, String> nodeNames;

  ImageSteps(SwarmEngine engine, Stack stack, SwarmOptions o, DeployListener listener, @Nullable String registryAuth,
      Map<String, String> nodeNames) {
    this.engine = engine;
    this.stack = stack;
    this.o = o;
    this.listener = listener;
    this.registryAuth = registryAuth;
    this.nodeNames = nodeNames;
  }

  /** Runs one planned action between its started and completed events. */
  static <T> T timed(DeployListener listener, String action, Supplier<T> work) {
    long t = System.nanoTime();
    listener.onEvent(new DeployEvent.ActionStarted(action));
    T result = work.get();
    listener.onEvent(new DeployEvent.ActionCompleted(action, Duration.ofNanos(System.nanoTime() - t)));
    return result;
  }

  Map<String, Planner.ImageChoice> prepare(NodeImages images, Map<String, Planner.ImageChoice> choices) {
    Map<String, Planner.ImageChoice> out = new LinkedHashMap<>(choices);
    Map<String, String> built = new LinkedHashMap<>();
    for (Map.Entry<String, Planner.ImageChoice> e : choices.entrySet()) {
      Planner.ImageChoice c = e.getValue();
      if (c.build() && !built.containsKey(c.ref())) {
        Service s = stack.service(e.getKey()).orElseThrow();
        built.put(c.ref(), timed(listener, "build image " + c.ref(), () -> engine.engine().images().build(c.ref(),
            o.workingDir().resolve(s.build().orElseThrow().context()), s.build().get(), listener)));
      }
      if (built.containsKey(c.ref())) {
        out.put(e.getKey(), NodeImages.choice(c.ref(), built.get(c.ref()), true, o.registry(), null));
      }
    }
    Map<String, String> pushed = new LinkedHashMap<>();
    for (Map.Entry<String, Planner.ImageChoice> e : out.entrySet()) {
      Planner.ImageChoice c = e.getValue();
      if (c.pushTo() == null || c.localId() == null) {
        continue;
      }
      String ref = pushed.get(c.pushTo());
      if (ref == null) {
        ref = timed(listener, "push image " + c.pushTo(), () -> images.push(c.localId(), c.pushTo(),
            o.credentials(), listener));
        pushed.put(c.pushTo(), ref);
      }
      out.put(e.getKey(), new Planner.ImageChoice(c.ref(), c.localId(), ref, null, false));
    }
    return out;
  }

  /** Refuses, before anything is made, when a node that may run a service lacks its image. */
  void checkNodes(NodeImages images, Planner.Desired d, Map<String, Planner.ImageChoice> choices, Observed obs) {
    if (obs.activeNodes().size() < 2) {
      return; // the manager alone: it holds every image it has an id for
    }
    Map<List<Object>, List<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, Planner.ImageChoice> e : choices.entrySet()) {
      Planner.ImageChoice c = e.getValue();
      Map<String, Object> deployed = obs.services.get(e.getKey());
      String deployedImage = deployed == null ? ""
          : SwarmApi.text(at(deployed, "Spec", "TaskTemplate", "ContainerSpec", "Image"));
      if (c.localId() == null || !c.specImage().equals(c.localId()) || deployedImage.equals(c.localId())) {
        continue; // pulled by the nodes, or already running there
      }
      Map<String, Object> placement = NodeImages.placementOf(Optional.ofNullable(
          at(d.specs.get(e.getKey()).spec(), "TaskTemplate", "Placement")));
      groups.computeIfAbsent(List.of(c.localId(), placement), k -> new ArrayList<>()).add(e.getKey());
    }
    if (groups.isEmpty()) {
      return;
    }
    Map<List<Object>, Set<String>> missingBy = timed(listener, "check images on the nodes", () -> {
      Map<List<Object>, CompletableFuture<Set<String>>> checks = new LinkedHashMap<>();
      groups.keySet().forEach(k -> checks.put(k, CompletableFuture.supplyAsync(() -> images.nodesWithout(stack.name(),
          (String) k.get(0), asMap(k.get(1)), 60_000), engine.pool())));
      Map<List<Object>, Set<String>> out = new LinkedHashMap<>();
      checks.forEach((k, f) -> out.put(k, Observed.join(f)));
      return out;
    });
    List<ValidationProblem> problems = new ArrayList<>();
    missingBy.forEach((k, missing) -> {
      if (missing.isEmpty()) {
        return;
      }
      List<String> where = missing.stream().map(id -> Progress.nodeName(nodeNames, id)).toList();
      for (String svc : groups.get(k)) {
        problems.add(new ValidationProblem("services." + svc + ".image", "image " + choices.get(svc).ref() + " ("
            + shortId((String) k.get(0)) + ") is not on node" + (where.size() > 1 ? "s " : " ") + String.join(", ", where)
            + ", and no registry is set: load it there (docker load, or bundle load against each node's engine), "
            + "or set a registry the nodes pull it from (--swarm-registry on the command line)"));
      }
    });
    if (!problems.isEmpty()) {
      throw new SwarmUnsupportedException(stack.name(), problems);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String shortId(String id) {
    String s = id.startsWith("sha256:") ? id.substring(7) : id;
    return s.substring(0, Math.min(12, s.length()));
  }
}
