package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.VolumesFrom;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.onyx.deploy.core.BlkioConfig;
import dev.onyx.deploy.core.ContainerLimits;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service's attributes in the engine's create command (container config and {@code HostConfig}),
 * as docker compose 2.26 sends them. The command is built, never sent: no engine is needed.
 */
class ContainerFactoryMappingTest {
  private static DockerClient client;
  private final List<String> warnings = new ArrayList<>();

  @BeforeAll
  static void client() {
    // never connected: building a command makes no call
    URI nowhere = URI.create("unix:///nonexistent/docker.sock");
    client = DockerClientImpl.getInstance(DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(nowhere.toString()).withApiVersion("1.41").build(),
        new ApacheDockerHttpClient.Builder().dockerHost(nowhere).build());
  }

  @AfterAll
  static void close() throws Exception {
    client.close();
  }

  /** The create command of replica {@code number} of {@code service}; peers: x has x-1 and x-2, db has db-1. */
  private CreateContainerCmd command(Stack stack, String service, int number) {
    ContainerFactory f = new ContainerFactory(client, stack, Path.of("/srv/shop"), List.of(), false, null,
        warnings::add, name -> switch (name) {
          case "x" -> List.of(new HostSettings.Peer("id-x1", "shop-x-1"), new HostSettings.Peer("id-x2", "shop-x-2"));
          case "db" -> List.of(new HostSettings.Peer("id-db1", "shop-db-1"));
          default -> List.of();
        });
    Service s = stack.service(service).orElseThrow();
    return f.command(new ServiceSpec(stack, s, "app:1", "sha256:1", List.of(), List.of()), number,
        "shop-" + service + "-" + number);
  }

  private static Stack stack(Service... services) {
    Stack.Builder b = Stack.builder("shop").addService(Service.builder("x").image("app:1").build())
        .addService(Service.builder("db").image("app:1").build());
    for (Service s : services) {
      b.addService(s);
    }
    return b.build();
  }

  @Test
  void serviceNamespacesBecomeTheFirstContainerOfThatService() {
    HostConfig hc = command(stack(Service.builder("api").image("app:1").pid("service:x").ipc("service:db")
        .uts("host").usernsMode("host").cgroup("private").cgroupParent("/onyx").build()), "api", 1).getHostConfig();
    assertThat(hc.getPidMode()).isEqualTo("container:id-x1");
    assertThat(hc.getIpcMode()).isEqualTo("container:id-db1");
    assertThat(hc.getUtSMode()).isEqualTo("host");
    assertThat(hc.getUsernsMode()).isEqualTo("host");
    assertThat(hc.getCgroupnsMode()).isEqualTo("private");
    assertThat(hc.getCgroupParent()).isEqualTo("/onyx");
  }

  @Test
  void otherNamespaceModesGoAsWritten() {
    HostConfig hc = command(stack(Service.builder("api").image("app:1").pid("host").ipc("shareable").build()),
        "api", 1).getHostConfig();
    assertThat(hc.getPidMode()).isEqualTo("host");
    assertThat(hc.getIpcMode()).isEqualTo("shareable");
    HostConfig hc2 = command(stack(Service.builder("api").image("app:1").pid("container:other").ipc("private")
        .build()), "api", 1).getHostConfig();
    assertThat(hc2.getPidMode()).isEqualTo("container:other");
    assertThat(hc2.getIpcMode()).isEqualTo("private");
  }

  @Test
  void aNamespaceOfAServiceWithoutContainerIsAClearError() {
    Stack st = stack(Service.builder("gone").image("app:1").build(),
        Service.builder("api").image("app:1").pid("service:gone").build());
    assertThatThrownBy(() -> command(st, "api", 1)).isInstanceOf(DeployException.class)
        .hasMessageContaining("service 'api' cannot share the PID namespace of service 'gone'");
  }

  @Test
  void volumesFromNameTheFirstContainerAndKeepTheMode() {
    HostConfig hc = command(stack(Service.builder("api").image("app:1")
        .addVolumesFrom("x", "db:ro", "container:legacy", "container:old:rw").build()), "api", 1).getHostConfig();
    assertThat(hc.getVolumesFrom()).extracting(VolumesFrom::toString)
        .containsExactly("id-x1:rw", "id-db1:ro", "legacy:rw", "old:rw");
  }

  @Test
  void linksAreComposesThreeAliasesPerContainerThenExternalLinks() {
    HostConfig hc = command(stack(Service.builder("api").image("app:1").addLinks("db:database", "x")
        .addExternalLinks("redis:cache", "mq").build()), "api", 2).getHostConfig();
    assertThat(hc.getLinks()).extracting(Link::getName, Link::getAlias).containsExactly(
        org.assertj.core.groups.Tuple.tuple("shop-db-1", "database"),
        org.assertj.core.groups.Tuple.tuple("shop-db-1", "db-2"),
        org.assertj.core.groups.Tuple.tuple("shop-db-1", "shop-db-2"),
        org.assertj.core.groups.Tuple.tuple("shop-x-1", "x"),
        org.assertj.core.groups.Tuple.tuple("shop-x-1", "x-2"),
        org.assertj.core.groups.Tuple.tuple("shop-x-1", "shop-x-2"),
        org.assertj.core.groups.Tuple.tuple("shop-x-2", "x"),
        org.assertj.core.groups.Tuple.tuple("shop-x-2", "x-2"),
        org.assertj.core.groups.Tuple.tuple("shop-x-2", "shop-x-2"),
        org.assertj.core.groups.Tuple.tuple("redis", "cache"),
        org.assertj.core.groups.Tuple.tuple("mq", "mq"));
  }

