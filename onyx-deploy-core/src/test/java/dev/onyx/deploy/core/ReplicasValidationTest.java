package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Tests for the rules of {@link Validator} on {@code deploy.replicas} and the task restart policy. */
class ReplicasValidationTest {

  @Test
  void rejectsAContainerNameForSeveralReplicas() {
    assertOnly("services.web.container_name", "'shop-web' cannot name 3 replicas (deploy.replicas): each container "
        + "needs its own name; remove container_name",
        service("web").containerName("shop-web").deploy(Deploy.builder().replicas(3).build()).build());
  }

  @Test
  void acceptsAContainerNameForOneReplicaOrNone() {
    assertThatCode(() -> Problems.valid(
        service("a").containerName("x").deploy(Deploy.builder().replicas(1).build()).build(),
        service("b").containerName("y").deploy(Deploy.builder().replicas(0).build()).build(),
        service("c").deploy(Deploy.builder().replicas(5).build()).build())).doesNotThrowAnyException();
  }

  @Test
  void rejectsNegativeReplicas() {
    assertOnly("services.web.deploy.replicas", "must be >= 0 (was -1)",
        service("web").deploy(Deploy.builder().replicas(-1).build()).build());
  }

  @Test
  void rejectsNegativeRestartAttempts() {
    assertOnly("services.web.deploy.restart_policy.max_attempts", "must be >= 0 (was -2)",
        service("web").deploy(Deploy.builder()
            .restartPolicy(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE).withMaxAttempts(-2)).build())
            .build());
  }
}
