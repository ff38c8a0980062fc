package dev.onyx.deploy.swarm;

import static dev.onyx.deploy.docker.EngineApi.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.TaskRestartPolicy;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.docker.EngineApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link SpecMapper}: a service's Swarm spec, as {@code docker stack deploy} makes it. */
class SpecMapperTest {
  private static final SpecMapper.ObjectNames OBJECTS = (name, config) -> "shop_" + name + "_abcdef12";

  private static Stack shop(Service api) {
    return Stack.builder("shop")
        .addVolume(Volume.named("data"))
        .addNetwork(Network.named("back").asInternal())
        .addSecret(Secret.fromFile("key", "key.txt"))
        .addService(Service.builder("db").image("postgres:16").addMounts(Mount.volume("data", "/var/lib/pg"))
            .healthcheck(Healthcheck.shell("pg_isready").withInterval(Duration.ofSeconds(2))).build())
        .addService(api)
        .build();
  }

  private static SpecMapper.Mapped map(Stack stack, String service) {
    return new SpecMapper(stack, false, Path.of("/project")).map(stack.service(service).orElseThrow(), "sha256:abc",
        "shop/api:1", List.of("A=1"), OBJECTS, Map.of());
  }

  @Test
  void mapsAServiceAsDockerStackDoes() {
    Service api = Service.builder("api").image("shop/api:1")
        .entrypoint(List.of("/bin/app")).command(List.of("serve", "--port", "80"))
        .addPorts(PortMapping.publish(8080, 80))
        .addNetworks(NetworkAttachment.to("back", "api-internal"))
        .addMounts(Mount.bind("./conf", "/etc/app").asReadOnly(), Mount.tmpfs("/tmp"))
        .addSecrets(FileReference.of("key"))
        .addDependsOn(DependsOn.healthy("db"))
        .user("1000:1000")
        .addUlimits(Ulimit.of("nofile", 1024))
        .label("tier", "api")
        .deploy(Deploy.builder().replicas(3).label("team", "shop")
            .placement(Placement.constraints("node.role == worker"))
            .resources(Resources.NONE.withLimits(ResourceSpec.of("0.5", "256m")))
            .updateConfig(UpdateConfig.builder().failureAction(UpdateConfig.FailureAction.ROLLBACK).build())
            .build())
        .build();

    Map<String, Object> spec = map(shop(api), "api").spec();

    assertThat(spec.get("Name")).isEqualTo("shop_api");
    assertThat((Map<String, Object>) at(spec, "Labels")).containsEntry("com.docker.stack.namespace", "shop")
        .containsEntry("com.docker.stack.image", "shop/api:1").containsEntry("team", "shop")
        .containsEntry("com.docker.compose.depends_on", "db:service_healthy:false")
        .containsKeys(Names.SPEC_HASH, Names.SPEC_PARTS);
    assertThat(at(spec, "TaskTemplate", "ContainerSpec", "Image")).isEqualTo("sha256:abc");
    assertThat(at(spec, "TaskTemplate", "ContainerSpec", "Command")).isEqualTo(List.of("/bin/app"));
    assertThat(at(spec, "TaskTemplate", "ContainerSpec", "Args")).isEqualTo(List.of("serve", "--port", "80"));
    assertThat((Map<String, Object>) at(spec, "TaskTemplate", "ContainerSpec", "Labels"))
        .containsEntry("tier", "api").containsEntry("com.docker.stack.namespace", "shop").containsKey(Names.TASK_HASH);
    assertThat(at(spec, "TaskTemplate", "ContainerSpec", "Mounts")).isEqualTo(List.of(
        Map.of("Target", "/etc/app", "Type", "bind", "Source", "/project/conf", "ReadOnly", true),
        Map.of("Target", "/tmp", "Type", "tmpfs")));
    assertThat(at(spec, "TaskTemplate", "ContainerSpec", "Secrets")).isEqualTo(List.of(Map.of(
        "File", Map.of("Name", "key", "UID", "1000", "GID", "1000", "Mode", 0400),
        "SecretID", "", "SecretName", "shop_key_abcdef12")));
    assertThat(at(spec, "TaskTemplate", "Networks")).isEqualTo(List.of(
        Map.of("Target", "shop_back", "Aliases", List.of("api", "api-internal"))));
    assertThat(at(spec, "TaskTemplate", "Resources")).isEqualTo(Map.of("Limits",
        Map.of("NanoCPUs", 500_000_000L, "MemoryBytes", 268_435_456L)));
    assertThat(at(spec, "TaskTemplate", "Placement")).isEqualTo(Map.of("Constraints", List.of("node.role == worker")));
    assertThat(at(spec, "Mode")).isEqualTo(Map.of("Replicated", Map.of("Replicas", 3)));
    assertThat(at(spec, "UpdateConfig")).isEqualTo(Map.of("Parallelism", 1, "Delay", 0L, "FailureAction", "rollback",
        "Monitor", 5_000_000_000L, "MaxFailureRatio", 0.0, "Order", "stop-first"));
    assertThat(at(spec, "EndpointSpec")).isEqualTo(Map.of("Mode", "vip", "Ports", List.of(
        Map.of("Protocol", "tcp", "TargetPort", 80, "PublishedPort", 8080, "PublishMode", "ingress"))));
  }

