package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Volume;
import java.util.ArrayList;
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

  /** What the engine has of a project. */
  record Snapshot(Map<String, Observed> byService, List<Observed> extra, Set<String> networks,
      Set<String> volumes) {
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
    for (String s : toBuild) {
      actions.add(new PlannedAction(PlannedAction.Kind.BUILD_IMAGE, s, "image " + specs.get(s).imageRef + " is missing"));
    }
    Map<String, PlannedAction> decided = new java.util.HashMap<>();
    for (String name : stack.graph().topologicalOrder()) {
      Observed c = snap.byService().get(name);
      PlannedAction a = restartForDependencies(stack.service(name).orElseThrow(), c,
          decide(specs.get(name), c, toBuild.contains(name)), decided);
      decided.put(name, a);
      actions.add(a);
    }
    return new Plan(stack.name(), actions);
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
    if (a.kind() != PlannedAction.Kind.NOTHING || c == null || !c.running()) {
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
    Integer exit = c.exitCode();
    if ("exited".equals(c.state()) && exit != null && exit == 0 && !spec.hasHealthcheckDeclared()) {
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
