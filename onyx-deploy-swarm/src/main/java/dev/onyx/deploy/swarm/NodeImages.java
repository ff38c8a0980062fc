package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.map;
import static dev.onyx.deploy.docker.EngineApi.str;

import dev.onyx.deploy.core.event.DeployEvent;
import dev.onyx.deploy.core.event.DeployListener;
import dev.onyx.deploy.docker.DeployException;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.EngineApi;
import dev.onyx.deploy.docker.RegistryCredentials;
import dev.onyx.deploy.docker.RegistryOptions;
import dev.onyx.deploy.docker.ImageInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a service's image onto the nodes: pushes it to a registry the nodes pull from, or checks
 * that every node that may run the service already holds it.
 */
final class NodeImages {
  private static final Logger LOG = LoggerFactory.getLogger(NodeImages.class);
  /** A command no image has: the check only needs the node to make the container, never to run it. */
  private static final String NO_COMMAND = "/onyx-deploy-image-check";

  private final SwarmApi swarm;
  private final DockerEngine manager;

  NodeImages(SwarmApi swarm, DockerEngine manager) {
    this.swarm = swarm;
    this.manager = manager;
  }

  /** @return the image a service runs, as the engine backend names it: its image, else {@code STACK-SERVICE} */
  static String ref(Stack stack, Service s) {
    return s.image().orElse(stack.name() + "-" + s.name());
  }

  /**
   * Where each service's image comes from, from the manager's images (inspected in parallel).
   *
   * @param registry the registry images are pushed to, when set
   * @return service name to choice, in stack order
   */
  Map<String, Planner.ImageChoice> choose(Stack stack, Observed obs, Optional<String> registry, Executor pool) {
    return choose(stack, obs, registry, inspect(stack, pool));
  }

