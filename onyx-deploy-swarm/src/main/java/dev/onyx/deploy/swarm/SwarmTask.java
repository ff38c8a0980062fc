package dev.onyx.deploy.swarm;

import java.time.Instant;
import java.util.Optional;

/**
 * One task of a Swarm service: a container that runs (or ran, or should run) on one node.
 *
 * @param id the task id
 * @param service the stack's service name (without the stack prefix)
 * @param slot the replica slot (1..N) of a replicated service; 0 for a global one
 * @param nodeId the node it was assigned to; empty while pending
 * @param state the task's state: {@code pending}, {@code preparing}, {@code starting} (a task with a
 *     healthcheck stays here until healthy), {@code running}, {@code complete}, {@code failed},
 *     {@code rejected}, {@code shutdown}, ...
 * @param desiredState what Swarm wants it to be: {@code running}, {@code shutdown}, {@code complete}
 * @param message Swarm's message for the state (e.g. {@code started})
 * @param error the error, when the task failed or was rejected
 * @param exitCode the container's exit code, once it exited
 * @param containerId the container, once made
 * @param createdAt when the task was made
 * @param stateSince when it reached its current state
 * @param current whether it runs the stack's current spec (not an older version being replaced)
 */
public record SwarmTask(String id, String service, int slot, Optional<String> nodeId, String state,
    String desiredState, String message, Optional<String> error, Optional<Integer> exitCode,
    Optional<String> containerId, Instant createdAt, Instant stateSince, boolean current) {

  /** @return whether the task's container runs (and, with a healthcheck, is healthy) */
  public boolean running() {
    return "running".equals(state);
  }

  /** @return whether the task ended with exit code 0 */
  public boolean completed() {
    return "complete".equals(state);
  }

  /** @return whether the task failed or was rejected by its node */
  public boolean failed() {
    return "failed".equals(state) || "rejected".equals(state);
  }
}
