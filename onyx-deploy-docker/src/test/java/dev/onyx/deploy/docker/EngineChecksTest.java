package dev.onyx.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Ipam;
import dev.onyx.deploy.core.IpamConfig;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.ServiceHook;
import dev.onyx.deploy.core.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a single engine refuses before anything is created, what it leaves out, and implied dependencies. */
class EngineChecksTest {
  static final EngineChecks.EngineFacts OLD = new EngineChecks.EngineFacts("1.41", "20.10.24", true);
  static final EngineChecks.EngineFacts NEW = new EngineChecks.EngineFacts("1.47", "27.5.1", true);

  @TempDir
  Path dir;

  static Stack stack(Service.Builder s) {
    return Stack.builder("shop").addNetwork(Network.named("front"), Network.named("back"))
        .addVolume(dev.onyx.deploy.core.Volume.named("data")).addService(s.build()).build();
  }

  @Test
  void aVolumeSubpathIsRefusedOnAnEngineOlderThanApi145NamingServiceAndVersion() {
    Stack st = stack(Service.builder("api").image("app:1").addMounts(Mount.builder(Mount.Type.VOLUME, "/conf")
        .source("data").volume(new Mount.VolumeOptions(false, Optional.of("conf"))).build()));
    assertThat(EngineChecks.errors(st, dir, OLD)).containsExactly("service 'api': volume.subpath of the volume "
        + "mount at /conf needs Docker Engine 26.0 or newer (API 1.45); this engine is Docker 20.10.24 (API 1.41)");
    assertThat(EngineChecks.errors(st, dir, NEW)).isEmpty();
  }

  @Test
  void aMissingHostPathWithoutCreateHostPathIsRefusedAsCompose() throws Exception {
    Mount missing = Mount.builder(Mount.Type.BIND, "/conf").source("./conf")
        .bind(Mount.BindOptions.NONE).build();
    Stack st = stack(Service.builder("api").image("app:1").addMounts(missing, Mount.bind("./made", "/made")));
    assertThat(EngineChecks.errors(st, dir, NEW)).containsExactly("service 'api': the host path " + dir.resolve("conf")
        + " of the bind mount at /conf does not exist, and create_host_path is not set: create it, or set "
        + "create_host_path: true");
    Files.createDirectory(dir.resolve("conf"));
    assertThat(EngineChecks.errors(st, dir, NEW)).isEmpty();
    // a remote engine's host paths cannot be seen from here
    Files.delete(dir.resolve("conf"));
    assertThat(EngineChecks.errors(st, dir, new EngineChecks.EngineFacts("1.41", "20.10.24", false))).isEmpty();
  }

  @Test
  void macAddressesAreCheckedAsComposeChecksThem() {
    Stack differs = stack(Service.builder("api").image("app:1").macAddress("02:00:00:00:00:01")
        .addNetworks(NetworkAttachment.builder("front").macAddress("02:00:00:00:00:02").build()));
    assertThat(EngineChecks.errors(differs, dir, NEW)).singleElement().asString()
        .contains("service 'api': mac_address 02:00:00:00:00:01 differs", "'front'");
    Stack second = stack(Service.builder("api").image("app:1").addNetworks(NetworkAttachment.to("front"),
        NetworkAttachment.builder("back").macAddress("02:00:00:00:00:02").build()));
    assertThat(EngineChecks.errors(second, dir, OLD)).singleElement().asString()
        .contains("service 'api': a MAC address for the network back needs Docker Engine 25.0", "API 1.41");
    assertThat(EngineChecks.errors(second, dir, NEW)).isEmpty();
    Stack first = stack(Service.builder("api").image("app:1")
        .addNetworks(NetworkAttachment.builder("front").macAddress("02:00:00:00:00:02").build()));
    assertThat(EngineChecks.errors(first, dir, OLD)).isEmpty();
  }

  @Test
  void whatThisBackendLeavesOutIsNamedOnceInOneWarning() {
    Stack st = stack(Service.builder("api").image("app:1").addPostStart(ServiceHook.of("true"))
        .addNetworks(NetworkAttachment.builder("front").gwPriority(1).build()));
    assertThat(EngineChecks.ignoredWarning(st, NEW)).hasValueSatisfying(w -> assertThat(w)
        .contains("service 'api' (post_start/pre_stop hooks, networks.front ", "gw_priority"));
    assertThat(EngineChecks.ignoredWarning(stack(Service.builder("api").image("app:1")), NEW)).isEmpty();
  }

  @Test
  void referencesToOtherServicesImplyStartDependenciesAsComposesLoaderAddsThem() {
    Stack st = Stack.builder("shop")
        .addService(Service.builder("x").image("app:1").build())
        .addService(Service.builder("db").image("app:1").build())
        .addService(Service.builder("data").image("app:1").build())
        .addService(Service.builder("api").image("app:1").pid("service:x").ipc("service:x").addLinks("db:database")
            .addVolumesFrom("data:ro").addDependsOn(DependsOn.healthy("db")).build())
        .build();
    Service api = DeploySettings.withImplicitDependencies(st).service("api").orElseThrow();
    assertThat(api.dependsOn()).containsExactly(DependsOn.healthy("db"),
        new DependsOn("x", DependsOn.Condition.STARTED, true, true),
        new DependsOn("data", DependsOn.Condition.STARTED, true, false));
    assertThat(DeploySettings.withImplicitDependencies(st).graph().topologicalOrder()).containsSubsequence("x", "api");
    Stack plain = Stack.builder("shop").addService(Service.builder("x").image("app:1").build()).build();
    assertThat(DeploySettings.withImplicitDependencies(plain)).isSameAs(plain);
  }

  @Test
  void aNetworksWholeIpamSectionIsWrittenAsTheEngineApiNamesIt() throws Exception {
    Ipam ipam = new Ipam(Optional.of("default"), List.of(new IpamConfig(Optional.of("10.77.0.0/16"),
        Optional.of("10.77.5.0/24"), Optional.of("10.77.0.1"), Map.of("router", "10.77.0.2"))),
        Map.of("foo", "bar"));
    String json = new ObjectMapper().writeValueAsString(EngineTypes.ipam(ipam));
    assertThat(json).contains("\"Driver\":\"default\"", "\"Subnet\":\"10.77.0.0/16\"", "\"IPRange\":\"10.77.5.0/24\"",
        "\"Gateway\":\"10.77.0.1\"", "\"AuxiliaryAddresses\":{\"router\":\"10.77.0.2\"}", "\"Options\":{\"foo\":\"bar\"}");
  }
}
