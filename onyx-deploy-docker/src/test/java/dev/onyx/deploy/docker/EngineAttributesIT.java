package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.onyx.deploy.core.Ipam;
import dev.onyx.deploy.core.IpamConfig;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.core.event.DeployEvent;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attributes a single engine deploys beyond the basics: shared PID and IPC namespaces, tmpfs
 * modes, a host-mode port, a network's IPAM and IPv6 setting, fixed addresses, volumes_from,
 * links, a MAC address, bind propagation; re-applying changes nothing; what the engine is too old
 * for is refused before anything is made.
 */
class EngineAttributesIT extends EngineITBase {
  @TempDir
  Path dir;

  DeployOptions options(List<DeployEvent> events) {
    return DeployOptions.defaults().withStateDir(dir.resolve("state")).withWorkingDir(dir)
        .withTimeout(Duration.ofMinutes(2)).withListener(events::add);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Service.Builder sleeper(String name) {
    return Service.builder(name).image(busybox).stopGracePeriod(Duration.ofSeconds(1))
        .command("sh", "-c", "exec sleep 3600");
  }

  @Test
  void namespacesMountsNetworksAndLinksAreDeployedAsComposeDoesAndReapplyChangesNothing() throws Exception {
    String project = projects.name("attrs");
    int port = freePort();
    String net = "10." + (200 + ThreadLocalRandom.current().nextInt(50)) + "." + ThreadLocalRandom.current().nextInt(256);
    Files.createDirectory(dir.resolve("host"));
    Stack stack = Stack.builder(project)
        .addNetwork(Network.builder("lan").enableIpv6(false).label("dev.onyx.test", "lan")
            .driverOption("com.docker.network.driver.mtu", "1400")
            .ipam(new Ipam(Optional.empty(), List.of(new IpamConfig(Optional.of(net + ".0/24"),
                Optional.of(net + ".0/25"), Optional.of(net + ".1"), Map.of("reserved", net + ".2"))), Map.of()))
            .build())
        .addService(sleeper("x").ipc("shareable").attach(false)
            .addNetworks(NetworkAttachment.builder("lan").ipv4Address(net + ".10").build())
            .addMounts(Mount.anonymousVolume("/shared"))
            .addPorts(PortMapping.publish(port, 80).withMode(PortMapping.Mode.HOST))
            .build())
        .addService(sleeper("api").pid("service:x").ipc("service:x").addLinks("x:alias-x").addVolumesFrom("x:ro")
            .macAddress("02:42:ac:1f:00:42").addNetworks(NetworkAttachment.to("lan"))
            // tmpfs here, not on x: the engine cannot give x's tmpfs mounts to a volumes_from (moby
            // looks them up as volumes: "no such volume")
            .addTmpfs(Tmpfs.at("/run/t", "mode=1750", "size=16m"))
            .addMounts(Mount.builder(Mount.Type.TMPFS, "/scratch")
                .tmpfs(new Mount.TmpfsOptions(Optional.empty(), Optional.of(0700))).build(),
                Mount.builder(Mount.Type.BIND, "/host").source("./host")
                .bind(new Mount.BindOptions(Optional.of("private"), false, Optional.empty(), Optional.empty())).build())
            .build())
        .build();
    List<DeployEvent> events = Collections.synchronizedList(new ArrayList<>());
    DeployResult first = engine.apply(stack, options(events));
    InspectContainerResponse x = client.inspectContainerCmd(project + "-x-1").exec();
    InspectContainerResponse api = client.inspectContainerCmd(project + "-api-1").exec();

    // pid and ipc: service:x is x's container, and the namespaces are the same ones
    assertThat(api.getHostConfig().getPidMode()).isEqualTo("container:" + x.getId());
    assertThat(api.getHostConfig().getIpcMode()).isEqualTo("container:" + x.getId());
    for (String ns : List.of("pid", "ipc")) {
      String inX = engine.exec(project, "x", List.of("readlink", "/proc/self/ns/" + ns)).stdout().trim();
      String inApi = engine.exec(project, "api", List.of("readlink", "/proc/self/ns/" + ns)).stdout().trim();
      assertThat(inApi).startsWith(ns + ":[").isEqualTo(inX);
    }
    // x's sleep is visible from api: one PID namespace
    assertThat(engine.exec(project, "api", List.of("ps", "-o", "args")).stdout()).contains("sleep 3600");

    // tmpfs modes, service-level and long syntax
    assertThat(engine.exec(project, "api", List.of("stat", "-c", "%a", "/run/t", "/scratch")).stdout().lines())
        .containsExactly("1750", "700");

    // port mode host: published on the host port, as compose
    Ports.Binding[] bound = x.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(80));
    assertThat(bound).extracting(Ports.Binding::getHostPortSpec).containsExactly(Integer.toString(port));

    // the network: IPAM subnet, range, gateway, IPv6 off, labels, driver options
    com.github.dockerjava.api.model.Network lan = client.inspectNetworkCmd().withNetworkId(project + "_lan").exec();
    assertThat(lan.getIpam().getConfig()).singleElement().satisfies(c -> {
      assertThat(c.getSubnet()).isEqualTo(net + ".0/24");
      assertThat(c.getIpRange()).isEqualTo(net + ".0/25");
      assertThat(c.getGateway()).isEqualTo(net + ".1");
    });
    assertThat(lan.getEnableIPv6()).isFalse();
    assertThat(lan.getLabels()).containsEntry("dev.onyx.test", "lan").containsEntry("com.docker.compose.network", "lan");
    assertThat(lan.getOptions()).containsEntry("com.docker.network.driver.mtu", "1400");
    ContainerNetwork xOnLan = x.getNetworkSettings().getNetworks().get(project + "_lan");
    assertThat(xOnLan.getIpAddress()).isEqualTo(net + ".10");

    // mac_address
    assertThat(api.getNetworkSettings().getNetworks().get(project + "_lan").getMacAddress())
        .isEqualTo("02:42:ac:1f:00:42");

    // volumes_from x:ro: x's anonymous volume, read-only
    String xVolume = x.getMounts().stream().filter(m -> m.getDestination().getPath().equals("/shared")).findFirst()
        .orElseThrow().getName();
    assertThat(api.getMounts()).anySatisfy(m -> {
      assertThat(m.getDestination().getPath()).isEqualTo("/shared");
      assertThat(m.getName()).isEqualTo(xVolume);
      assertThat(m.getRW()).isFalse();
    });

    // bind propagation (private: this machine's / is a private mount, so the engine refuses the
    // slave and shared kinds here; the engine's own default is rprivate)
    assertThat(api.getHostConfig().getMounts()).anySatisfy(m -> {
      assertThat(m.getTarget()).isEqualTo("/host");
      assertThat(m.getBindOptions().getPropagation()).isEqualTo(BindPropagation.PRIVATE);
    });

    // links: the alias resolves to x from api
    // (on a user-defined network the engine keeps them on the endpoint, not in HostConfig.Links)
    assertThat(api.getNetworkSettings().getNetworks().get(project + "_lan").getLinks())
        .extracting(l -> l.getAlias()).contains("alias-x", "x-1", project + "-x-1");
    assertThat(engine.exec(project, "api", List.of("nslookup", "alias-x")).stdout()).contains(net + ".10");

    // converge: the same stack again recreates nothing
    DeployResult again = engine.apply(stack, options(events));
    assertThat(again.wasNoOp()).isTrue();
    assertThat(again.containerIds()).isEqualTo(first.containerIds());
    assertThat(client.inspectContainerCmd(project + "-api-1").exec().getId()).isEqualTo(api.getId());
  }

