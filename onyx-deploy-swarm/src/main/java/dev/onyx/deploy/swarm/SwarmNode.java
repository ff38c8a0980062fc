package dev.onyx.deploy.swarm;

import java.util.Map;
import java.util.Objects;

/**
 * One node of the swarm, as the manager lists it.
 *
 * @param id the node id
 * @param hostname its host name (several nodes may share one: tell them apart by id)
 * @param role {@code manager} or {@code worker}
 * @param availability {@code active}, {@code pause} or {@code drain}
 * @param state {@code ready}, {@code down}, {@code unknown}, ...
 * @param address the address the node is reached at
 * @param leader whether it is the managers' leader
 * @param labels the node's labels (the ones placement constraints read as {@code node.labels.X})
 */
public record SwarmNode(String id, String hostname, String role, String availability, String state,
    String address, boolean leader, Map<String, String> labels) {
  /**
   * Checks for nulls and copies the labels.
   *
   * @param id the node id
   * @param hostname its host name
   * @param role {@code manager} or {@code worker}
   * @param availability {@code active}, {@code pause} or {@code drain}
   * @param state {@code ready}, {@code down}, ...
   * @param address the address it is reached at
   * @param leader whether it leads the managers
   * @param labels its labels
   */
  public SwarmNode {
    Objects.requireNonNull(id, "id == null");
    labels = Map.copyOf(labels);
  }

  /** @return whether the node takes tasks: ready and active */
  public boolean takesTasks() {
    return "ready".equals(state) && "active".equals(availability);
  }
}
