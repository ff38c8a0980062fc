package dev.onyx.deploy.docker;

import java.util.List;
import java.util.Objects;

/**
 * What {@link DockerEngine#apply} would do to bring a project to its stack: a list of steps, in
 * the order they can begin (the apply runs independent steps in parallel). Print it with
 * {@link #toString()}.
 *
 * @param project the project (stack) name
 * @param actions the steps, one {@link PlannedAction.Kind#NOTHING} per unchanged service
 */
public record Plan(String project, List<PlannedAction> actions) {
  /**
   * Copies the list.
   *
   * @param project the project (stack) name
   * @param actions the steps, one {@link PlannedAction.Kind#NOTHING} per unchanged service
   */
  public Plan {
    Objects.requireNonNull(project, "project == null");
    actions = List.copyOf(actions);
  }

  /** @return whether applying changes nothing */
  public boolean isNoOp() {
    return actions.stream().noneMatch(PlannedAction::isChange);
  }

  /** @return the steps that change something */
  public List<PlannedAction> changes() {
    return actions.stream().filter(PlannedAction::isChange).toList();
  }

  /**
   * @param service a service
   * @return the step for that service's container ({@code NOTHING} when none is planned)
   */
  public PlannedAction actionFor(String service) {
    return actions.stream()
        .filter(a -> a.target().equals(service) && a.kind() != PlannedAction.Kind.CREATE_NETWORK
            && a.kind() != PlannedAction.Kind.CREATE_VOLUME && a.kind() != PlannedAction.Kind.BUILD_IMAGE
            && a.kind() != PlannedAction.Kind.REMOVE_CONTAINER)
        .findFirst().orElse(new PlannedAction(PlannedAction.Kind.NOTHING, service, ""));
  }

  /** @return one line per step, headed by the project */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("plan for project ").append(project).append(isNoOp() ? ": nothing to do" : ":");
    for (PlannedAction a : actions) {
      sb.append("\n  ").append(a);
    }
    return sb.toString();
  }
}
