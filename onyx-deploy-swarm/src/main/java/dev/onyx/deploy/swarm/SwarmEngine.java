package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static dev.onyx.deploy.docker.EngineApi.str;

import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.docker.DeployException;
import dev.onyx.deploy.docker.DockerEngine;
import dev.onyx.deploy.docker.EngineApiException;
import dev.onyx.deploy.docker.EngineConfig;
import dev.onyx.deploy.docker.StackInputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A connection to a manager of a Docker Swarm, through its Engine API (never the {@code docker}
 * binary). It deploys stacks as Swarm services, in the order their {@code depends_on} asks for
 * ({@link #plan}, {@link #apply}, {@link #down}, {@link #status}), with the names and labels of
 * {@code docker stack}, so {@code docker stack ls|ps|services|rm} work on what it deployed.
 * Thread-safe; close it when done.
 *
 * <pre>
 * try (SwarmEngine swarm = SwarmEngine.connect()) {      // DOCKER_HOST or the default socket
 *   System.out.println(swarm.plan(stack));
 *   swarm.apply(stack, SwarmOptions.defaults()
 *       .withRegistry("registry.example.com:5000")      // or: images loaded on every node
 *       .withListener(DeployListener.logging()));
 *   swarm.status(stack.name()).forEach(System.out::println);
 * }
 * </pre>
 */
public final class SwarmEngine implements AutoCloseable {
  private final DockerEngine engine;
  private final boolean ownsEngine;
  private final SwarmApi api;
  private final ExecutorService pool;

  private SwarmEngine(DockerEngine engine, boolean ownsEngine) {
    this.engine = engine;
    this.ownsEngine = ownsEngine;
    this.api = new SwarmApi(engine.api());
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "onyx-deploy-swarm-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Connects to the engine the {@code docker} CLI would use ({@link EngineConfig#fromEnvironment()}).
   *
   * @return a connection to a swarm manager
   * @throws dev.onyx.deploy.docker.EngineUnavailableException if no engine answers there
   * @throws NotSwarmManagerException if the engine is not a manager of a swarm (the message says how
   *     to make one)
   */
  public static SwarmEngine connect() {
    return connect(EngineConfig.fromEnvironment());
  }

  /**
   * @param config where and how to reach the manager
   * @return a connection to a swarm manager
   * @throws dev.onyx.deploy.docker.EngineUnavailableException if no engine answers there
   * @throws NotSwarmManagerException if the engine is not a manager of a swarm
   */
  public static SwarmEngine connect(EngineConfig config) {
    DockerEngine e = DockerEngine.connect(config);
    try {
      return checked(new SwarmEngine(e, true));
    } catch (RuntimeException x) {
      e.close();
      throw x;
    }
  }

  /**
   * Uses an engine connection made before; closing the returned object leaves it open.
   *
   * @param engine a connection to a swarm manager
   * @return the Swarm operations over it
   * @throws NotSwarmManagerException if the engine is not a manager of a swarm
   */
  public static SwarmEngine on(DockerEngine engine) {
    return checked(new SwarmEngine(Objects.requireNonNull(engine, "engine == null"), false));
  }

  private static SwarmEngine checked(SwarmEngine s) {
    try {
      if (s.api.api.get("/swarm").isPresent()) {
        return s; // only a manager answers GET /swarm (cheaper than /info, which explains the other cases)
      }
    } catch (EngineApiException e) {
      // 503: not a manager (or locked): /info says which
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    try {
      Map<String, Object> swarm = dev.onyx.deploy.docker.EngineApi.map(s.api.info().get("Swarm"));
      String state = String.valueOf(swarm.get("LocalNodeState"));
      boolean manager = Boolean.TRUE.equals(swarm.get("ControlAvailable"));
      String where = "the Docker engine at " + s.engine.config().host();
      if ("active".equals(state) && manager) {
        return s;
      }
      String why = switch (state) {
        case "inactive", "" -> where + " is not part of a swarm. Make it the first manager with 'docker swarm init' "
            + "(with several addresses: 'docker swarm init --advertise-addr ADDRESS'), then join the other nodes "
            + "with the command it prints";
        case "active" -> where + " is a worker of its swarm, not a manager: connect to a manager instead "
            + "(DOCKER_HOST; 'docker node ls' on a manager lists them)";
        case "locked" -> "the swarm of " + where + " is locked: unlock it with 'docker swarm unlock'";
        case "pending" -> where + " is still joining its swarm: try again in a moment";
        default -> where + " is in swarm state '" + state + "'" + Optional.ofNullable(swarm.get("Error"))
            .map(x -> " (" + x + ")").orElse("") + ": check it with 'docker info'";
      };
      throw new NotSwarmManagerException(why);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** @return the engine connection underneath (its images, its plain container operations) */
  public DockerEngine engine() {
    return engine;
  }

  /** @return the swarm's nodes */
  public List<SwarmNode> nodes() {
    return api.nodes();
  }

  /**
   * @param stack the wanted stack
   * @return what {@link #apply} would do, changing nothing
   * @throws SwarmUnsupportedException with every problem when the stack asks for what Swarm cannot do
   */
  public SwarmPlan plan(Stack stack) {
    return plan(stack, SwarmOptions.defaults());
  }

  /**
   * Like {@link #plan(Stack)}, resolving files, images and kept secrets as {@link #apply} would
   * with these options. Changes nothing, not even the state folder; images are not checked on the
   * nodes (the apply does that).
   *
   * @param stack the wanted stack
   * @param options the options an apply would use
   * @return the planned steps and warnings
   * @throws SwarmUnsupportedException with every problem when the stack asks for what Swarm cannot do
   */
  public SwarmPlan plan(Stack stack, SwarmOptions options) {
    Observed obs = Observed.read(api, stack.name(), pool);
    StackInputs inputs = StackInputs.of(stack, options.workingDir(), options.stateDir(), kept(obs), true);
    Map<String, Planner.ImageChoice> images = new NodeImages(api, engine).choose(stack, obs, options.registry(), pool);
    return new Planner(stack, obs, inputs).plan(images, startInterval(), api::named, options.workingDir()).plan;
  }

  /**
   * Deploys the stack: plans (refusing what Swarm cannot do), gets the images onto the nodes
   * (pushed to the registry, or checked on every node), makes the networks, secrets and configs,
   * then creates or updates each service once its dependencies meet their conditions, and returns
   * when every service runs (healthy, with a healthcheck) or, for a one-shot, completed. Removes
   * what the stack no longer has. Applying an unchanged stack again changes nothing.
   *
   * @param stack the wanted stack
   * @param options timeout, listener, registry, folders
   * @return what was done
   * @throws SwarmUnsupportedException before anything is made, when the stack asks for what Swarm
   *     cannot do or a node lacks an image and no registry is set
   * @throws UpdateRolledBackException when a rolling update failed and Swarm rolled the service back
   * @throws DeployException naming the failing service and its task's last error (and log lines)
   */
  public SwarmResult apply(Stack stack, SwarmOptions options) {
    return new Applier(this, stack, options).run();
  }

  /**
   * Removes the stack's services, then (once their tasks are gone) its networks, secrets and
   * configs, like {@code docker stack rm}. Volumes stay on their nodes; generated secret values stay
   * in the state folder, so a later deploy makes the same secrets.
   *
   * @param stack the stack's name
   */
  public void down(String stack) {
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> s : api.services(stack)) {
      String id = str(s.get("ID"));
      api.removeService(id);
      ids.add(id);
    }
    new NodeImages(api, engine).removeLeftovers(stack);
    waitForTasksGone(api, stack, ids, Duration.ofMinutes(2));
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (Map<String, Object> n : api.networks(stack)) {
      while (true) {
        try {
          api.removeNetwork(str(n.get("Id")));
          break;
        } catch (EngineApiException e) {
          if (System.nanoTime() > until) {
            throw new DeployException("network " + n.get("Name") + " of stack " + stack + " could not be removed: "
                + e.engineMessage() + "; remove it with 'docker network rm " + n.get("Name") + "'", e);
          }
          sleep(250); // its last endpoints are going away with the tasks
        }
      }
    }
    for (Map<String, Object> s : api.secrets(stack)) {
      api.removeObject("secrets", str(s.get("ID")));
    }
    for (Map<String, Object> c : api.configs(stack)) {
      api.removeObject("configs", str(c.get("ID")));
    }
  }

  /**
   * @param stack the stack's name
   * @return each service of the stack, sorted by name: tasks wanted and up, the last rolling
   *     update's state, and its current tasks with their nodes, states and errors
   */
  public List<SwarmServiceStatus> status(String stack) {
    List<Map<String, Object>> services = api.services(stack);
    List<Map<String, Object>> tasks = api.tasks(stack);
    Map<String, String> names = nodeNames(api.nodes());
    List<SwarmServiceStatus> out = new ArrayList<>();
    for (Map<String, Object> s : services) {
      String swarmName = SwarmApi.text(at(s, "Spec", "Name"));
      String name = swarmName.startsWith(stack + "_") ? swarmName.substring(stack.length() + 1) : swarmName;
      String id = str(s.get("ID"));
      List<Map<String, Object>> own = tasks.stream().filter(t -> id.equals(t.get("ServiceID"))).toList();
      String taskHash = str(at(s, "Spec", "TaskTemplate", "ContainerSpec", "Labels", Names.TASK_HASH));
      Progress p = Progress.of(s, name, own, taskHash, Set.of(), names);
      Map<String, Object> mode = dev.onyx.deploy.docker.EngineApi.map(at(s, "Spec", "Mode"));
      String modeName = mode.containsKey("Global") ? "global" : mode.containsKey("ReplicatedJob") ? "replicated-job"
          : mode.containsKey("GlobalJob") ? "global-job" : "replicated";
      boolean job = modeName.endsWith("-job");
      String condition = SwarmApi.text(at(s, "Spec", "TaskTemplate", "RestartPolicy", "Condition"));
      boolean completes = job || condition.equals("none") || condition.equals("on-failure");
      boolean ready = job ? p.isCompleted() : p.isRunning(completes);
      out.add(new SwarmServiceStatus(name, swarmName, modeName, modeName.startsWith("global") ? -1 : p.needed(),
          p.running(), p.completed(), Optional.ofNullable(str(at(s, "UpdateStatus", "State"))), ready, p.tasks()));
    }
    out.sort((a, b) -> a.service().compareTo(b.service()));
    return out;
  }

  /** Releases the connection (when {@link #connect} made it). */
  @Override
  public void close() {
    pool.shutdownNow();
    if (ownsEngine) {
      engine.close();
    }
  }

  /** @return e.g. {@code SwarmEngine[unix:///var/run/docker.sock, API 1.41]} */
  @Override
  public String toString() {
    return "SwarmEngine[" + engine.config().host() + ", API " + engine.apiVersion() + "]";
  }

  // ------------------------------------------------------------ shared with the apply

  SwarmApi api() {
    return api;
  }

  ExecutorService pool() {
    return pool;
  }

  boolean startInterval() {
    return engine.supportsStartInterval();
  }

  /** Node id to a name for messages: the host name, with the address when several nodes share it. */
  static Map<String, String> nodeNames(List<SwarmNode> nodes) {
    Map<String, Long> count = new LinkedHashMap<>();
    nodes.forEach(n -> count.merge(n.hostname(), 1L, Long::sum));
    Map<String, String> out = new LinkedHashMap<>();
    for (SwarmNode n : nodes) {
      out.put(n.id(), count.get(n.hostname()) > 1 ? n.hostname() + " (" + n.address() + ")" : n.hostname());
    }
    return out;
  }

  /**
   * Where a generated secret's value is found when the state folder has none: the environment of a
   * deployed service it feeds. A secret made before whose value is nowhere here is an error (a new
   * value would not match it).
   */
  static BiFunction<Stack, Secret, Optional<String>> kept(Observed obs) {
    return (stack, secret) -> {
      for (Service s : stack.services()) {
        for (Map.Entry<String, String> e : s.secretEnvironment().entrySet()) {
          if (e.getValue().equals(secret.name())) {
            Optional<String> v = obs.env(s.name(), e.getKey());
            if (v.isPresent()) {
              return v;
            }
          }
        }
      }
      if (obs.generatedSecret(secret.name()).isPresent()) {
        throw new DeployException("the generated secret '" + secret.name() + "' of stack " + stack.name()
            + " exists on the swarm, but its value is not kept on this machine (state folder) and no deployed "
            + "service shows it: copy the state folder's " + stack.name() + "/secrets/" + secret.name()
            + " from the machine that deployed the stack, or run down to make a new secret");
      }
      return Optional.empty();
    };
  }

  /** Waits until the given services' tasks are gone from the manager's list (their containers stopped). */
  static void waitForTasksGone(SwarmApi api, String stack, Collection<String> serviceIds, Duration max) {
    Set<String> ids = new HashSet<>(serviceIds);
    long until = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < until) {
      boolean any = api.tasks(stack).stream().anyMatch(t -> ids.isEmpty() || ids.contains(str(t.get("ServiceID"))));
      if (!any) {
        return;
      }
      sleep(200);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted");
    }
  }
}
