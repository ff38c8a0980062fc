package dev.onyx.deploy.swarm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service of a deployed stack: how many tasks it should have and how many are up, its rolling
 * update, and its tasks.
 *
 * @param service the service's name in the stack
 * @param swarmName the Swarm service's name ({@code STACK_SERVICE})
 * @param mode {@code replicated}, {@code global}, {@code replicated-job} or {@code global-job}
 * @param desired how many tasks should run (for a job: complete); -1 for a global service, whose
 *     count follows the nodes
 * @param running how many tasks of the current spec run (healthy, with a healthcheck)
 * @param completed how many tasks of the current spec completed with exit code 0
 * @param updateState the state of the last rolling update ({@code updating}, {@code completed},
 *     {@code paused}, {@code rollback_completed}, ...), when there was one
 * @param ready whether the service is as wanted: every task running, or a one-shot completed
 * @param tasks the tasks that Swarm still wants (desired running or complete), newest first per slot
 */
public record SwarmServiceStatus(String service, String swarmName, String mode, int desired, int running,
    int completed, Optional<String> updateState, boolean ready, List<SwarmTask> tasks) {
  /**
   * Copies the tasks.
   *
   * @param service the service's name in the stack
   * @param swarmName the Swarm service's name
   * @param mode the service mode
   * @param desired how many tasks should run; -1 for a global service
   * @param running how many tasks of the current spec run
   * @param completed how many tasks of the current spec completed
   * @param updateState the state of the last rolling update
   * @param ready whether the service is as wanted
   * @param tasks the tasks Swarm still wants
   */
  public SwarmServiceStatus {
    Objects.requireNonNull(service, "service == null");
    tasks = List.copyOf(tasks);
  }
}
