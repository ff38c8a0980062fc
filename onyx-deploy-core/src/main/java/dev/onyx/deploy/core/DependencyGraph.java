package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
 *
 * <p>Built and checked for every stack, so plain loops rather than lambdas and streams: each lambda
 * is a class to make on a cold start.
 */
public final class DependencyGraph {
  private final Map<String, List<String>> dependencies;
  private final Map<String, List<String>> dependants;

  private DependencyGraph(Map<String, List<String>> dependencies) {
    this.dependencies = dependencies;
    Map<String, List<String>> rev = new LinkedHashMap<>(capacity(dependencies.size()));
    for (String k : dependencies.keySet()) {
      rev.put(k, new ArrayList<>(2));
    }
    for (Map.Entry<String, List<String>> e : dependencies.entrySet()) {
      for (String d : e.getValue()) {
        rev.get(d).add(e.getKey());
      }
    }
    // The lists are private and never changed again: read-only views, not copies.
    for (Map.Entry<String, List<String>> e : rev.entrySet()) {
      e.setValue(e.getValue().isEmpty() ? List.of() : Collections.unmodifiableList(e.getValue()));
    }
    this.dependants = Collections.unmodifiableMap(rev);
  }

  /**
   * @param stack a stack
   * @return its dependency graph
   */
  public static DependencyGraph of(Stack stack) {
    return of(stack.services());
  }

  static DependencyGraph of(List<Service> services) {
    Set<String> names = new HashSet<>(capacity(services.size()));
    for (Service s : services) {
      names.add(s.name());
    }
    Map<String, List<String>> deps = new LinkedHashMap<>(capacity(services.size()));
    for (Service s : services) {
      if (!deps.containsKey(s.name())) {
        deps.put(s.name(), declaredDependencies(s, names));
      }
    }
    return new DependencyGraph(Collections.unmodifiableMap(deps));
  }

  /** The distinct services {@code s} depends on that are in the stack, in declaration order. */
  private static List<String> declaredDependencies(Service s, Set<String> names) {
    List<DependsOn> dependsOn = s.dependsOn();
    if (dependsOn.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(dependsOn.size());
    for (DependsOn d : dependsOn) {
      if (names.contains(d.service()) && !out.contains(d.service())) {
        out.add(d.service());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** A hash map's initial capacity for {@code n} entries without a resize. */
  private static int capacity(int n) {
    return n < 3 ? 4 : (int) (n / 0.75f) + 1;
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
    // The services as numbers 0..n-1 in declaration order, so that the search keeps its state in
    // int arrays rather than maps of boxed numbers (this runs for every stack built).
    List<String> names = new ArrayList<>(dependencies.keySet());
    Map<String, Integer> number = new HashMap<>(capacity(names.size()));
    for (int i = 0; i < names.size(); i++) {
      number.put(names.get(i), i);
    }
    int[][] edges = new int[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      List<String> deps = dependenciesOf(names.get(i));
      edges[i] = new int[deps.size()];
      for (int k = 0; k < deps.size(); k++) {
        edges[i][k] = number.get(deps.get(k));
      }
    }
    int[] component = new StronglyConnected(edges).components();
    int[] sizes = new int[names.size()];
    for (int c : component) {
      sizes[c]++;
    }
    // Members of each component in declaration order; walking the services in declaration order
    // meets the groups in the order of their first declared service, the order cycles are reported in.
    Map<Integer, List<String>> members = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (sizes[component[i]] < 2) {
        continue; // a service on its own: no cycle
      }
      List<String> group = members.get(component[i]);
      if (group == null) {
        group = new ArrayList<>();
        members.put(component[i], group);
      }
      group.add(names.get(i));
    }
    List<List<String>> cycles = new ArrayList<>();
    for (List<String> group : members.values()) {
      cycles.add(cycleWithin(group));
    }
    return List.copyOf(cycles);
  }

  /** Tarjan's strongly connected components of a graph of numbered nodes, self edges ignored. */
  private static final class StronglyConnected {
    private final int[][] edges;
    private final int[] order;
    private final int[] low;
    private final int[] component;
    private final int[] stack;
    private final boolean[] onStack;
    private int visited;
    private int top;
    private int components;

    StronglyConnected(int[][] edges) {
      this.edges = edges;
      int n = edges.length;
      order = new int[n];
      java.util.Arrays.fill(order, -1);
      low = new int[n];
      component = new int[n];
      stack = new int[n];
      onStack = new boolean[n];
    }

    /** @return each node's component, numbered from 0 */
    int[] components() {
      for (int s = 0; s < edges.length; s++) {
        if (order[s] < 0) {
          visit(s);
        }
      }
      return component;
    }

    private void visit(int s) {
      order[s] = visited++;
      low[s] = order[s];
      stack[top++] = s;
      onStack[s] = true;
      for (int d : edges[s]) {
        if (d == s) {
          continue;
        }
        if (order[d] < 0) {
          visit(d);
          low[s] = Math.min(low[s], low[d]);
        } else if (onStack[d]) {
          low[s] = Math.min(low[s], order[d]);
        }
      }
      if (low[s] == order[s]) {
        int m;
        do {
          m = stack[--top];
          onStack[m] = false;
          component[m] = components;
        } while (m != s);
        components++;
      }
    }
  }

  /** A cycle through the first of a strongly connected group, following first edges in the group. */
  private List<String> cycleWithin(List<String> group) {
    Set<String> in = new LinkedHashSet<>(group);
    String start = group.get(0);
    List<String> path = new ArrayList<>();
    Set<String> done = new HashSet<>();
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
    Optional<List<String>> cycle = findCycle();
    if (cycle.isPresent()) {
      throw new IllegalStateException("dependency cycle: " + String.join(" -> ", cycle.get()));
    }
    // A service's level is one above its highest dependency's: one pass over the edges.
    Map<String, Integer> level = new HashMap<>(capacity(dependencies.size()));
    List<List<String>> levels = new ArrayList<>();
    for (String s : dependencies.keySet()) {
      int l = levelOf(s, level);
      while (levels.size() <= l) {
        levels.add(new ArrayList<>());
      }
      levels.get(l).add(s);
    }
    List<List<String>> frozen = new ArrayList<>(levels.size());
    for (List<String> l : levels) {
      frozen.add(List.copyOf(l));
    }
    return List.copyOf(frozen);
  }

  private int levelOf(String s, Map<String, Integer> level) {
    Integer known = level.get(s);
    if (known != null) {
      return known;
    }
    int l = 0;
    for (String d : dependenciesOf(s)) {
      l = Math.max(l, levelOf(d, level) + 1);
    }
    level.put(s, l);
    return l;
  }

  /** @return every service, each after all it depends on */
  public List<String> topologicalOrder() {
    List<String> order = new ArrayList<>(dependencies.size());
    for (List<String> level : levels()) {
      order.addAll(level);
    }
    return List.copyOf(order);
  }
}
