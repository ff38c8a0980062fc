package dev.onyx.deploy.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an {@link DockerEngine#apply} did.
 *
 * @param plan the plan that was applied
 * @param took how long the apply took
 * @param containerIds each service's container id after the apply (its first container's, for a
 *     service with several replicas)
 * @param warnings warnings given (e.g. a {@code required: false} dependency that failed)
 */
public record DeployResult(Plan plan, Duration took, Map<String, String> containerIds, List<String> warnings) {
  /**
   * Copies the collections.
   *
   * @param plan the plan that was applied
   * @param took how long the apply took
   * @param containerIds each service's container id after the apply (its first container's, for a
 *     service with several replicas)
   * @param warnings warnings given (e.g. a {@code required: false} dependency that failed)
   */
  public DeployResult {
    containerIds = Map.copyOf(containerIds);
    warnings = List.copyOf(warnings);
  }

  /** @return whether nothing was changed */
  public boolean wasNoOp() {
    return plan.isNoOp();
  }
}
