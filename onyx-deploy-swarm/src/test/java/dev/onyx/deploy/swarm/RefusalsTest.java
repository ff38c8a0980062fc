package dev.onyx.deploy.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ContainerLimits;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.ValidationProblem;
import dev.onyx.deploy.core.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tests for {@link Refusals}: what Swarm cannot do is refused, every problem at once, with its path. */
class RefusalsTest {

  @Test
  void refusesWhatSwarmCannotDoEveryProblemAtOnce() {
    Stack s = Stack.builder("shop")
        .addNetwork(Network.external("shared"))
        .addService(Service.builder("vpn").image("x").privileged(true).addDevices("/dev/net/tun").build())
        .addService(Service.builder("side").image("x").networkMode("service:vpn").build())
        .addService(Service.builder("fixed").image("x")
            .addNetworks(NetworkAttachment.builder("shared").ipv4Address("10.0.0.5").build()).build())
        .build();

    Refusals r = new Refusals(s, 2, false).check(name -> Optional.empty());

    assertThat(r.problems).extracting(ValidationProblem::toString).containsExactly(
        "services.vpn.privileged: Swarm services cannot run privileged containers",
        "services.vpn.devices: Swarm services cannot use host devices (/dev/net/tun)",
        "services.side.network_mode: Swarm services cannot use network_mode 'service:vpn'; only host or none, "
            + "else they join the stack's overlay networks",
        "services.fixed.networks.shared.ipv4_address: Swarm assigns task addresses itself; a fixed address cannot "
            + "be given",
        "networks.shared: external network 'shared' does not exist on the swarm: create it with "
            + "'docker network create --driver overlay --attachable shared'");
  }

  @Test
  void anExternalNetworkMustBeSwarmScoped() {
    Stack s = Stack.builder("shop").addNetwork(Network.external("lan"))
        .addService(Service.builder("a").image("x").addNetworks(NetworkAttachment.to("lan")).build()).build();

    Refusals r = new Refusals(s, 1, false).check(name -> Optional.of(Map.of("Name", name, "Scope", "local")));

    assertThat(r.problems).extracting(ValidationProblem::toString).containsExactly(
        "networks.lan: external network 'lan' is a local network: Swarm services join swarm-scoped (overlay) "
            + "networks only");
  }

  @Test
  void warnsOfLocalVolumesOnSeveralNodesAndHostAddressesSwarmCannotBind() {
    Stack s = Stack.builder("shop").addVolume(Volume.named("data"))
        .addService(Service.builder("db").image("x").addMounts(Mount.volume("data", "/d")).build())
        .addService(Service.builder("web").image("x").addPorts(PortMapping.publish(8080, 80).onHostIp("127.0.0.1"))
            .build())
        .build();

    Refusals r = new Refusals(s, 2, false).check(name -> Optional.empty());

    assertThat(r.problems).isEmpty();
    assertThat(r.warnings).containsExactly(
        "service 'db': volume 'data' is a local volume on the node that runs each task, so its data stays on "
            + "whichever node the task ran on; pin the service to one node with a placement constraint "
            + "(e.g. node.hostname == NAME) or use a shared volume driver",
        "service 'web': Swarm cannot bind a published port to one address: port 8080 (127.0.0.1) is published "
            + "on every address of every node (routing mesh); keep it behind a firewall or drop it");
  }

  @Test
  void aPinnedSingleReplicaWithALocalVolumeIsFine() {
    Stack s = Stack.builder("shop").addVolume(Volume.named("data"))
        .addService(Service.builder("db").image("x").addMounts(Mount.volume("data", "/d"))
            .deploy(Deploy.builder().placement(dev.onyx.deploy.core.Placement.constraints("node.hostname == a"))
                .build()).build())
        .build();

    assertThat(new Refusals(s, 3, false).check(name -> Optional.empty()).warnings).isEmpty();
  }

  @Test
  void containerSettingsASwarmServiceHasNoPlaceForAreRefusedNotDropped() {
    Stack s = Stack.builder("shop")
        .addService(Service.builder("a").image("x").pid("host").addLinks("b")
            .containerLimits(ContainerLimits.builder().memLimit(ByteSize.ofMebibytes(64)).build()).build())
        .addService(Service.builder("b").image("x").build())
        .build();

    Refusals r = new Refusals(s, 2, false).check(name -> Optional.empty());

    assertThat(r.problems).extracting(ValidationProblem::toString).containsExactly(
        "services.a.pid: Swarm services have no pid setting; remove it for the Swarm deploy",
        "services.a.links: Swarm services have no links setting; remove it for the Swarm deploy",
        "services.a.mem_limit: Swarm takes a service's limits from deploy.resources (limits and reservations); "
            + "move mem_limit, cpus, pids_limit and the like there");
  }
}
