package dev.onyx.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.onyx.deploy.core.BlkioConfig;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.GenericResource;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.IpamConfig;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.UpdateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read, write, read again: the attributes of the Compose Specification that the corpus and
 * compose-go's fixture use rarely or not at all come back exactly, without a Docker engine (the
 * {@code *IT} round trips compare {@code docker compose config} too).
 */
class EveryAttributeRoundTripTest {
  @TempDir
  Path dir;

  private static final String YAML = """
      name: every
      services:
        app:
          image: app:1
          pull_policy: daily
          pull_refresh_after: 12h
          command: []
          entrypoint: ""
          attach: false
          scale: 2
          use_api_socket: true
          domainname: example.com
          mac_address: 02:42:ac:11:65:43
          pid: host
          ipc: shareable
          uts: host
          userns_mode: host
          cgroup: private
          isolation: default
          group_add: [mail]
          dns_opt: [use-vc]
          links: [db:database]
          external_links: [redis_1]
          volumes_from: ["db:ro", "container:other"]
          gpus: all
          annotations: {com.example.a: b}
          storage_opt: {size: 20G}
          device_cgroup_rules: ["c 1:3 mr"]
          credential_spec: {config: cred}
          cpus: 0.5
          cpu_shares: 512
          cpu_rt_runtime: 400
          mem_limit: 512m
          memswap_limit: -1
          mem_swappiness: 10
          oom_kill_disable: true
          oom_score_adj: -500
          pids_limit: 100
          blkio_config:
            weight: 300
            weight_device: [{path: /dev/sda, weight: 400}]
            device_read_bps: [{path: /dev/sda, rate: 10mb}]
            device_write_iops: [{path: /dev/sda, rate: 30}]
          healthcheck:
            interval: 10s
          tmpfs:
            - /run:size=16M,mode=1750,exec
          ports:
            - target: 80
              published: "8080"
              mode: host
              app_protocol: http
            - name: web
              target: 90
          volumes:
            - type: volume
              source: data
              target: /data
            - type: volume
              source: data
              target: /sub
              volume: {nocopy: true, subpath: sub}
            - type: bind
              source: /srv/conf
              target: /conf
            - type: bind
              source: /srv/shared
              target: /shared
              bind: {propagation: rshared, create_host_path: true}
            - type: tmpfs
              target: /scratch
              tmpfs: {size: 10000, mode: 01777}
            - data:/short:nocopy
          networks:
            front:
              priority: 5
              gw_priority: 1
              ipv6_address: "2001:db8::10"
              link_local_ips: [169.254.8.8]
              driver_opts: {a: "1"}
          post_start:
            - command: [sh, -c, echo started]
              user: root
              privileged: true
          pre_stop:
            - command: [sh, -c, echo stopping]
          develop:
            watch:
              - path: /srv/src
                action: sync
                target: /app
                ignore: [node_modules]
          deploy:
            mode: replicated
            replicas: 2
            endpoint_mode: dnsrr
            labels: {tier: web}
            update_config: {parallelism: 2, delay: 10s, failure_action: rollback, monitor: 1m, max_failure_ratio: 0.3, order: start-first}
            rollback_config: {parallelism: 1, failure_action: pause}
            restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
            placement:
              constraints: [node.role == worker]
              preferences: [{spread: node.labels.zone}]
              max_replicas_per_node: 2
            resources:
              reservations:
                generic_resources:
                  - discrete_resource_spec: {kind: gpu, value: 2}
                  - named_resource_spec: {kind: ssd, value: fast}
          secrets: [token]
          configs: [inline, fromenv]
          x-team: {owner: web, tags: [a, 1, true, null]}
        db:
          image: postgres
          build:
            context: /srv/db
            dockerfile_inline: |
              FROM postgres
            ssh: [default]
            cache_from: [a]
            cache_to: [b]
            additional_contexts: {base: docker-image://alpine}
            platforms: [linux/amd64]
            tags: [db:dev]
            no_cache: true
            pull: true
            shm_size: 1g
            labels: {a: b}
            secrets: [token]
            x-builder: fast
      networks:
        front:
          enable_ipv6: true
          ipam:
            driver: default
            config:
              - subnet: 2001:db8::/64
                gateway: 2001:db8::1
                ip_range: 2001:db8::/80
                aux_addresses: {host1: "2001:db8::5"}
            options: {foo: bar}
          x-note: front door
      volumes:
        data:
          x-backup: nightly
      secrets:
        token:
          external: true
          name: shared_token
      configs:
        inline:
          content: |
            a $$literal dollar
        fromenv:
          environment: HOME
      x-top: [1, 2]
      """;

