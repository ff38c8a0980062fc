package dev.onyx.deploy.swarm;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SwarmEngine#apply} would do to bring a swarm to a stack, in the order the steps can
 * begin (services are created in dependency order, independent ones in parallel). Print it with
 * {@link #toString()}.
 *
 * @param stack the stack's name
 * @param actions the steps, one {@link SwarmAction.Kind#NOTHING} per unchanged service
 * @param warnings what the user should know (local volumes on several nodes, a host address Swarm
 *     cannot bind, ...)
 */
public record SwarmPlan(String stack, List<SwarmAction> actions, List<String> warnings) {
  /**
   * Copies the lists.
   *
   * @param stack the stack's name
   * @param actions the steps
   * @param warnings what the user should know
   */
  public SwarmPlan {
    Objects.requireNonNull(stack, "stack == null");
    actions = List.copyOf(actions);
    warnings = List.copyOf(warnings);
  }

  /** @return whether applying changes nothing */
  public boolean isNoOp() {
    return actions.stream().noneMatch(SwarmAction::isChange);
  }

  /** @return the steps that change something */
  public List<SwarmAction> changes() {
    return actions.stream().filter(SwarmAction::isChange).toList();
  }

  /**
   * @param service a service of the stack
   * @return the step for it ({@code NOTHING} when none is planned)
   */
  public SwarmAction actionFor(String service) {
    return actions.stream()
        .filter(a -> a.target().equals(service) && (a.kind() == SwarmAction.Kind.CREATE_SERVICE
            || a.kind() == SwarmAction.Kind.UPDATE_SERVICE || a.kind() == SwarmAction.Kind.NOTHING))
        .findFirst().orElse(new SwarmAction(SwarmAction.Kind.NOTHING, service, ""));
  }

  /** @return one line per step, headed by the stack, then the warnings */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("plan for stack ").append(stack).append(" on the swarm")
        .append(isNoOp() ? ": nothing to do" : ":");
    for (SwarmAction a : actions) {
      sb.append("\n  ").append(a);
    }
    for (String w : warnings) {
      sb.append("\nwarning: ").append(w);
    }
    return sb.toString();
  }
}
