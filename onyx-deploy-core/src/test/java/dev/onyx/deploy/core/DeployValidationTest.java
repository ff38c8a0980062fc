package dev.onyx.deploy.core;

import static dev.onyx.deploy.core.Problems.assertOnly;
import static dev.onyx.deploy.core.Problems.service;
import static dev.onyx.deploy.core.Problems.valid;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tests for the ranges of the deploy section, the container's own limits and the newer service
 * attributes in {@link Validator}.
 */
class DeployValidationTest {

  private static Service with(Deploy d) {
    return service("a").deploy(d).build();
  }

  @Test
  void acceptsAFullDeploySection() {
    valid(with(Deploy.builder().mode(Deploy.Mode.REPLICATED).replicas(3)
        .updateConfig(UpdateConfig.builder().parallelism(0).maxFailureRatio(1).build())
        .rollbackConfig(UpdateConfig.builder().failureAction(UpdateConfig.FailureAction.PAUSE).build())
        .restartPolicy(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ANY).withMaxAttempts(0))
        .placement(new Placement(List.of("node.role == worker"), List.of("node.labels.zone"), Optional.of(2)))
        .resources(Resources.NONE.withGenericResources(List.of(GenericResource.discrete("gpu", 2))))
        .build()));
  }

  @Test
  void rejectsNegativeReplicas() {
    assertOnly("services.a.deploy.replicas", "must be >= 0 (was -1)", with(Deploy.builder().replicas(-1).build()));
  }

  @Test
  void rejectsReplicasInGlobalMode() {
    assertOnly("services.a.deploy.replicas", "cannot be set in global mode (one task per node)",
        with(Deploy.builder().mode(Deploy.Mode.GLOBAL).replicas(2).build()));
  }

  @Test
  void rejectsAFailureRatioOutsideZeroToOneAndARollbackThatRollsBack() {
    assertOnly("services.a.deploy.update_config.max_failure_ratio", "must be between 0 and 1 (was 1.5)",
        with(Deploy.builder().updateConfig(UpdateConfig.builder().maxFailureRatio(1.5).build()).build()));
    assertOnly("services.a.deploy.rollback_config.failure_action", "a rollback cannot roll back (use pause or continue)",
        with(Deploy.builder().rollbackConfig(UpdateConfig.builder()
            .failureAction(UpdateConfig.FailureAction.ROLLBACK).build()).build()));
  }

  @Test
  void rejectsNegativeAttemptsAndDelays() {
    assertOnly("services.a.deploy.restart_policy.max_attempts", "must be >= 0 (was -2)",
        with(Deploy.builder().restartPolicy(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE)
            .withMaxAttempts(-2)).build()));
    assertOnly("services.a.deploy.update_config.delay", "must be >= 0 (was -5s)",
        with(Deploy.builder().updateConfig(UpdateConfig.builder().delay(Duration.ofSeconds(-5)).build()).build()));
  }

  @Test
  void rejectsAGenericResourceThatIsBothOrNeither() {
    assertOnly("services.a.deploy.resources.reservations.generic_resources[0]",
        "needs exactly one of discrete_resource_spec or named_resource_spec",
        with(Deploy.builder().resources(Resources.NONE.withGenericResources(List.of(
            new GenericResource("gpu", Optional.of(1L), Optional.of("x"))))).build()));
  }

  @Test
  void rejectsScaleThatDisagreesWithReplicas() {
    assertOnly("services.a.scale", "is 2 but deploy.replicas is 3 (they are one setting: give one of them)",
        service("a").scale(2).deploy(Deploy.builder().replicas(3).build()).build());
    valid(service("a").scale(3).deploy(Deploy.builder().replicas(3).build()).build());
  }

  @Test
  void rejectsContainerLimitsOutOfRange() {
    assertOnly("services.a.cpu_percent", "must be between 0 and 100 (was 120)",
        service("a").containerLimits(ContainerLimits.builder().cpuPercent(120).build()).build());
    assertOnly("services.a.oom_score_adj", "must be between -1000 and 1000 (was 2000)",
        service("a").containerLimits(ContainerLimits.builder().oomScoreAdj(2000).build()).build());
    assertOnly("services.a.blkio_config.weight", "must be between 10 and 1000 (was 5)",
        service("a").containerLimits(ContainerLimits.builder().blkio(BlkioConfig.builder().weight(5).build())
            .build()).build());
    valid(service("a").containerLimits(ContainerLimits.builder().memswapLimit(-1).pidsLimit(-1).build()).build());
  }

  @Test
  void rejectsAContainerNameForSeveralReplicas() {
    assertOnly("services.a.container_name", "'one' cannot name 2 replicas (scale): each container needs its own "
        + "name; remove container_name", service("a").containerName("one").scale(2).build());
    valid(service("a").containerName("one").scale(1).build());
  }

  @Test
  void rejectsAnEmptyCommandThatIsAlsoSet() {
    assertOnly("services.a.command", "is both empty (clearing the image's) and set",
        service("a").command("run").emptyCommand(true).build());
  }

  @Test
  void rejectsMountOptionsOfAnotherType() {
    assertOnly("services.a.volumes[0].volume", "only a volume mount has volume options",
        service("a").addMounts(Mount.builder(Mount.Type.BIND, "/x").source("/srv").volume(Mount.VolumeOptions.NONE)
            .build()).build());
    assertOnly("services.a.volumes[0].bind", "only a bind mount has bind options",
        service("a").addMounts(Mount.builder(Mount.Type.TMPFS, "/x").bind(Mount.BindOptions.CREATE_HOST_PATH).build())
            .build());
    assertOnly("services.a.volumes[0].bind.propagation",
        "invalid propagation 'sideways' (expected private, rprivate, shared, rshared, slave or rslave)",
        service("a").addMounts(Mount.builder(Mount.Type.BIND, "/x").source("/srv").bind(new Mount.BindOptions(
            Optional.of("sideways"), false, Optional.empty(), Optional.empty())).build()).build());
  }

  @Test
  void rejectsAReferenceToAServiceThatIsNotThere() {
    assertOnly("services.a.pid", "no such service 'db'", service("a").pid("service:db").build());
    assertOnly("services.a.links[0]", "no such service 'db'", service("a").addLinks("db:database").build());
    assertOnly("services.a.volumes_from[0]", "no such service 'db'", service("a").addVolumesFrom("db:ro").build());
    valid(service("a").addVolumesFrom("container:other").build());
  }
}
