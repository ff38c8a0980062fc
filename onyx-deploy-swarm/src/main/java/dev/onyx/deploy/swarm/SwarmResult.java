package dev.onyx.deploy.swarm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SwarmEngine#apply} did.
 *
 * @param plan the plan that was applied
 * @param took how long the apply took
 * @param warnings the warnings given (the plan's, and e.g. an optional dependency that failed)
 */
public record SwarmResult(SwarmPlan plan, Duration took, List<String> warnings) {
  /**
   * Copies the list.
   *
   * @param plan the plan that was applied
   * @param took how long the apply took
   * @param warnings the warnings given
   */
  public SwarmResult {
    Objects.requireNonNull(plan, "plan == null");
    warnings = List.copyOf(warnings);
  }

  /** @return whether nothing was changed */
  public boolean wasNoOp() {
    return plan.isNoOp();
  }
}
