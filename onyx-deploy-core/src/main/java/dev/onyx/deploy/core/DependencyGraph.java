package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services of a stack and their {@code depends_on} edges: topological levels for parallel start,
 * what a service transitively needs, what needs it, and cycle detection that names the cycle.
 * Immutable; edges to services not in the stack are ignored (validation reports them).
 */
public final class DependencyGraph {
  private final Map<String, List<String>> dependencies;
  private final Map<String, List<String>> dependants;

  private DependencyGraph(Map<String, List<String>> dependencies) {
    this.dependencies = dependencies;
    Map<String, List<String>> rev = new LinkedHashMap<>();
    dependencies.keySet().forEach(k -> rev.put(k, new ArrayList<>()));
    dependencies.forEach((s, deps) -> deps.forEach(d -> rev.get(d).add(s)));
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    rev.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.dependants = Collections.unmodifiableMap(frozen);
  }

  /**
   * @param stack a stack
   * @return its dependency graph
   */
  public static DependencyGraph of(Stack stack) {
    return of(stack.services());
  }

  static DependencyGraph of(List<Service> services) {
    Set<String> names = new LinkedHashSet<>();
    services.forEach(s -> names.add(s.name()));
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (Service s : services) {
      deps.putIfAbsent(s.name(), s.dependencyNames().stream().filter(names::contains).distinct().toList());
    }
    return new DependencyGraph(Collections.unmodifiableMap(deps));
  }

  /** @return every service name, in declaration order */
  public Set<String> services() {
    return dependencies.keySet();
  }

  /**
   * @param service a service
   * @return the services it directly depends on
   */
  public List<String> dependenciesOf(String service) {
    return dependencies.getOrDefault(service, List.of());
  }

  /**
   * @param service a service
   * @return the services that directly depend on it
   */
  public List<String> dependantsOf(String service) {
    return dependants.getOrDefault(service, List.of());
  }

  /**
   * @param service a service
   * @return every service it needs, directly or not, in an order where each comes after what it
   *     needs (the service itself is not included)
   */
  public List<String> transitiveDependenciesOf(String service) {
    Set<String> seen = new LinkedHashSet<>();
    visit(service, seen, new LinkedHashSet<>());
    seen.remove(service);
    return List.copyOf(seen);
  }

  private void visit(String s, Set<String> done, Set<String> path) {
    if (done.contains(s) || !path.add(s)) {
      return;
    }
    for (String d : dependenciesOf(s)) {
      visit(d, done, path);
    }
    path.remove(s);
    done.add(s);
  }

  /**
   * @return the first dependency cycle found, as the list of services along it with the first
   *     repeated at the end ({@code [a, b, c, a]}); empty when there is none
   */
  public Optional<List<String>> findCycle() {
    Map<String, Integer> state = new LinkedHashMap<>();
    for (String s : dependencies.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> c = cycleFrom(s, state, path);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  private Optional<List<String>> cycleFrom(String s, Map<String, Integer> state, List<String> path) {
    Integer st = state.get(s);
    if (st != null && st == 2) {
      return Optional.empty();
    }
    if (st != null && st == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(s), path.size()));
      cycle.add(s);
      return Optional.of(List.copyOf(cycle));
    }
    state.put(s, 1);
    path.add(s);
    for (String d : dependenciesOf(s)) {
      Optional<List<String>> c = cycleFrom(d, state, path);
      if (c.isPresent()) {
        return c;
      }
    }
    path.remove(path.size() - 1);
    state.put(s, 2);
    return Optional.empty();
  }

