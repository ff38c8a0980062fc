package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Computes a {@link Plan} from the wanted stack and what the engine runs (no engine calls). */
final class Planner {
  private static final Pattern EXITED = Pattern.compile("Exited \\((-?\\d+)\\)");

  /** A container of the project as listed by the engine. */
  record Observed(String id, String name, String service, String state, String status,
      Map<String, String> labels) {
    /** @return the exit code shown in the status, or null */
    Integer exitCode() {
      Matcher m = EXITED.matcher(status == null ? "" : status);
      return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    boolean running() {
      return "running".equals(state) || "restarting".equals(state) || "paused".equals(state);
    }

    /** @return its replica number ({@code com.docker.compose.container-number}), or 0 without one */
    int number() {
      return Names.number(labels);
    }

    /** @return healthy, starting, unhealthy, or null without healthcheck (from the status text) */
    String health() {
      String s = status == null ? "" : status;
      if (s.contains("(healthy)")) {
        return "healthy";
      }
      if (s.contains("(unhealthy)")) {
        return "unhealthy";
      }
      if (s.contains("health: starting")) {
        return "starting";
      }
      return null;
    }
  }

  /**
   * What the engine has of a project.
   *
   * @param byService each service's containers that carry its name for their number, by number
   * @param extra the others: of services not in the stack, misnamed, left over from a failed step
   */
  record Snapshot(Map<String, List<Observed>> byService, List<Observed> extra, Set<String> networks,
      Set<String> volumes) {
  }

  /**
   * One container a service has after the apply.
   *
   * @param number its replica number
   * @param name its container name
   * @param existing the container there now, or null for a new one
   * @param action what the apply does to it
   */
  record ReplicaPlan(int number, String name, Observed existing, PlannedAction action) {
  }

  /**
   * What the apply does to one service.
   *
   * @param replicas the containers it keeps or creates, by number
   * @param surplus the containers a scale-down removes, highest number first
   * @param summary the service's line of the plan
   */
  record ServicePlan(List<ReplicaPlan> replicas, List<Observed> surplus, PlannedAction summary) {
    /** @return what its first container goes through: that restarts dependants ({@code depends_on} restart) */
    PlannedAction trigger() {
      return replicas.isEmpty() ? summary : replicas.get(0).action();
    }
  }

  private Planner() {
  }

  /** The engine-side names of the networks the stack needs created (not external). */
  static List<String[]> networksToHave(Stack stack) {
    Set<String> used = new LinkedHashSet<>();
    for (Service s : stack.services()) {
      used.addAll(s.networkNames());
    }
    List<String[]> out = new ArrayList<>();
    for (String n : used) {
      boolean external = stack.network(n).map(Network::external).orElse(false);
      if (!external) {
        out.add(new String[] {n, Names.network(stack, n)});
      }
    }
    return out;
  }

  static List<String[]> volumesToHave(Stack stack) {
    List<String[]> out = new ArrayList<>();
    for (Volume v : stack.volumes()) {
      if (!v.external()) {
        out.add(new String[] {v.name(), Names.volume(stack, v.name())});
      }
    }
    return out;
  }

  static Plan plan(Stack stack, Map<String, ServiceSpec> specs, Snapshot snap, Set<String> toBuild) {
    return plan(stack, specs, snap, toBuild, services(stack, specs, snap, toBuild));
  }

  /** The plan's lines for the decisions {@link #services} made. */
  static Plan plan(Stack stack, Map<String, ServiceSpec> specs, Snapshot snap, Set<String> toBuild,
      Map<String, ServicePlan> services) {
    List<PlannedAction> actions = new ArrayList<>();
    for (String[] n : networksToHave(stack)) {
      if (!snap.networks().contains(n[1])) {
        actions.add(new PlannedAction(PlannedAction.Kind.CREATE_NETWORK, n[1], "network " + n[0]));
      }
    }
    for (String[] v : volumesToHave(stack)) {
      if (!snap.volumes().contains(v[1])) {
        actions.add(new PlannedAction(PlannedAction.Kind.CREATE_VOLUME, v[1], "volume " + v[0]));
      }
    }
    for (Observed o : snap.extra()) {
      actions.add(new PlannedAction(PlannedAction.Kind.REMOVE_CONTAINER, o.name(),
          stack.service(o.service()).isPresent() ? "leftover container of service " + o.service()
              : "orphan: service " + o.service() + " is not in the stack"));
    }
    services.forEach((name, p) -> {
      for (Observed o : p.surplus()) {
        actions.add(new PlannedAction(PlannedAction.Kind.REMOVE_CONTAINER, o.name(), "scale " + name + " "
            + (p.replicas().size() + p.surplus().size()) + " -> " + p.replicas().size()));
      }
    });
    for (String s : toBuild) {
      actions.add(new PlannedAction(PlannedAction.Kind.BUILD_IMAGE, s, "image " + specs.get(s).imageRef + " is missing"));
    }
    services.values().forEach(p -> actions.add(p.summary()));
    return new Plan(stack.name(), actions);
  }

  /** Each service's decisions, in dependency order. */
  static Map<String, ServicePlan> services(Stack stack, Map<String, ServiceSpec> specs, Snapshot snap,
      Set<String> toBuild) {
    Map<String, ServicePlan> out = new LinkedHashMap<>();
    Map<String, PlannedAction> decided = new HashMap<>();
    for (String name : stack.graph().topologicalOrder()) {
      ServicePlan p = service(stack.name(), specs.get(name), snap.byService().getOrDefault(name, List.of()),
          toBuild.contains(name), decided);
      decided.put(name, p.trigger());
      out.put(name, p);
    }
    return out;
  }

  /**
   * One service's containers as compose converges them: the lowest numbers are kept (a scale-down
   * removes the highest), new ones are numbered on from the highest there is, and each kept one is
   * decided on its own.
   *
   * @param observed the service's containers now
   * @param decided the dependencies' {@link ServicePlan#trigger() triggers}
   */
  static ServicePlan service(String project, ServiceSpec spec, List<Observed> observed, boolean building,
      Map<String, PlannedAction> decided) {
    Service s = spec.service;
    int wanted = DeploySettings.replicas(s);
    List<Observed> sorted = observed.stream().sorted(Comparator.comparingInt(Observed::number)).toList();
    int keep = Math.min(wanted, sorted.size());
    List<ReplicaPlan> replicas = new ArrayList<>();
    for (Observed c : sorted.subList(0, keep)) {
      replicas.add(new ReplicaPlan(c.number(), c.name(), c,
          restartForDependencies(s, c, decide(spec, c, building), decided)));
    }
    int next = sorted.stream().mapToInt(Observed::number).max().orElse(0) + 1;
    while (replicas.size() < wanted) {
      int number = next++;
      replicas.add(new ReplicaPlan(number, Names.container(project, s, number), null, decide(spec, null, building)));
    }
    List<Observed> surplus = new ArrayList<>(sorted.subList(keep, sorted.size()));
    Collections.reverse(surplus);
    return new ServicePlan(replicas, surplus, summary(s.name(), sorted.size(), replicas));
  }

  /**
   * The service's line: for a single container its action as it is; for several, the strongest
   * change of the kept ones, and a scale-up (a scale-down has a line per container removed).
   */
  static PlannedAction summary(String service, int had, List<ReplicaPlan> replicas) {
    int wanted = replicas.size();
    if (wanted == 0) {
      return new PlannedAction(PlannedAction.Kind.NOTHING, service, "no replicas (deploy.replicas 0)");
    }
    if (wanted == 1) {
      return replicas.get(0).action();
    }
    if (had == 0) {
      return new PlannedAction(PlannedAction.Kind.CREATE_CONTAINER, service, "no container yet, " + wanted + " replicas");
    }
    List<ReplicaPlan> changed = replicas.stream().filter(r -> r.existing() != null && r.action().isChange()).toList();
    PlannedAction.Kind kind = changed.stream().map(r -> r.action().kind()).min(Comparator.naturalOrder())
        .orElse(PlannedAction.Kind.NOTHING);
    List<String> why = new ArrayList<>();
    Set<String> reasons = new LinkedHashSet<>();
    changed.forEach(r -> reasons.add(r.action().reason()));
    long kept = replicas.stream().filter(r -> r.existing() != null).count();
    if (changed.size() == kept && reasons.size() == 1
        && changed.stream().allMatch(r -> r.action().kind() == changed.get(0).action().kind())) {
      why.addAll(reasons);
    } else {
      changed.forEach(r -> why.add(r.name() + ": " + r.action().reason()));
    }
    if (wanted > had) {
      kind = kind == PlannedAction.Kind.NOTHING ? PlannedAction.Kind.CREATE_CONTAINER : kind;
      why.add("scale " + had + " -> " + wanted);
    }
    if (why.isEmpty()) {
      why.add(replicas.get(0).action().reason());
    }
    return new PlannedAction(kind, service, String.join("; ", why));
  }

  /**
   * Compose's {@code depends_on: {restart: true}}: a running service left as it is gets restarted
   * when a dependency with that flag is created anew, recreated or restarted by the same apply
   * (in dependency order, so a restart carries on down a chain of such edges).
   *
   * @param decided the actions of the services decided so far (every dependency, by the order)
   */
  static PlannedAction restartForDependencies(Service s, Observed c, PlannedAction a,
      Map<String, PlannedAction> decided) {
    if (a.kind() != PlannedAction.Kind.NOTHING || c == null) {
      return a;
    }
    // a container that joined another's namespace or mounted its volumes holds that container's id:
    // when that container is replaced, so is this one (a restart would look for the old one)
    for (String ref : containerReferences(s)) {
      PlannedAction da = decided.get(ref);
      if (da != null && (da.kind() == PlannedAction.Kind.RECREATE_CONTAINER
          || da.kind() == PlannedAction.Kind.CREATE_CONTAINER)) {
        return new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, s.name(),
            "it uses the namespace or volumes of service " + ref + ", whose container is replaced");
      }
    }
    if (!c.running()) {
      return a;
    }
    for (DependsOn dep : s.dependsOn()) {
      PlannedAction da = decided.get(dep.service());
      if (dep.restart() && da != null && (da.kind() == PlannedAction.Kind.RECREATE_CONTAINER
          || da.kind() == PlannedAction.Kind.CREATE_CONTAINER || da.kind() == PlannedAction.Kind.RESTART_CONTAINER)) {
        String verb = switch (da.kind()) {
          case RECREATE_CONTAINER -> "recreated";
          case CREATE_CONTAINER -> "created anew";
          default -> "restarted";
        };
        return new PlannedAction(PlannedAction.Kind.RESTART_CONTAINER, s.name(),
            "dependency " + dep.service() + " is " + verb + " (depends_on restart: true)");
      }
    }
    return a;
  }

