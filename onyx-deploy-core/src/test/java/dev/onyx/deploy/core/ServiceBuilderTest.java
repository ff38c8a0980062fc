package dev.onyx.deploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tests for {@link Service.Builder} and the copies of {@link Service}. */
class ServiceBuilderTest {

  /** A service with every field set to something other than its default. */
  static Service everything() {
    return Service.builder("api")
        .image("onyxdotapp/onyx-backend:latest")
        .build(Build.of("./backend").withDockerfile("Dockerfile.prod").withArg("V", "1").withTarget("run"))
        .pullPolicy("missing")
        .platform("linux/amd64")
        .command("uvicorn", "onyx.main:app")
        .entrypoint(List.of("/bin/sh", "-c"))
        .env("POSTGRES_HOST", "relational_db")
        .secretEnv("POSTGRES_PASSWORD", "db_password")
        .addEnvFiles(EnvFile.of(".env"))
        .addPorts(PortMapping.publish(8080, 8080))
        .addExpose("9000/udp")
        .addMounts(Mount.volume("data", "/data"))
        .addNetworks(NetworkAttachment.to("backend", "api"))
        .networkMode("bridge")
        .healthcheck(Healthcheck.cmd("curl", "-f", "http://localhost:8080/health"))
        .resources(Resources.NONE.withLimits(ResourceSpec.of("2", "4g")))
        .restart(RestartPolicy.UNLESS_STOPPED)
        .user("1000:1000")
        .workingDir("/app")
        .hostname("api")
        .containerName("onyx-api")
        .label("tier", "backend")
        .logging(Logging.jsonFile("50m", 6))
        .addUlimits(Ulimit.of("nofile", 65536))
        .shmSize(ByteSize.parse("1g"))
        .addExtraHosts(new ExtraHost("host.docker.internal", "host-gateway"))
        .addDns("1.1.1.1")
        .stopGracePeriod(Duration.ofSeconds(30))
        .stopSignal("SIGINT")
        .init(true)
        .readOnly(true)
        .privileged(true)
        .tty(true)
        .stdinOpen(true)
        .addCapAdd("SYS_ADMIN")
        .addCapDrop("NET_RAW")
        .addSecurityOpt("no-new-privileges:true")
        .sysctl("net.core.somaxconn", "1024")
        .addDevices("/dev/fuse:/dev/fuse")
        .runtime("runc")
        .addProfiles("api")
        .addDependsOn(DependsOn.healthy("relational_db"))
        .addSecrets(FileReference.of("db_password"))
        .addConfigs(FileReference.of("app_conf", "/etc/app.conf"))
        .pullRefreshAfter("daily")
        .emptyCommand(true)
        .emptyEntrypoint(true)
        .addLabelFiles("./labels")
        .addGroupAdd("mail")
        .attach(false)
        .addPostStart(ServiceHook.of("echo", "started"))
        .addPreStop(ServiceHook.of("echo", "stopping"))
        .scale(2)
        .develop(Develop.watching(WatchRule.sync("./src", "/app")))
        .domainname("example.com")
        .macAddress("02:42:ac:11:65:43")
        .addDnsOpt("use-vc")
        .addDnsSearch("example.com")
        .addLinks("db:database")
        .addExternalLinks("redis_1")
        .addTmpfs(Tmpfs.at("/run", "size=16m"))
        .addVolumesFrom("db:ro")
        .annotation("com.example.a", "b")
        .addDeviceCgroupRules("c 1:3 mr")
        .addGpus(DeviceRequest.allGpus())
        .pid("host")
        .ipc("shareable")
        .uts("host")
        .usernsMode("host")
        .cgroup("private")
        .cgroupParent("m-executor")
        .isolation("default")
        .credentialSpec(new CredentialSpec(Optional.of("cred"), Optional.empty(), Optional.empty()))
        .containerLimits(ContainerLimits.builder().cpuShares(512).build())
        .storageOpt("size", "20G")
        .useApiSocket(true)
        .provider(new Provider("awesomecloud", Map.of("type", List.of("mysql"))))
        .addModels(ServiceModel.of("llm"))
        .extension("x-team", "core")
        .deploy(Deploy.builder().replicas(2).resources(Resources.NONE.withLimits(ResourceSpec.of("2", "4g")))
            .build())
        .build();
  }

  @Test
  void theFullServiceSetsEveryField() throws ReflectiveOperationException {
    Service s = everything();
    for (RecordComponent c : ServiceValues.class.getRecordComponents()) {
      Object v = Service.class.getMethod(c.getName()).invoke(s);
      assertThat(isSet(v)).as("field %s is set", c.getName()).isTrue();
    }
  }