  @Test
  void theMacAddressIsTheServicesElseItsFirstNetworks() {
    Stack st = Stack.builder("shop").addNetwork(Network.named("front"), Network.named("back"))
        .addService(Service.builder("a").image("app:1").macAddress("02:42:ac:11:00:02").build())
        .addService(Service.builder("b").image("app:1").addNetworks(
            NetworkAttachment.builder("front").macAddress("02:42:ac:11:00:03").ipv4Address("10.5.0.9")
                .ipv6Address("fd00::9").build(),
            NetworkAttachment.builder("back").ipv4Address("10.6.0.9").build()).build())
        .build();
    assertThat(command(st, "a", 1).getMacAddress()).isEqualTo("02:42:ac:11:00:02");
    CreateContainerCmd b = command(st, "b", 1);
    assertThat(b.getMacAddress()).isEqualTo("02:42:ac:11:00:03");
    assertThat(b.getIpv4Address()).isEqualTo("10.5.0.9");
    assertThat(b.getIpv6Address()).isEqualTo("fd00::9");
    assertThat(b.getHostConfig().getNetworkMode()).isEqualTo("shop_front");
    ContainerFactory f = new ContainerFactory(client, st, Path.of("/srv"), List.of(), false, null, warnings::add,
        n -> List.of());
    ContainerNetwork back = f.endpoint(st.service("b").orElseThrow(), "shop-b-1", "back");
    assertThat(back.getIpamConfig().getIpv4Address()).isEqualTo("10.6.0.9");
    assertThat(back.getAliases()).containsExactly("b", "shop-b-1");
  }

  @Test
  void tmpfsOptionsGoToTheEngineAsWritten() {
    HostConfig hc = command(stack(Service.builder("api").image("app:1")
        .addTmpfs(Tmpfs.at("/run", "size=16M", "mode=1750", "exec"), Tmpfs.at("/tmp")).build()), "api", 1)
        .getHostConfig();
    assertThat(hc.getTmpFs()).containsExactly(Map.entry("/run", "size=16M,mode=1750,exec"), Map.entry("/tmp", ""));
  }

  @Test
  void aHostModePortIsPublishedLikeAnyOther() {
    HostConfig hc = command(stack(Service.builder("api").image("app:1")
        .addPorts(PortMapping.publish(8080, 80).withMode(PortMapping.Mode.HOST)).build()), "api", 1).getHostConfig();
    Ports.Binding[] b = hc.getPortBindings().getBindings().values().iterator().next();
    assertThat(b).extracting(Ports.Binding::getHostPortSpec).containsExactly("8080");
  }

  @Test
  void smallerSettingsAndContainerLimitsReachTheHostConfig() {
    Service s = Service.builder("api").image("app:1").domainname("example.org").addGroupAdd("audio")
        .addDnsOpt("ndots:2").addDnsSearch("example.org").addDeviceCgroupRules("c 1:3 mr")
        .storageOpt("size", "1G").annotation("com.example/a", "b")
        .containerLimits(ContainerLimits.builder().cpuShares(512).cpuset("0").memswapLimit(-1).oomScoreAdj(100)
            .blkio(BlkioConfig.builder().weight(300).build()).build())
        .build();
    CreateContainerCmd c = command(stack(s), "api", 1);
    HostConfig hc = c.getHostConfig();
    assertThat(c.getDomainName()).isEqualTo("example.org");
    assertThat(hc.getGroupAdd()).containsExactly("audio");
    assertThat(hc.getDnsOptions()).containsExactly("ndots:2");
    assertThat(hc.getDnsSearch()).containsExactly("example.org");
    assertThat(hc.getDeviceCgroupRules()).containsExactly("c 1:3 mr");
    assertThat(hc.getStorageOpt()).containsEntry("size", "1G");
    assertThat(hc.getAnnotations()).containsEntry("com.example/a", "b");
    assertThat(hc.getCpuShares()).isEqualTo(512);
    assertThat(hc.getCpusetCpus()).isEqualTo("0");
    assertThat(hc.getMemorySwap()).isEqualTo(-1L);
    assertThat(hc.getOomScoreAdj()).isEqualTo(100);
    assertThat(hc.getBlkioWeight()).isEqualTo(300);
  }

  @Test
  void anEmptyCommandIsSentEmptyToClearTheImages() {
    CreateContainerCmd c = command(stack(Service.builder("api").image("app:1").emptyCommand(true).build()), "api", 1);
    assertThat(c.getCmd()).isEmpty();
    CreateContainerCmd d = command(stack(Service.builder("api").image("app:1").build()), "api", 1);
    assertThat(d.getCmd()).isNull();
  }

  @Test
  void aServiceWithoutTheNewAttributesGetsNoneOfTheirSettings() {
    CreateContainerCmd c = command(stack(Service.builder("api").image("app:1").build()), "api", 1);
    HostConfig hc = c.getHostConfig();
    assertThat(c.getMacAddress()).isNull();
    assertThat(hc.getPidMode()).isNull();
    assertThat(hc.getIpcMode()).isNull();
    assertThat(hc.getLinks()).isNullOrEmpty();
    assertThat(hc.getVolumesFrom()).isNullOrEmpty();
    assertThat(hc.getCpuShares()).isNull();
    assertThat(warnings).isEmpty();
  }
}