  @Test
  void namedVolumesCarryTheStackLabelAndShmSizeBecomesATmpfs() {
    Service db = Service.builder("db").image("postgres:16").addMounts(Mount.volume("data", "/var/lib/pg"))
        .shmSize(ByteSize.ofMebibytes(64)).build();
    Map<String, Object> spec = map(shop(Service.builder("api").image("x").build()).withService(db), "db").spec();

    assertThat(at(spec, "TaskTemplate", "ContainerSpec", "Mounts")).isEqualTo(List.of(
        Map.of("Target", "/var/lib/pg", "Type", "volume", "Source", "shop_data",
            "VolumeOptions", Map.of("Labels", Map.of("com.docker.stack.namespace", "shop"))),
        Map.of("Type", "tmpfs", "Target", "/dev/shm", "TmpfsOptions", Map.of("SizeBytes", 67_108_864L))));
    assertThat(at(spec, "TaskTemplate", "Networks")).isEqualTo(List.of(
        Map.of("Target", "shop_default", "Aliases", List.of("db"))));
  }

  @Test
  void aServiceOthersWaitToCompleteDoesNotRestart() {
    Stack s = Stack.builder("shop")
        .addService(Service.builder("migrate").image("x").build())
        .addService(Service.builder("api").image("x").addDependsOn(DependsOn.completed("migrate")).build())
        .build();

    assertThat(at(map(s, "migrate").spec(), "TaskTemplate", "RestartPolicy")).isEqualTo(Map.of("Condition", "none"));
    assertThat(at(map(s, "api").spec(), "TaskTemplate", "RestartPolicy")).isNull();
    assertThat(Roles.oneShot(s, s.service("migrate").orElseThrow())).isTrue();
    assertThat(Roles.oneShot(s, s.service("api").orElseThrow())).isFalse();
  }

  @Test
  void deployRestartPolicyWinsOverRestartAndJobsRunToCompletion() {
    Stack s = Stack.builder("shop")
        .addService(Service.builder("job").image("x")
            .deploy(Deploy.builder().mode(Deploy.Mode.REPLICATED_JOB).replicas(2)
                .restartPolicy(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE).withMaxAttempts(3)
                    .withDelay(Duration.ofSeconds(1)))
                .build())
            .restart(dev.onyx.deploy.core.RestartPolicy.ALWAYS).build())
        .build();
    Map<String, Object> spec = map(s, "job").spec();

    assertThat(at(spec, "Mode")).isEqualTo(Map.of("ReplicatedJob", Map.of("MaxConcurrent", 2, "TotalCompletions", 2)));
    assertThat(at(spec, "TaskTemplate", "RestartPolicy")).isEqualTo(Map.of("Condition", "on-failure",
        "Delay", 1_000_000_000L, "MaxAttempts", 3));
    assertThat(Roles.oneShot(s, s.service("job").orElseThrow())).isTrue();
  }

  @Test
  void theSpecHashIgnoresTheOrderOfLabelsAndSaysWhichPartsChanged() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    Service one = Service.builder("api").image("x").labels(ab).build();
    Service two = Service.builder("api").image("x").labels(ba).build();
    SpecMapper.Mapped m1 = map(shop(one), "api");
    SpecMapper.Mapped m2 = map(shop(two), "api");
    assertThat(m1.specHash()).isEqualTo(m2.specHash());
    assertThat(m1.taskHash()).isEqualTo(m2.taskHash());

    Service three = one.toBuilder().addSecrets(FileReference.of("key")).build();
    SpecMapper.Mapped m3 = map(shop(three), "api");
    @SuppressWarnings("unchecked")
    String parts = ((Map<String, String>) m1.spec().get("Labels")).get(Names.SPEC_PARTS);
    assertThat(m3.changedParts(parts)).containsExactly("secrets");
    assertThat(m3.specHash()).isNotEqualTo(m1.specHash());
  }

  @Test
  void replicasAloneDoNotChangeTheTasks() {
    Service one = Service.builder("api").image("x").build();
    Service two = one.toBuilder().deploy(Deploy.builder().replicas(5).build()).build();
    SpecMapper.Mapped m1 = map(shop(one), "api");
    SpecMapper.Mapped m2 = map(shop(two), "api");

    assertThat(m2.taskHash()).isEqualTo(m1.taskHash());
    assertThat(m2.specHash()).isNotEqualTo(m1.specHash());
    @SuppressWarnings("unchecked")
    String parts = ((Map<String, String>) m1.spec().get("Labels")).get(Names.SPEC_PARTS);
    assertThat(m2.changedParts(parts)).containsExactly("mode");
  }

  @Test
  void idsAreFilledInByObjectName() {
    Service api = Service.builder("api").image("x").addSecrets(FileReference.of("key")).build();
    Map<String, Object> spec = map(shop(api), "api").spec();
    SpecMapper.fillIds(spec, Map.of("shop_key_abcdef12", "s3cr3tid"));

    assertThat(at(spec, "TaskTemplate", "ContainerSpec", "Secrets"))
        .asList().singleElement().satisfies(x -> assertThat(at(x, "SecretID")).isEqualTo("s3cr3tid"));
  }

  @Test
  void tmpfsGroupsAndDnsSettingsGoIntoTheContainerSpec() {
    Stack stack = shop(Service.builder("api").image("shop/api:1")
        .tmpfs(List.of(Tmpfs.at("/run", "size=64m", "mode=1770"))).addGroupAdd("audio")
        .addDnsSearch("corp.example").addDnsOpt("ndots:2").build());

    Map<String, Object> c = EngineApi.map(at(map(stack, "api").spec(), "TaskTemplate", "ContainerSpec"));

    assertThat(c.get("Mounts")).isEqualTo(List.of(Map.of("Type", "tmpfs", "Target", "/run",
        "TmpfsOptions", Map.of("SizeBytes", 64L * 1024 * 1024, "Mode", 01770L))));
    assertThat(c.get("Groups")).isEqualTo(List.of("audio"));
    assertThat(c.get("DNSConfig")).isEqualTo(Map.of("Search", List.of("corp.example"), "Options", List.of("ndots:2")));
  }
}
