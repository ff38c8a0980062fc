package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.TaskRestartPolicy;
import dev.onyx.deploy.core.UpdateConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for how the engine reads the {@code deploy} section, as docker compose does. */
class DeploySettingsTest {
  static Service.Builder svc() {
    return Service.builder("web").image("app:1");
  }

  static Service task(TaskRestartPolicy p) {
    return svc().deploy(Deploy.builder().restartPolicy(p).build()).build();
  }

  @Test
  void theTaskRestartPolicyMapsToTheEnginesAsComposeMapsIt() {
    assertThat(DeploySettings.restartPolicy(task(TaskRestartPolicy.of(TaskRestartPolicy.Condition.NONE))))
        .isEqualTo(RestartPolicy.NO);
    assertThat(DeploySettings.restartPolicy(task(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ANY))))
        .isEqualTo(RestartPolicy.ALWAYS);
    assertThat(DeploySettings.restartPolicy(task(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE))))
        .isEqualTo(RestartPolicy.ON_FAILURE);
    assertThat(DeploySettings.restartPolicy(task(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE)
        .withMaxAttempts(3)))).isEqualTo(RestartPolicy.onFailure(3));
  }

  @Test
  void theTaskRestartPolicyWinsOverRestartEvenWithoutACondition() {
    // compose: deploy.restart_policy replaces restart; no condition is the engine's "no"
    Service both = svc().restart(RestartPolicy.ALWAYS).deploy(Deploy.builder()
        .restartPolicy(new TaskRestartPolicy(java.util.Optional.empty(), java.util.Optional.empty(),
            java.util.Optional.of(3), java.util.Optional.empty())).build()).build();
    assertThat(DeploySettings.restartPolicy(both)).isEqualTo(RestartPolicy.NO);
    assertThat(DeploySettings.restartPolicy(svc().restart(RestartPolicy.UNLESS_STOPPED).build()))
        .isEqualTo(RestartPolicy.UNLESS_STOPPED);
    assertThat(DeploySettings.restartPolicy(svc().build())).isEqualTo(RestartPolicy.NO);
  }

  @Test
  void aTaskRestartPolicyChangesTheHashOnlyWhenSet() {
    Stack plain = Stack.builder("shop").addService(svc().build()).build();
    Stack withPolicy = Stack.builder("shop").addService(task(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ANY))).build();
    ServiceSpec a = new ServiceSpec(plain, plain.services().get(0), "app:1", "sha256:a", List.of(), List.of());
    ServiceSpec b = new ServiceSpec(withPolicy, withPolicy.services().get(0), "app:1", "sha256:a", List.of(), List.of());
    assertThat(b.changedParts(a.partsLabel())).containsExactly("runtime");
    assertThat(DeploySettings.taskRestartForHash(plain.services().get(0))).isEmpty();
  }

  @Test
  void theSwarmOnlySettingsAreNamedInOneWarning() {
    Stack s = Stack.builder("shop")
        .addService(svc().deploy(Deploy.builder().replicas(2).placement(Placement.constraints("node.role == manager"))
            .updateConfig(UpdateConfig.builder().parallelism(1).build()).endpointMode(Deploy.EndpointMode.DNSRR)
            .build()).build())
        .addService(Service.builder("agent").image("app:1").deploy(Deploy.builder().mode(Deploy.Mode.GLOBAL)
            .restartPolicy(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ANY).withDelay(Duration.ofSeconds(5)))
            .build()).build())
        .addService(Service.builder("plain").image("app:1").deploy(Deploy.builder().replicas(3)
            .mode(Deploy.Mode.REPLICATED).build()).build())
        .build();
    assertThat(DeploySettings.swarmOnlyWarning(s)).contains("the deploy settings of service 'web' (deploy.placement, "
        + "deploy.update_config, deploy.endpoint_mode), service 'agent' (deploy.mode global, "
        + "deploy.restart_policy.delay) are Swarm settings; a single engine ignores them, as docker compose does");
    assertThat(DeploySettings.swarmOnlyWarning(Stack.builder("shop").addService(svc().build()).build())).isEmpty();
  }
}
