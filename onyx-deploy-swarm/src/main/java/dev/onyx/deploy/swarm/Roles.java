package dev.onyx.deploy.swarm;

import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.TaskRestartPolicy;
import java.util.Optional;

/**
 * What part a service plays on a Swarm: long-running, or a one-shot (a job, or a service that
 * must not restart, such as a migration others wait for), and its task restart policy.
 */
final class Roles {
  private Roles() {
  }

  /** @return whether some service waits for this one to complete successfully */
  static boolean awaitedToComplete(Stack stack, String service) {
    for (Service s : stack.services()) {
      for (DependsOn d : s.dependsOn()) {
        if (d.service().equals(service) && d.condition() == DependsOn.Condition.COMPLETED_SUCCESSFULLY) {
          return true;
        }
      }
    }
    return false;
  }

  static Deploy.Mode mode(Service s) {
    return s.deploy().mode().orElse(Deploy.Mode.REPLICATED);
  }

  static boolean job(Service s) {
    Deploy.Mode m = mode(s);
    return m == Deploy.Mode.REPLICATED_JOB || m == Deploy.Mode.GLOBAL_JOB;
  }

  static boolean global(Service s) {
    Deploy.Mode m = mode(s);
    return m == Deploy.Mode.GLOBAL || m == Deploy.Mode.GLOBAL_JOB;
  }

  /**
   * The task restart policy: {@code deploy.restart_policy} when set; else the compose
   * {@code restart} (no: none, on-failure[:N]: on-failure with N attempts, always and
   * unless-stopped: any); else none for a service others wait to complete (a one-shot: Swarm's
   * default, any, would run a migration again and again); else Swarm's default.
   *
   * @return the policy, or empty for Swarm's default (restart on any exit)
   */
  static Optional<TaskRestartPolicy> restartPolicy(Stack stack, Service s) {
    if (s.deploy().restartPolicy().isPresent()) {
      return s.deploy().restartPolicy();
    }
    if (s.restart().isPresent()) {
      RestartPolicy r = s.restart().get();
      return Optional.of(switch (r.mode()) {
        case NO -> TaskRestartPolicy.NONE;
        case ON_FAILURE -> {
          TaskRestartPolicy p = TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE);
          yield r.maxRetries().map(p::withMaxAttempts).orElse(p);
        }
        case ALWAYS, UNLESS_STOPPED -> TaskRestartPolicy.of(TaskRestartPolicy.Condition.ANY);
      });
    }
    if (awaitedToComplete(stack, s.name())) {
      return Optional.of(TaskRestartPolicy.NONE);
    }
    return Optional.empty();
  }

  /**
   * @return whether the service's goal is to complete (exit 0) rather than to run: a job, or a
   *     service that does not restart and that others wait to complete
   */
  static boolean oneShot(Stack stack, Service s) {
    if (job(s)) {
      return true;
    }
    boolean noRestart = restartPolicy(stack, s).flatMap(TaskRestartPolicy::condition)
        .filter(c -> c == TaskRestartPolicy.Condition.NONE).isPresent();
    return noRestart && awaitedToComplete(stack, s.name());
  }

  /** @return whether a completed task (exit 0) also counts as the service being up */
  static boolean mayComplete(Stack stack, Service s) {
    return oneShot(stack, s) || restartPolicy(stack, s).flatMap(TaskRestartPolicy::condition)
        .filter(c -> c != TaskRestartPolicy.Condition.ANY).isPresent();
  }
}
