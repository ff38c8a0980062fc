package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.TaskRestartPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a single engine reads a service's {@code deploy} section, as docker compose does: the number
 * of containers, the restart policy, and which settings only a Swarm honours.
 */
final class DeploySettings {
  private DeploySettings() {
  }

  /**
   * @return how many containers the service runs: {@code deploy.replicas}, else {@code scale}, else
   *     1 (compose reads the replicas whatever the mode: {@code global} on one engine is still that
   *     many containers)
   */
  static int replicas(Service s) {
    return s.replicaCount();
  }

  /**
   * The engine's restart policy, as compose maps it: {@code deploy.restart_policy} wins over
   * {@code restart} when both are set; its condition {@code none} (or none given) is {@code no},
   * {@code on-failure} is {@code on-failure[:max_attempts]}, {@code any} is {@code always}.
   */
  static RestartPolicy restartPolicy(Service s) {
    Optional<TaskRestartPolicy> task = s.deploy().restartPolicy();
    if (task.isEmpty()) {
      return s.restart().orElse(RestartPolicy.NO);
    }
    TaskRestartPolicy t = task.get();
    return switch (t.condition().orElse(TaskRestartPolicy.Condition.NONE)) {
      case NONE -> RestartPolicy.NO;
      case ANY -> RestartPolicy.ALWAYS;
      case ON_FAILURE -> t.maxAttempts().map(RestartPolicy::onFailure).orElse(RestartPolicy.ON_FAILURE);
    };
  }

  /**
   * For the configuration hash: the restart policy {@code deploy.restart_policy} gives, or "" when it
   * is unset (so the hash of a service without one stays as it was).
   */
  static String taskRestartForHash(Service s) {
    if (s.deploy().restartPolicy().isEmpty()) {
      return "";
    }
    RestartPolicy p = restartPolicy(s);
    return "deploy:" + p.mode().composeName() + p.maxRetries().map(n -> ":" + n).orElse("");
  }

  /**
   * @return the one warning naming every deploy setting of the stack that only a Swarm honours, or
   *     empty when there is none
   */
  static Optional<String> swarmOnlyWarning(Stack stack) {
    List<String> uses = new ArrayList<>();
    for (Service s : stack.services()) {
      List<String> keys = swarmOnlyKeys(s);
      if (!keys.isEmpty()) {
        uses.add("service '" + s.name() + "' (" + String.join(", ", keys) + ")");
      }
    }
    if (uses.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("the deploy settings of " + String.join(", ", uses) + " are Swarm settings; a single "
        + "engine ignores them, as docker compose does");
  }

  /** The keys of a service's {@code deploy} section that a single engine does not honour. */
  static List<String> swarmOnlyKeys(Service s) {
    Deploy d = s.deploy();
    List<String> keys = new ArrayList<>();
    d.mode().filter(m -> m != Deploy.Mode.REPLICATED).ifPresent(m -> keys.add("deploy.mode " + m.composeName()));
    if (!d.placement().isEmpty()) {
      keys.add("deploy.placement");
    }
    d.updateConfig().ifPresent(u -> keys.add("deploy.update_config"));
    d.rollbackConfig().ifPresent(u -> keys.add("deploy.rollback_config"));
    d.endpointMode().ifPresent(m -> keys.add("deploy.endpoint_mode"));
    if (!d.labels().isEmpty()) {
      keys.add("deploy.labels");
    }
    d.restartPolicy().ifPresent(t -> {
      t.delay().ifPresent(x -> keys.add("deploy.restart_policy.delay"));
      t.window().ifPresent(x -> keys.add("deploy.restart_policy.window"));
      if (t.maxAttempts().isPresent() && t.condition().orElse(null) != TaskRestartPolicy.Condition.ON_FAILURE) {
        keys.add("deploy.restart_policy.max_attempts without condition on-failure");
      }
    });
    return keys;
  }
}