  /**
   * Every independent cycle, for validation to report them all at once: one cycle (longer than a
   * self-dependency) per group of services that need each other, starting at the group's first
   * declared service, in declaration order. Self-dependencies are not included.
   */
  List<List<String>> cyclesIgnoringSelfDependencies() {
    Map<String, Integer> index = new LinkedHashMap<>();
    dependencies.keySet().forEach(s -> index.put(s, index.size()));
    Map<String, Integer> component = new LinkedHashMap<>();
    new Object() {
      // Tarjan's strongly connected components, self edges ignored.
      private final Map<String, Integer> order = new LinkedHashMap<>();
      private final Map<String, Integer> low = new LinkedHashMap<>();
      private final java.util.Deque<String> stack = new java.util.ArrayDeque<>();
      private final Set<String> onStack = new java.util.HashSet<>();
      private int components;

      void run() {
        dependencies.keySet().forEach(s -> {
          if (!order.containsKey(s)) {
            visit(s);
          }
        });
      }

      void visit(String s) {
        order.put(s, order.size());
        low.put(s, order.get(s));
        stack.push(s);
        onStack.add(s);
        for (String d : dependenciesOf(s)) {
          if (d.equals(s)) {
            continue;
          }
          if (!order.containsKey(d)) {
            visit(d);
            low.put(s, Math.min(low.get(s), low.get(d)));
          } else if (onStack.contains(d)) {
            low.put(s, Math.min(low.get(s), order.get(d)));
          }
        }
        if (low.get(s).equals(order.get(s))) {
          String m;
          do {
            m = stack.pop();
            onStack.remove(m);
            component.put(m, components);
          } while (!m.equals(s));
          components++;
        }
      }
    }.run();
    Map<Integer, List<String>> members = new java.util.TreeMap<>();
    dependencies.keySet().forEach(s -> members.computeIfAbsent(component.get(s), k -> new ArrayList<>()).add(s));
    List<List<String>> cycles = new ArrayList<>();
    for (List<String> group : members.values()) {
      if (group.size() > 1) {
        cycles.add(cycleWithin(group));
      }
    }
    cycles.sort(java.util.Comparator.comparing(c -> index.get(c.get(0))));
    return List.copyOf(cycles);
  }

  /** A cycle through the first of a strongly connected group, following first edges in the group. */
  private List<String> cycleWithin(List<String> group) {
    Set<String> in = new LinkedHashSet<>(group);
    String start = group.get(0);
    List<String> path = new ArrayList<>();
    Set<String> done = new java.util.HashSet<>();
    if (!walk(start, start, in, path, done)) {
      throw new IllegalStateException("no cycle in " + group); // cannot happen for a component
    }
    path.add(start);
    return List.copyOf(path);
  }

  private boolean walk(String s, String start, Set<String> in, List<String> path, Set<String> done) {
    path.add(s);
    for (String d : dependenciesOf(s)) {
      if (d.equals(start) && !s.equals(start)) {
        return true;
      }
      if (in.contains(d) && !d.equals(s) && !path.contains(d) && done.add(d) && walk(d, start, in, path, done)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    return false;
  }

  /**
   * @return the services in levels: level 0 needs nothing, level n needs only services of lower
   *     levels; services of one level can start in parallel. Declaration order within a level.
   * @throws IllegalStateException if the graph has a cycle (a validated stack has none)
   */
  public List<List<String>> levels() {
    Map<String, Integer> level = new LinkedHashMap<>();
    List<List<String>> levels = new ArrayList<>();
    Set<String> remaining = new LinkedHashSet<>(dependencies.keySet());
    while (!remaining.isEmpty()) {
      List<String> current = new ArrayList<>();
      for (String s : remaining) {
        if (level.keySet().containsAll(dependenciesOf(s))) {
          current.add(s);
        }
      }
      if (current.isEmpty()) {
        throw new IllegalStateException("dependency cycle: "
            + String.join(" -> ", findCycle().orElse(List.copyOf(remaining))));
      }
      current.forEach(s -> level.put(s, levels.size()));
      remaining.removeAll(current);
      levels.add(List.copyOf(current));
    }
    return List.copyOf(levels);
  }

  /** @return every service, each after all it depends on */
  public List<String> topologicalOrder() {
    return levels().stream().flatMap(List::stream).toList();
  }
}