  private Stack read(String yaml) {
    return ComposeReader.create().withEnvironment(Map.of("HOME", "/root")).read(yaml, dir);
  }

  @Test
  void everyAttributeReadsBackAsItWasWritten() {
    Stack first = read(YAML);
    String written = ComposeWriter.create().toYaml(first);
    assertThat(read(written)).isEqualTo(first);
    assertThat(ComposeWriter.create().toYaml(read(written))).isEqualTo(written);
  }

  @Test
  void theValuesAreTheOnesOfTheFile() {
    Stack s = read(YAML);
    Service app = s.service("app").orElseThrow();
    assertThat(app.emptyCommand()).isTrue();
    assertThat(app.emptyEntrypoint()).isTrue();
    assertThat(app.attach()).contains(false);
    assertThat(app.replicaCount()).isEqualTo(2);
    assertThat(app.pid()).contains("host");
    assertThat(app.volumesFrom()).containsExactly("db:ro", "container:other");
    assertThat(app.tmpfs()).containsExactly(Tmpfs.at("/run", "size=16M", "mode=1750", "exec"));
    assertThat(app.healthcheck()).contains(Healthcheck.imageTest().withInterval(Duration.ofSeconds(10)));
    assertThat(app.ports().get(0).mode()).isEqualTo(PortMapping.Mode.HOST);
    assertThat(app.ports().get(0).appProtocol()).contains("http");
    assertThat(app.mounts().get(0).volume()).as("a long volume without a volume: block").isEmpty();
    assertThat(app.mounts().get(1).volume()).contains(new Mount.VolumeOptions(true, Optional.of("sub")));
    assertThat(app.mounts().get(2).bind()).as("a long bind without bind: creates no host folder").isEmpty();
    assertThat(app.mounts().get(3).bind().orElseThrow().propagation()).contains("rshared");
    assertThat(app.mounts().get(4).tmpfs()).contains(new Mount.TmpfsOptions(Optional.of(ByteSize.ofBytes(10000)),
        Optional.of(01777)));
    assertThat(app.mounts().get(5).volume()).contains(new Mount.VolumeOptions(true, Optional.empty()));
    assertThat(app.containerLimits().memswapLimit()).contains(-1L);
    assertThat(app.containerLimits().blkio().orElseThrow().deviceReadBps())
        .containsExactly(new BlkioConfig.Throttle("/dev/sda", 10L * 1024 * 1024));
    assertThat(app.resources().limits().cpus().orElseThrow()).isEqualByComparingTo("0.5");
    assertThat(app.resources().devices()).hasSize(1);
    Deploy d = app.deploy();
    assertThat(d.updateConfig().orElseThrow().failureAction()).contains(UpdateConfig.FailureAction.ROLLBACK);
    assertThat(d.resources().genericResources()).containsExactly(GenericResource.discrete("gpu", 2),
        GenericResource.named("ssd", "fast"));
    assertThat(app.extensions()).containsEntry("x-team", Map.of("owner", "web",
        "tags", java.util.Arrays.asList("a", 1L, true, null)));
    assertThat(s.service("db").orElseThrow().build().orElseThrow().dockerfileInline()).contains("FROM postgres\n");
    Network front = s.network("front").orElseThrow();
    assertThat(front.enableIpv6()).contains(true);
    assertThat(front.ipam().orElseThrow().config()).containsExactly(new IpamConfig(Optional.of("2001:db8::/64"),
        Optional.of("2001:db8::/80"), Optional.of("2001:db8::1"), Map.of("host1", "2001:db8::5")));
    assertThat(s.secret("token").orElseThrow().source()).isEqualTo(Secret.Source.EXTERNAL);
    assertThat(s.config("inline").orElseThrow().content()).contains("a $literal dollar\n");
    assertThat(s.config("fromenv").orElseThrow().source()).isEqualTo(ConfigFile.Source.ENVIRONMENT);
    assertThat(s.extensions()).containsEntry("x-top", List.of(1L, 2L));
  }

  @Test
  void everyVariableThatCannotBeInterpolatedIsReportedAtOnce() throws IOException {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, "services:\n  a:\n    image: ${IMAGE:?set IMAGE}\n    user: ${USER_ID:?set USER_ID}\n");
    ComposeFormatException e = catchThrowableOfType(ComposeFormatException.class,
        () -> ComposeReader.create().withEnvironment(Map.of()).read(file));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0).path()).isEqualTo("services.a.image");
    assertThat(e.problems().get(1).path()).isEqualTo("services.a.user");
  }
}
