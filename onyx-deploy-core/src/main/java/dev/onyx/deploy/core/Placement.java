package dev.onyx.deploy.core;

import java.util.List;
import java.util.Optional;

/**
 * Where a service's tasks may run on a Swarm, like {@code deploy.placement}.
 *
 * @param constraints expressions every node that runs a task must meet, e.g.
 *     {@code node.role == manager} or {@code node.labels.disk == ssd}
 * @param preferences spread preferences, each the value of a {@code spread:} entry, e.g.
 *     {@code node.labels.zone}
 * @param maxReplicasPerNode the most tasks of the service on one node; empty for no limit
 */
public record Placement(List<String> constraints, List<String> preferences, Optional<Integer> maxReplicasPerNode) {
  /** No constraint, preference or limit. */
  public static final Placement NONE = new Placement(List.of(), List.of(), Optional.empty());

  /** Checks for nulls and copies the lists. */
  public Placement {
    constraints = Checks.list(constraints, "constraints");
    preferences = Checks.list(preferences, "preferences");
    Checks.notNull(maxReplicasPerNode, "maxReplicasPerNode");
  }

  /**
   * @param expressions the constraints
   * @return a placement with only those constraints
   */
  public static Placement constraints(String... expressions) {
    return new Placement(Checks.array("constraints", expressions), List.of(), Optional.empty());
  }

  /** @return whether nothing is set */
  public boolean isEmpty() {
    return constraints.isEmpty() && preferences.isEmpty() && maxReplicasPerNode.isEmpty();
  }
}