  /** The services whose container id the service's containers hold: {@code pid}/{@code ipc: service:}, {@code volumes_from}. */
  static Set<String> containerReferences(Service s) {
    Set<String> out = new LinkedHashSet<>();
    for (java.util.Optional<String> mode : List.of(s.pid(), s.ipc())) {
      mode.filter(m -> m.startsWith("service:")).ifPresent(m -> out.add(m.substring("service:".length())));
    }
    s.volumesFrom().stream().filter(v -> !v.startsWith("container:")).forEach(v -> out.add(v.split(":", 2)[0]));
    return out;
  }

  static PlannedAction decide(ServiceSpec spec, Observed c, boolean building) {
    String name = spec.service.name();
    if (c == null) {
      return new PlannedAction(PlannedAction.Kind.CREATE_CONTAINER, name, "no container yet");
    }
    if (building) {
      return new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, name, "image is rebuilt");
    }
    if (!spec.hash.equals(c.labels().get(Names.CONFIG_HASH))) {
      List<String> changed = spec.changedParts(c.labels().get(Names.PARTS));
      return new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, name,
          changed.isEmpty() ? "configuration changed" : "changed: " + String.join(", ", changed));
    }
    String oldRes = c.labels().getOrDefault(Names.RESOURCES, "");
    if (!spec.resources.equals(oldRes)) {
      Map<String, String> was = ServiceSpec.parseResources(oldRes);
      Map<String, String> now = ServiceSpec.parseResources(spec.resources);
      List<String> removed = new ArrayList<>();
      List<String> changed = new ArrayList<>();
      for (String k : List.of("cpus", "memory", "memres", "pids")) {
        String a = was.getOrDefault(k, "");
        String b = now.getOrDefault(k, "");
        if (!a.equals(b)) {
          if (b.isEmpty()) {
            removed.add(k);
          } else {
            changed.add(k + " " + show(k, a) + " -> " + show(k, b));
          }
        }
      }
      if (!removed.isEmpty()) {
        return new PlannedAction(PlannedAction.Kind.RECREATE_CONTAINER, name,
            "limit removed: " + String.join(", ", removed));
      }
      return new PlannedAction(PlannedAction.Kind.UPDATE_CONTAINER, name, "limits: " + String.join(", ", changed));
    }
    if (c.running()) {
      return new PlannedAction(PlannedAction.Kind.NOTHING, name, "up to date");
    }
    // A container that ran to exit 0 is a one-shot that completed (a migration: not re-run), unless
    // its service has a healthcheck or a restart policy that would have restarted it (always,
    // unless-stopped): then it was stopped, and up starts it again, as compose does.
    Integer exit = c.exitCode();
    RestartPolicy.Mode restart = DeploySettings.restartPolicy(spec.service).mode();
    boolean restarts = restart == RestartPolicy.Mode.ALWAYS || restart == RestartPolicy.Mode.UNLESS_STOPPED;
    if ("exited".equals(c.state()) && exit != null && exit == 0 && !spec.hasHealthcheckDeclared() && !restarts) {
      return new PlannedAction(PlannedAction.Kind.NOTHING, name, "completed (exit 0)");
    }
    return new PlannedAction(PlannedAction.Kind.START_CONTAINER, name,
        "created".equals(c.state()) ? "created, not started" : "stopped (" + c.status() + ")");
  }

  private static String show(String key, String v) {
    if (v.isEmpty()) {
      return "none";
    }
    if (key.startsWith("mem")) {
      return ByteSize.ofBytes(Long.parseLong(v)).toString();
    }
    return v;
  }
}
