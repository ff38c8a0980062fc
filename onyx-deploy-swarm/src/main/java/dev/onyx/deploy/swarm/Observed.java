package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * What the swarm holds of one stack: its services (by their name in the stack), networks,
 * secrets and configs (by their Swarm names), and the nodes.
 */
final class Observed {
  final Map<String, Map<String, Object>> services;
  final Map<String, Map<String, Object>> networks;
  final Map<String, Map<String, Object>> secrets;
  final Map<String, Map<String, Object>> configs;
  final List<SwarmNode> nodes;

  private Observed(Map<String, Map<String, Object>> services, Map<String, Map<String, Object>> networks,
      Map<String, Map<String, Object>> secrets, Map<String, Map<String, Object>> configs, List<SwarmNode> nodes) {
    this.services = services;
    this.networks = networks;
    this.secrets = secrets;
    this.configs = configs;
    this.nodes = nodes;
  }

  /** Reads the stack's objects and the nodes, in parallel. */
  static Observed read(SwarmApi api, String stack, Executor pool) {
    var services = CompletableFuture.supplyAsync(() -> api.services(stack), pool);
    var networks = CompletableFuture.supplyAsync(() -> api.networks(stack), pool);
    var secrets = CompletableFuture.supplyAsync(() -> api.secrets(stack), pool);
    var configs = CompletableFuture.supplyAsync(() -> api.configs(stack), pool);
    var nodes = CompletableFuture.supplyAsync(api::nodes, pool);
    Map<String, Map<String, Object>> byService = new LinkedHashMap<>();
    for (Map<String, Object> s : join(services)) {
      String name = SwarmApi.text(at(s, "Spec", "Name"));
      byService.put(name.startsWith(stack + "_") ? name.substring(stack.length() + 1) : name, s);
    }
    Map<String, Map<String, Object>> byNetwork = new LinkedHashMap<>();
    for (Map<String, Object> n : join(networks)) {
      byNetwork.put(str(n.get("Name")), n);
    }
    return new Observed(byService, byNetwork, byName(join(secrets)), byName(join(configs)), join(nodes));
  }

  private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> objects) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> o : objects) {
      out.put(SwarmApi.text(at(o, "Spec", "Name")), o);
    }
    return out;
  }

  /** @return the newest generated secret object kept for the stack's secret of that name */
  Optional<Map<String, Object>> generatedSecret(String name) {
    Map<String, Object> best = null;
    for (Map<String, Object> o : secrets.values()) {
      Map<String, String> l = SwarmApi.labels(at(o, "Spec", "Labels"));
      if (name.equals(l.get(Names.OBJECT_NAME)) && "true".equals(l.get(Names.GENERATED))
          && (best == null || SwarmApi.time(o.get("CreatedAt")).isAfter(SwarmApi.time(best.get("CreatedAt"))))) {
        best = o;
      }
    }
    return Optional.ofNullable(best);
  }

  /** @return the value of a service's environment variable as deployed, when the service has it */
  Optional<String> env(String service, String variable) {
    Map<String, Object> s = services.get(service);
    if (s == null) {
      return Optional.empty();
    }
    for (Object kv : dev.onyx.deploy.docker.EngineApi.list(at(s, "Spec", "TaskTemplate", "ContainerSpec", "Env"))) {
      String e = String.valueOf(kv);
      if (e.startsWith(variable + "=")) {
        return Optional.of(e.substring(variable.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** @return the nodes that take tasks (ready and active) */
  List<SwarmNode> activeNodes() {
    List<SwarmNode> out = new ArrayList<>();
    for (SwarmNode n : nodes) {
      if (n.takesTasks()) {
        out.add(n);
      }
    }
    return out;
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