  /**
   * Starts inspecting the manager's images of the stack's services, each once.
   *
   * @return image reference to its inspection
   */
  Map<String, CompletableFuture<Optional<ImageInfo>>> inspect(Stack stack, Executor pool) {
    Map<String, CompletableFuture<Optional<ImageInfo>>> ids = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      ids.computeIfAbsent(ref(stack, s), r -> CompletableFuture.supplyAsync(() -> manager.images().inspect(r), pool));
    }
    return ids;
  }

  /**
   * Like {@link #choose(Stack, Observed, Optional, Executor)}, from inspections started before.
   *
   * @param ids what {@link #inspect} returned
   */
  Map<String, Planner.ImageChoice> choose(Stack stack, Observed obs, Optional<String> registry,
      Map<String, CompletableFuture<Optional<ImageInfo>>> ids) {
    Map<String, Planner.ImageChoice> out = new LinkedHashMap<>();
    for (Service s : stack.services()) {
      String ref = ref(stack, s);
      String id = Observed.join(ids.get(ref)).map(ImageInfo::id).orElse(null);
      out.put(s.name(), choice(ref, id, s.build().isPresent(), registry, obs.services.get(s.name())));
    }
    return out;
  }

  /**
   * @param id the manager's image id, null when it has none
   * @param buildable whether the service has a build
   * @param deployed the service as deployed, or null
   */
  static Planner.ImageChoice choice(String ref, @Nullable String id, boolean buildable, Optional<String> registry,
      @Nullable Map<String, Object> deployed) {
    if (id == null) {
      return buildable ? new Planner.ImageChoice(ref, null, "unbuilt:" + ref,
          registry.map(r -> registryRef(ref, r)).orElse(null), true)
          : new Planner.ImageChoice(ref, null, ref, null, false);
    }
    if (registry.isEmpty()) {
      return new Planner.ImageChoice(ref, id, id, null, false);
    }
    String target = registryRef(ref, registry.get());
    String deployedImage = deployed == null ? ""
        : SwarmApi.text(at(deployed, "Spec", "TaskTemplate", "ContainerSpec", "Image"));
    String deployedId = deployed == null ? null
        : SwarmApi.labels(at(deployed, "Spec", "Labels")).get(Names.IMAGE_ID);
    if (id.equals(deployedId) && deployedImage.startsWith(target + "@")) {
      return new Planner.ImageChoice(ref, id, deployedImage, null, false); // pushed before: not again
    }
    return new Planner.ImageChoice(ref, id, target + "@unpushed", target, false);
  }

  /**
   * @param ref an image reference, e.g. {@code onyx-test/busybox:1} or {@code ghcr.io/org/app:2}
   * @param registry the registry to push to ({@code host[:port][/path]})
   * @return where the image goes in the registry, without a digest: {@code REGISTRY/PATH:TAG}
   */
  static String registryRef(String ref, String registry) {
    String name = ref;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    String tag = "latest";
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    int slash = name.indexOf('/');
    if (slash > 0) {
      String first = name.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        name = name.substring(slash + 1); // the image's own registry host is replaced
      }
    }
    return registry + "/" + name + ":" + tag;
  }

  /** @return the registry host of a registry name with an optional path ({@code host[:port][/path]}) */
  static String host(String registry) {
    int slash = registry.indexOf('/');
    return slash < 0 ? registry : registry.substring(0, slash);
  }

  /**
   * Tags the manager's image for the registry and pushes it there (the push reports its progress as
   * image transfer events).
   *
   * @param imageId the manager's image id
   * @param target {@code REGISTRY/PATH:TAG}
   * @param credentials where the registry's credentials come from
   * @return {@code REGISTRY/PATH:TAG@sha256:...}, the reference services pull by
   * @throws DeployException naming the image, the registry and the reason when the push fails
   */
  String push(String imageId, String target, RegistryCredentials credentials, DeployListener listener) {
    int colon = target.lastIndexOf(':');
    String repo = target.substring(0, colon);
    String tag = target.substring(colon + 1);
    swarm.api.post("/images/" + EngineApi.query(imageId) + "/tag?repo=" + EngineApi.query(repo) + "&tag="
        + EngineApi.query(tag), null);
    return target + "@" + manager.images().push(target, RegistryOptions.defaults().withCredentials(credentials),
        listener);
  }

  /**
   * Runs a short-lived job with the image on every node the service may run on (its constraints
   * and platform) and reports the nodes that reject it for want of the image.
   *
   * @param stack the stack (labels the job, so a later run can clean it up)
   * @param imageId the image id
   * @param placement the service's placement (constraints and platform), or null
   * @param timeoutMillis how long to wait for the nodes to answer
   * @return the ids of the nodes that lack the image
   */
  Set<String> nodesWithout(String stack, String imageId, Map<String, Object> placement, long timeoutMillis) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("Image", imageId);
    container.put("Command", List.of(NO_COMMAND));
    container.put("Labels", Map.of(Names.IMAGE_CHECK, stack));
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("ContainerSpec", container);
    task.put("RestartPolicy", Map.of("Condition", "none"));
    if (!placement.isEmpty()) {
      task.put("Placement", placement);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("Name", stack + "_image-check-" + Hashes.ofJson(List.of(imageId, placement)).substring(0, 8));
    spec.put("Labels", Map.of(Names.IMAGE_CHECK, stack));
    spec.put("TaskTemplate", task);
    spec.put("Mode", Map.of("GlobalJob", Map.of()));
    String id = swarm.createService(spec, null);
    try {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      long pendingSince = 0;
      while (true) {
        List<Map<String, Object>> tasks = swarm.tasksOf(id);
        Set<String> missing = new TreeSet<>();
        boolean decided = !tasks.isEmpty();
        boolean pending = false;
        for (Map<String, Object> t : tasks) {
          String state = str(at(t, "Status", "State"));
          String err = String.valueOf(at(t, "Status", "Err")).toLowerCase(Locale.ROOT);
          if (err.contains("no such image") || err.contains("image") && err.contains("not found")) {
            missing.add(str(t.get("NodeID")));
          } else if (List.of("new", "allocated", "assigned", "accepted", "preparing").contains(state)) {
            decided = false;
          } else if ("pending".equals(state)) {
            pending = true;
          }
        }
        if (pending && pendingSince == 0) {
          pendingSince = System.currentTimeMillis();
        }
        if (decided && (!pending || System.currentTimeMillis() - pendingSince > 3000)) {
          return missing;
        }
        if (System.currentTimeMillis() > deadline) {
          LOG.debug("image check of {} undecided after {} ms; tasks: {}", imageId, timeoutMillis, tasks);
          return missing;
        }
        Thread.sleep(50); // the check is on the path of every first deploy: notice its end soon
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted while checking the image " + imageId + " on the nodes");
    } finally {
      swarm.removeService(id);
    }
  }

  /** Removes image checks a run left behind (killed before it could). */
  void removeLeftovers(String stack) {
    removeLeftovers(leftovers(stack));
  }

  /** @return the image checks of the stack that exist now (a run's own check is removed before it ends) */
  List<Map<String, Object>> leftovers(String stack) {
    return swarm.objectsLabelled("services", Names.IMAGE_CHECK + "=" + stack);
  }

  /** Removes image checks a run left behind, as {@link #leftovers} listed them. */
  void removeLeftovers(List<Map<String, Object>> checks) {
    for (Map<String, Object> s : checks) {
      swarm.removeService(str(s.get("ID")));
    }
  }

  /** The placement the check uses: the service's constraints and platform. */
  static Map<String, Object> placementOf(Optional<Object> servicePlacement) {
    Map<String, Object> p = new LinkedHashMap<>();
    servicePlacement.map(EngineApi::map).ifPresent(m -> {
      if (m.get("Constraints") != null) {
        p.put("Constraints", m.get("Constraints"));
      }
      if (m.get("Platforms") != null) {
        p.put("Platforms", m.get("Platforms"));
      }
    });
    return p;
  }
}