  private static boolean isSet(Object v) {
    if (v instanceof Optional<?> o) {
      return o.isPresent();
    } else if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    } else if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    } else if (v instanceof Boolean b) {
      return b;
    } else if (v instanceof Resources r) {
      return !r.isEmpty();
    } else if (v instanceof Deploy d) {
      return !d.isEmpty();
    } else if (v instanceof ContainerLimits c) {
      return !c.isEmpty();
    }
    return v != null;
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    Service s = everything();
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
  }

  @Test
  void toBuilderLeavesTheOriginalAlone() {
    Service s = everything();
    Service changed = s.toBuilder().name("api2").addPorts(PortMapping.exposed(9090)).env("X", "1")
        .clearImage().readOnly(false).build();
    assertThat(s).isEqualTo(everything());
    assertThat(changed.name()).isEqualTo("api2");
    assertThat(changed.ports()).hasSize(2);
    assertThat(changed.image()).isEmpty();
    assertThat(changed.readOnly()).isFalse();
  }

  @Test
  void addAppendsAndTheListFormReplaces() {
    Service.Builder b = Service.builder("a").image("x")
        .addPorts(PortMapping.publish(80, 80)).addPorts(PortMapping.publish(443, 443));
    assertThat(b.build().ports()).containsExactly(PortMapping.publish(80, 80), PortMapping.publish(443, 443));
    b.ports(List.of(PortMapping.exposed(8080)));
    assertThat(b.build().ports()).containsExactly(PortMapping.exposed(8080));

    b.addCommand("sh").addCommand("-c", "echo hi");
    assertThat(b.build().command()).containsExactly("sh", "-c", "echo hi");
    b.command("true");
    assertThat(b.build().command()).containsExactly("true");
    b.shellCommand("echo a && echo b");
    assertThat(b.build().command()).containsExactly("sh", "-c", "echo a && echo b");

    b.addProfiles("a").addProfiles("b");
    b.profiles(List.of("c"));
    assertThat(b.build().profiles()).containsExactly("c");
  }

  @Test
  void singularMapMethodsAddAndTheMapFormReplaces() {
    Service.Builder b = Service.builder("a").image("x").env("B", "2").env("A", "1").env("B", "3");
    assertThat(b.build().environment()).containsExactly(Map.entry("B", "3"), Map.entry("A", "1"));
    b.environment(Map.of("C", "4"));
    assertThat(b.build().environment()).containsExactly(Map.entry("C", "4"));

    b.label("x", "1").labels(Map.of("y", "2")).label("z", "3");
    assertThat(b.build().labels()).containsExactly(Map.entry("y", "2"), Map.entry("z", "3"));
  }

  @Test
  void keepsEnvironmentOrder() {
    Service.Builder b = Service.builder("a").image("x");
    for (int i = 20; i > 0; i--) {
      b.env("V" + i, Integer.toString(i));
    }
    assertThat(b.build().environment().keySet()).startsWith("V20", "V19", "V18").endsWith("V1");
  }

  @Test
  void copiesListsPassedIn() {
    List<String> command = new ArrayList<>(List.of("a", "b"));
    Map<String, String> env = new LinkedHashMap<>(Map.of("A", "1"));
    List<DependsOn> deps = new ArrayList<>(List.of(DependsOn.started("db")));
    Service s = Service.builder("a").image("x").command(command).environment(env).dependsOn(deps).build();
    command.add("c");
    env.put("B", "2");
    deps.clear();
    assertThat(s.command()).containsExactly("a", "b");
    assertThat(s.environment()).containsOnlyKeys("A");
    assertThat(s.dependsOn()).hasSize(1);
  }

  @Test
  void buildingAgainAfterChangingTheBuilderLeavesEarlierServicesAlone() {
    Service.Builder b = Service.builder("a").image("x").addPorts(PortMapping.publish(80, 80)).env("A", "1");
    Service first = b.build();
    b.addPorts(PortMapping.publish(81, 81)).env("B", "2").label("l", "v");
    assertThat(first.ports()).hasSize(1);
    assertThat(first.environment()).containsOnlyKeys("A");
    assertThat(first.labels()).isEmpty();
  }

  @Test
  void returnsUnmodifiableCollections() {
    Service s = everything();
    assertThatThrownBy(() -> s.ports().add(PortMapping.exposed(1))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.environment().put("X", "1")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.labels().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.dependsOn().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNullsNamingTheField() {
    Service.Builder b = Service.builder("a");
    assertThatThrownBy(() -> Service.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("name == null");
    assertThatThrownBy(() -> b.image(null)).isInstanceOf(NullPointerException.class).hasMessage("image == null");
    assertThatThrownBy(() -> b.healthcheck(null)).hasMessage("healthcheck == null");
    assertThatThrownBy(() -> b.resources(null)).hasMessage("resources == null");
    assertThatThrownBy(() -> b.ports(null)).hasMessage("ports == null");
    assertThatThrownBy(() -> b.command((List<String>) null)).hasMessage("command == null");
    assertThatThrownBy(() -> b.addPorts(PortMapping.exposed(1), null)).hasMessage("ports[1] == null");
    assertThatThrownBy(() -> b.addPorts((PortMapping[]) null)).hasMessage("ports == null");
    assertThatThrownBy(() -> b.command("sh", null)).hasMessage("command[1] == null");
    assertThatThrownBy(() -> b.dependsOn(java.util.Arrays.asList(DependsOn.started("x"), null)))
        .hasMessage("dependsOn[1] == null");
    assertThatThrownBy(() -> b.env(null, "x")).hasMessage("environment key == null");
    assertThatThrownBy(() -> b.label("k", null)).hasMessage("labels.k == null");
    assertThatThrownBy(() -> b.labels(null)).hasMessage("labels == null");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("PW", null);
    assertThatThrownBy(() -> b.secretEnvironment(withNull)).hasMessage("secretEnvironment.PW == null");
    assertThatThrownBy(() -> b.secretEnv("PW", null)).hasMessage("secretEnvironment.PW == null");
  }

  @Test
  void rejectingANullLeavesTheBuilderAsItWas() {
    Service.Builder b = Service.builder("a").image("x").addPorts(PortMapping.exposed(1));
    assertThatThrownBy(() -> b.addPorts(PortMapping.exposed(2), null)).isInstanceOf(NullPointerException.class);
    assertThat(b.build().ports()).containsExactly(PortMapping.exposed(1));
  }

  @Test
  void allowsANullEnvironmentValueMeaningTakenFromTheDeployingEnvironment() {
    assertThat(Service.builder("a").image("x").env("HOME", null).build().environment()).containsEntry("HOME", null);
  }

  @Test
  void withCopiesChangeOneThing() {
    Service s = everything();
    assertThat(s.withImage("other:2").image()).contains("other:2");
    assertThat(s.withEnv("NEW", "1").environment()).containsEntry("NEW", "1").containsEntry("POSTGRES_HOST", "relational_db");
    assertThat(s.withResources(Resources.NONE).deploy().resources()).isEqualTo(Resources.NONE);
    assertThat(s.withHealthcheck(Healthcheck.none()).hasHealthcheck()).isFalse();
    assertThat(s.withPorts(List.of()).ports()).isEmpty();
    assertThat(s.withImage("other:2").toBuilder().image("onyxdotapp/onyx-backend:latest").build()).isEqualTo(s);
  }

  @Test
  void clearsOptionalFields() {
    Service s = everything().toBuilder().clearBuild().clearHealthcheck().clearRestart().clearNetworkMode()
        .clearUser().clearLogging().clearShmSize().clearInit().clearRuntime().build();
    assertThat(s.build()).isEmpty();
    assertThat(s.healthcheck()).isEmpty();
    assertThat(s.restart()).isEmpty();
    assertThat(s.networkMode()).isEmpty();
    assertThat(s.user()).isEmpty();
    assertThat(s.logging()).isEmpty();
    assertThat(s.shmSize()).isEmpty();
    assertThat(s.init()).isEmpty();
    assertThat(s.runtime()).isEmpty();
  }

  @Test
  void namesItsNetworksWithTheDefaultApplied() {
    assertThat(Service.builder("a").image("x").build().networkNames()).containsExactly("default");
    assertThat(Service.builder("a").image("x").addNetworks(NetworkAttachment.to("front"), NetworkAttachment.to("back"))
        .build().networkNames()).containsExactly("front", "back");
    assertThat(Service.builder("a").image("x").networkMode("host").build().networkNames()).isEmpty();
  }

  @Test
  void namesItsDependencies() {
    assertThat(Service.builder("a").image("x").addDependsOn(DependsOn.healthy("db"), DependsOn.completed("migrate"))
        .build().dependencyNames()).containsExactly("db", "migrate");
  }

  @Test
  void buildsDependsOnForms() {
    assertThat(DependsOn.healthy("db")).isEqualTo(new DependsOn("db", DependsOn.Condition.HEALTHY, true, false));
    assertThat(DependsOn.started("db").optional().withRestart())
        .isEqualTo(new DependsOn("db", DependsOn.Condition.STARTED, false, true));
    assertThat(DependsOn.completed("m").condition().composeName()).isEqualTo("service_completed_successfully");
    assertThat(DependsOn.Condition.parse("service_healthy")).isEqualTo(DependsOn.Condition.HEALTHY);
    assertThatThrownBy(() -> DependsOn.Condition.parse("healthy")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid condition 'healthy' (expected service_started, service_healthy or "
            + "service_completed_successfully)");
  }

  @Test
  void resourceSpecParsesCpusAsADecimal() {
    ResourceSpec spec = ResourceSpec.of("1.5", "2g");
    assertThat(spec.cpus()).contains(new BigDecimal("1.5"));
    assertThat(spec.memory()).contains(ByteSize.ofGibibytes(2));
    assertThat(spec.withPids(100).pids()).contains(100L);
  }
}