  @Test
  void whatTheEngineIsTooOldForAndAMissingHostPathAreRefusedBeforeAnythingIsMade() {
    String project = projects.name("attrs-refused");
    Stack subpath = Stack.builder(project).addVolume(Volume.named("data"))
        .addService(sleeper("api").addMounts(Mount.builder(Mount.Type.VOLUME, "/conf").source("data")
            .volume(new Mount.VolumeOptions(false, Optional.of("conf"))).build()).build())
        .build();
    if (DockerEngine.Versions.compare(engine.apiVersion(), "1.45") < 0) {
      assertThatThrownBy(() -> engine.plan(subpath, options(new ArrayList<>()))).isInstanceOf(DeployException.class)
          .hasMessageContaining("service 'api': volume.subpath of the volume mount at /conf needs Docker Engine 26.0")
          .hasMessageContaining("this engine is Docker " + engine.engineVersion() + " (API " + engine.apiVersion() + ")");
      assertThatThrownBy(() -> engine.apply(subpath, options(new ArrayList<>()))).isInstanceOf(DeployException.class)
          .hasMessageContaining("nothing was changed").hasMessageContaining("service 'api': volume.subpath");
      assertThat(engine.preflight(subpath).errors()).anySatisfy(e -> assertThat(e).contains("volume.subpath"));
    } else {
      engine.apply(subpath, options(new ArrayList<>()));
      assertThat(engine.exec(project, "api", List.of("ls", "/conf")).ok()).isTrue();
      return;
    }
    Stack missing = Stack.builder(project).addService(sleeper("api").addMounts(Mount.builder(Mount.Type.BIND, "/conf")
        .source("./not-there").bind(Mount.BindOptions.NONE).build()).build()).build();
    assertThatThrownBy(() -> engine.apply(missing, options(new ArrayList<>()))).isInstanceOf(DeployException.class)
        .hasMessageContaining("service 'api': the host path " + dir.resolve("not-there") + " of the bind mount at /conf "
            + "does not exist, and create_host_path is not set");
    // nothing of the project on the engine
    assertThat(client.listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of("com.docker.compose.project=" + project)).exec()).isEmpty();
    assertThat(client.listNetworksCmd().withFilter("label", List.of("com.docker.compose.project=" + project)).exec())
        .isEmpty();
    assertThat(client.listVolumesCmd().withFilter("label", List.of("com.docker.compose.project=" + project)).exec()
        .getVolumes()).isNullOrEmpty();
  }
}
