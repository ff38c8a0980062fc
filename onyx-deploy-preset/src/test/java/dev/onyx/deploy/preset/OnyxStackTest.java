package dev.onyx.deploy.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tests for {@link OnyxStack}. */
class OnyxStackTest {

  static List<Stack> everyCombination() {
    List<Stack> all = new ArrayList<>();
    for (Layout layout : Layout.values()) {
      for (ResourceProfile profile : ResourceProfile.values()) {
        for (FileStore store : FileStore.values()) {
          for (int flags = 0; flags < 32; flags++) {
            OnyxStack.Builder b = OnyxStack.builder().layout(layout).profile(profile).fileStore(store)
                .gpu((flags & 1) != 0).withLogging((flags & 2) != 0).withCodeInterpreter((flags & 4) != 0)
                .outboundAccess((flags & 8) == 0);
            if ((flags & 16) != 0) {
              b.tls(Tls.ownCertificates("certs/onyx.crt", "certs/onyx.key")).registry("mirror.local:5000")
                  .tag("v4.6.0").publishHttpPort(8080).publishHttpsPort(8443);
            }
            all.add(b.build());
          }
        }
      }
    }
    return all;
  }

  @Test
  void defaultsBuildTheUpstreamLayoutWithUpstreamServiceNames() {
    Stack s = OnyxStack.defaults();
    assertThat(s.name()).isEqualTo("onyx");
    assertThat(s.serviceNames()).containsExactlyInAnyOrder("api_server", "background", "web_server",
        "inference_model_server", "indexing_model_server", "relational_db", "opensearch", "nginx",
        "cache", "minio");
    assertThat(s.service("minio").orElseThrow().profiles()).containsExactly("s3-filestore");
    assertThat(s.services()).allSatisfy(svc -> {
      assertThat(svc.restart()).contains(RestartPolicy.UNLESS_STOPPED);
      assertThat(svc.logging().orElseThrow().options()).containsEntry("max-size", "50m")
          .containsEntry("max-file", "6");
    });
  }

  @Test
  void classicLayoutHasTheSevenPlannedServicesWithTheirHealthchecks() {
    Stack s = OnyxStack.builder().layout(Layout.CLASSIC).build();
    assertThat(s.serviceNames()).containsExactlyInAnyOrder("nginx", "web", "api", "model_server",
        "celery_worker", "postgres", "redis");
    assertThat(String.join(" ", s.service("api").orElseThrow().healthcheck().orElseThrow().test()))
        .contains("http://localhost:8080/health");
    assertThat(s.service("postgres").orElseThrow().healthcheck().orElseThrow().test())
        .containsExactly("pg_isready -U postgres");
    assertThat(s.service("redis").orElseThrow().healthcheck().orElseThrow().engineTest())
        .containsExactly("CMD", "redis-cli", "ping");
    assertThat(s.service("api").orElseThrow().environment()).containsEntry("DISABLE_VECTOR_DB", "true")
        .containsEntry("FILE_STORE_BACKEND", "postgres").containsEntry("POSTGRES_HOST", "postgres");
    assertThat(s.service("nginx").orElseThrow().dependsOn())
        .contains(DependsOn.healthy("api"), DependsOn.started("web"));
    assertThat(s.config(OnyxNginx.CONFIG_NAME).orElseThrow().content().orElseThrow())
        .contains("set $onyx_api http://api:8080;").contains("set $onyx_web http://web:3000;");
  }

  @Test
  void everyOptionCombinationBuildsAValidStackForEveryProfileSelection() {
    List<Stack> all = everyCombination();
    assertThat(all).hasSize(256);
    for (Stack s : all) {
      // narrowing to the profiles validates the dependencies of what remains
      assertThat(s.forProfiles(List.of()).serviceNames()).doesNotContain("minio", "elasticsearch");
      assertThat(s.forProfiles(List.of("*")).serviceNames()).containsAll(s.serviceNames());
      assertThat(OnyxNginx.forStack(s)).isEqualTo(s.config(OnyxNginx.CONFIG_NAME).orElseThrow());
    }
  }

  @Test
  void onlyNginxAndKibanaPublishHostPorts() {
    for (Stack s : everyCombination()) {
      assertThat(s.services().stream().filter(svc -> !svc.ports().isEmpty()).map(Service::name))
          .containsExactlyElementsOf(s.service("kibana").isPresent() ? List.of("nginx", "kibana") : List.of("nginx"));
    }
    Service nginx = OnyxStack.defaults().service("nginx").orElseThrow();
    assertThat(nginx.ports()).hasSize(1);
    assertThat(nginx.ports().get(0).hostPorts().orElseThrow().start()).isEqualTo(80);
    assertThat(nginx.ports().get(0).containerPorts().start()).isEqualTo(80);
    Service tls = OnyxStack.builder().tls(Tls.ownCertificates("a.crt", "a.key")).publishHttpsPort(8443)
        .bindAddress("127.0.0.1").build().service("nginx").orElseThrow();
    assertThat(tls.ports()).extracting(p -> p.hostPorts().orElseThrow().start() + ">" + p.containerPorts().start()
        + "@" + p.hostIp().orElse("")).containsExactly("80>80@127.0.0.1", "8443>443@127.0.0.1");
    assertThat(OnyxStack.builder().publishHttpPort(0).build().service("nginx").orElseThrow().ports().get(0)
        .hostPorts()).isEmpty();
  }

  private static final Pattern LITERAL_PASSWORD =
      Pattern.compile("password|minioadmin|strongpassword|changeme|secret123", Pattern.CASE_INSENSITIVE);

  @Test
  void secretsAreGeneratedAndNoEnvironmentValueHoldsAPassword() {
    for (Stack s : everyCombination()) {
      for (Secret sec : s.secrets()) {
        if (sec.name().equals(OnyxStack.SECRET_NGINX_TLS_KEY)) {
          assertThat(sec.source()).isEqualTo(Secret.Source.FILE);
        } else {
          assertThat(sec.source()).as(sec.name()).isEqualTo(Secret.Source.GENERATED);
          assertThat(sec.generatedLength()).isGreaterThanOrEqualTo(20);
        }
      }
      for (Service svc : s.services()) {
        svc.environment().forEach((k, v) -> {
          assertThat(v).as(svc.name() + "." + k).isNotNull();
          assertThat(LITERAL_PASSWORD.matcher(v).find()).as(svc.name() + "." + k + "=" + v).isFalse();
          assertThat(k).as(svc.name() + "." + k + " must come from a secret")
              .doesNotContain("PASSWORD").doesNotContain("SECRET").doesNotContain("ACCESS_KEY");
        });
        for (String command : svc.command()) {
          assertThat(LITERAL_PASSWORD.matcher(command).find()).as(svc.name() + " command").isFalse();
        }
      }
    }
    Stack s = OnyxStack.defaults();
    assertThat(s.service("api_server").orElseThrow().secretEnvironment())
        .containsEntry("USER_AUTH_SECRET", "user_auth_secret")
        .containsEntry("ENCRYPTION_KEY_SECRET", "encryption_key_secret")
        .containsEntry("POSTGRES_PASSWORD", "postgres_password")
        .containsEntry("OPENSEARCH_ADMIN_PASSWORD", "opensearch_admin_password")
        .containsEntry("S3_AWS_ACCESS_KEY_ID", "minio_root_user")
        .containsEntry("S3_AWS_SECRET_ACCESS_KEY", "minio_root_password");
    assertThat(s.service("relational_db").orElseThrow().secretEnvironment())
        .containsOnly(Map.entry("POSTGRES_PASSWORD", "postgres_password"));
    assertThat(s.service("opensearch").orElseThrow().secretEnvironment())
        .containsOnly(Map.entry("OPENSEARCH_INITIAL_ADMIN_PASSWORD", "opensearch_admin_password"));
    assertThat(s.service("minio").orElseThrow().secretEnvironment()).containsOnly(
        Map.entry("MINIO_ROOT_USER", "minio_root_user"), Map.entry("MINIO_ROOT_PASSWORD", "minio_root_password"));
    // nginx, the cache and the web server get no secret at all
    assertThat(s.service("nginx").orElseThrow().secretEnvironment()).isEmpty();
    assertThat(s.service("cache").orElseThrow().secretEnvironment()).isEmpty();
    assertThat(s.service("web_server").orElseThrow().secretEnvironment()).isEmpty();
  }

  @Test
  void openSearchAdminPasswordMeetsOpenSearchsRules() {
    Secret p = OnyxStack.defaults().secret(OnyxStack.SECRET_OPENSEARCH_ADMIN_PASSWORD).orElseThrow();
    assertThat(p.mixedCharacterClasses()).isTrue();
    for (int i = 0; i < 200; i++) {
      String v = p.generateValue();
      assertThat(v).hasSize(32).matches("[A-Za-z][A-Za-z0-9._-]+");
      assertThat(v).matches(".*[A-Z].*").matches(".*[a-z].*").matches(".*[0-9].*").matches(".*[._-].*");
    }
  }

  @Test
  void everyServiceIsOnTheInternalNetworkAndOnlyNginxAndKibanaOnThePublicOne() {
    for (Stack s : everyCombination()) {
      assertThat(s.network("internal").orElseThrow().internal()).isTrue();
      assertThat(s.network("public").orElseThrow().internal()).isFalse();
      for (Service svc : s.services()) {
        assertThat(svc.networkNames()).as(svc.name()).contains("internal");
        assertThat(svc.networkNames().contains("public")).as(svc.name())
            .isEqualTo(svc.name().equals("nginx") || svc.name().equals("kibana"));
      }
    }
    Stack s = OnyxStack.defaults();
    assertThat(s.services().stream().filter(svc -> svc.networkNames().contains("egress")).map(Service::name))
        .containsExactlyInAnyOrder("api_server", "background", "inference_model_server", "indexing_model_server");
    Stack airgapped = OnyxStack.builder().outboundAccess(false).build();
    assertThat(airgapped.networks()).extracting(Network::name).containsExactly("internal", "public");
  }

  @Test
  void gpuReservesEveryGpuForTheModelServersOnly() {
    Stack off = OnyxStack.defaults();
    assertThat(off.services()).allSatisfy(svc -> assertThat(svc.resources().devices()).isEmpty());
    Stack on = OnyxStack.builder().gpu(true).profile(ResourceProfile.SERVER).build();
    for (Service svc : on.services()) {
      boolean model = svc.name().endsWith("_model_server");
      assertThat(svc.resources().devices()).as(svc.name())
          .isEqualTo(model ? List.of(DeviceRequest.allGpus()) : List.of());
      if (model) {
        assertThat(svc.resources().limits().memory()).contains(ByteSize.parse("5g"));
      }
    }
    assertThat(OnyxStack.builder().layout(Layout.CLASSIC).gpu(true).build().service("model_server")
        .orElseThrow().resources().devices()).containsExactly(DeviceRequest.allGpus());
  }

  @Test
  void registryAndTagRemapEveryImage() {
    Stack s = OnyxStack.builder().registry("mirror.local:5000").tag("v4.6.0").withLogging(true)
        .withCodeInterpreter(true).build();
    Map<String, String> images = s.services().stream()
        .collect(Collectors.toMap(Service::name, svc -> svc.image().orElseThrow()));
    assertThat(images.values()).allSatisfy(i -> assertThat(i).startsWith("mirror.local:5000/"));
    assertThat(images).containsEntry("api_server", "mirror.local:5000/onyxdotapp/onyx-backend:v4.6.0")
        .containsEntry("background", "mirror.local:5000/onyxdotapp/onyx-backend:v4.6.0")
        .containsEntry("web_server", "mirror.local:5000/onyxdotapp/onyx-web-server:v4.6.0")
        .containsEntry("inference_model_server", "mirror.local:5000/onyxdotapp/onyx-model-server:v4.6.0")
        .containsEntry("relational_db", "mirror.local:5000/library/postgres:15.2-alpine")
        .containsEntry("cache", "mirror.local:5000/library/redis:7.4-alpine")
        .containsEntry("nginx", "mirror.local:5000/library/nginx:1.25.5-alpine")
        .containsEntry("opensearch", "mirror.local:5000/opensearchproject/opensearch:3.6.0")
        .containsEntry("elasticsearch", "mirror.local:5000/elasticsearch/elasticsearch:8.17.4")
        .containsEntry("code-interpreter", "mirror.local:5000/onyxdotapp/code-interpreter:latest");
    Stack plain = OnyxStack.defaults();
    assertThat(plain.service("api_server").orElseThrow().image()).contains("onyxdotapp/onyx-backend:v4.6.1");
    assertThat(plain.service("relational_db").orElseThrow().image()).contains("postgres:15.2-alpine");
    assertThatThrownBy(() -> OnyxStack.builder().tag("a:b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyServiceHasLimitsAndReservationsAndServerFollowsUpstreamsOverlay() {
    for (Stack s : everyCombination()) {
      for (Service svc : s.services()) {
        assertThat(svc.resources().limits().memory()).as(svc.name()).isPresent();
        assertThat(svc.resources().reservations().memory()).as(svc.name()).isPresent();
        assertThat(svc.resources().reservations().cpus()).as(svc.name()).isPresent();
      }
    }
    Stack server = OnyxStack.builder().profile(ResourceProfile.SERVER).build();
    assertThat(limits(server, "background")).isEqualTo(ResourceSpec.of("6", "10g"));
    assertThat(limits(server, "api_server")).isEqualTo(ResourceSpec.of("2", "4g"));
    assertThat(limits(server, "relational_db")).isEqualTo(ResourceSpec.of("2", "4g"));
    assertThat(limits(server, "nginx")).isEqualTo(ResourceSpec.of("1", "1g"));
    assertThat(limits(server, "inference_model_server").memory()).contains(ByteSize.parse("5g"));
    assertThat(limits(server, "inference_model_server").cpus()).isEmpty();
    assertThat(server.service("opensearch").orElseThrow().environment())
        .containsEntry("OPENSEARCH_JAVA_OPTS", "-Xms2g -Xmx2g");
    assertThat(OnyxStack.defaults().service("opensearch").orElseThrow().environment())
        .containsEntry("OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m");
  }

  private static ResourceSpec limits(Stack s, String service) {
    return s.service(service).orElseThrow().resources().limits();
  }

  @Test
  void hostAdviceForTheLaptopFitsDockerDesktopWith8Gb() {
    HostAdvice laptop = OnyxStack.hostAdvice(OnyxStack.defaults());
    assertThat(laptop.memoryLimits()).isEqualTo(ByteSize.parse("7104m"));
    assertThat(laptop.headroom()).isEqualTo(ByteSize.parse("1g"));
    assertThat(laptop.memoryGigabytes()).isEqualTo(8);
    assertThat(laptop.processors()).isEqualTo(4);
    assertThat(laptop.unlimitedServices()).isEmpty();
    assertThat(laptop.wslconfig()).contains("[wsl2]\nmemory=8GB\nprocessors=4\nswap=2GB\n")
        .contains("wsl --shutdown").doesNotContain("\r");
    assertThat(laptop.dockerDesktopSuggestion()).contains("8 GB").contains("4 CPUs");

    HostAdvice server = OnyxStack.hostAdvice(OnyxStack.builder().profile(ResourceProfile.SERVER).build());
    // 36g of limits + 10% headroom
    assertThat(server.memoryLimits()).isEqualTo(ByteSize.parse("36g"));
    assertThat(server.memoryGigabytes()).isEqualTo(40);
    assertThat(server.processors()).isEqualTo(8);
    assertThat(server.wslconfig()).contains("memory=40GB\n").contains("processors=8\n").contains("swap=10GB\n");

    HostAdvice withLogging = OnyxStack.hostAdvice(OnyxStack.builder().withLogging(true).build());
    assertThat(withLogging.memoryGigabytes()).isGreaterThan(laptop.memoryGigabytes());

    Stack unlimited = OnyxStack.defaults().withService("nginx", b -> b.resources(
        dev.onyx.deploy.core.Resources.NONE));
    assertThat(OnyxStack.hostAdvice(unlimited).unlimitedServices()).containsExactly("nginx");
  }

  @Test
  void upstreamServicesAreConfiguredAsUpstream() {
    Stack s = OnyxStack.defaults();
    Service api = s.service("api_server").orElseThrow();
    String command = String.join(" ", api.command());
    assertThat(command).startsWith("sh -c alembic upgrade head && ");
    assertThat(command.indexOf("alembic upgrade head")).isLessThan(command.indexOf("uvicorn onyx.main:app"));
    assertThat(api.healthcheck().orElseThrow().startPeriod()).contains(java.time.Duration.ofSeconds(600));
    assertThat(api.extraHosts()).extracting(h -> h.host() + ":" + h.address())
        .containsExactly("host.docker.internal:host-gateway");
    Service db = s.service("relational_db").orElseThrow();
    assertThat(db.shmSize()).contains(ByteSize.parse("1g"));
    assertThat(db.command()).containsExactly("-c", "max_connections=250");
    Service cache = s.service("cache").orElseThrow();
    assertThat(cache.command()).containsExactly("redis-server", "--save", "", "--appendonly", "no");
    assertThat(cache.tmpfs()).containsExactly(Tmpfs.at("/data"));
    assertThat(cache.mounts()).isEmpty();
    Service os = s.service("opensearch").orElseThrow();
    assertThat(os.ulimits()).extracting(u -> u.name() + "=" + u.soft() + "/" + u.hard())
        .containsExactly("memlock=-1/-1", "nofile=65536/65536");
    assertThat(os.environment()).containsEntry("discovery.type", "single-node")
        .containsEntry("bootstrap.memory_lock", "true");
    assertThat(s.service("indexing_model_server").orElseThrow().environment())
        .containsEntry("INDEXING_ONLY", "True");
    assertThat(s.service("nginx").orElseThrow().dependsOn())
        .containsExactlyInAnyOrder(DependsOn.healthy("api_server"), DependsOn.healthy("web_server"));
    assertThat(s.service("nginx").orElseThrow().configs()).extracting(c -> c.configPath())
        .containsExactly("/etc/nginx/conf.d/default.conf");
  }

  @Test
  void codeInterpreterIsOffByDefaultAndMountsTheDockerSocketWhenOn() {
    assertThat(OnyxStack.defaults().service("code-interpreter")).isEmpty();
    assertThat(OnyxStack.defaults().service("api_server").orElseThrow().environment())
        .doesNotContainKey("CODE_INTERPRETER_BASE_URL");
    Stack on = OnyxStack.builder().withCodeInterpreter(true).build();
    Service ci = on.service("code-interpreter").orElseThrow();
    assertThat(ci.user()).contains("root");
    assertThat(ci.mounts()).containsExactly(Mount.bind("/var/run/docker.sock", "/var/run/docker.sock"));
    assertThat(ci.networkNames()).containsExactly("internal");
    assertThat(on.service("api_server").orElseThrow().environment())
        .containsEntry("CODE_INTERPRETER_BASE_URL", "http://code-interpreter:8000");
  }

  @Test
  void tlsWithOwnCertificatesAddsTheFilesAndAnHttpsServer() {
    Stack s = OnyxStack.builder().tls(Tls.ownCertificates("certs/onyx.crt", "certs/onyx.key")).build();
    assertThat(s.secret("nginx_tls_key").orElseThrow().location()).contains("certs/onyx.key");
    assertThat(s.config("nginx_tls_certificate").orElseThrow().file()).contains("certs/onyx.crt");
    String conf = s.config(OnyxNginx.CONFIG_NAME).orElseThrow().content().orElseThrow();
    assertThat(conf).contains("listen 443 ssl default_server;")
        .contains("ssl_certificate /etc/nginx/sslcerts/onyx.crt;")
        .contains("ssl_certificate_key /run/secrets/nginx_tls_key;");
    assertThat(s.service("api_server").orElseThrow().environment()).containsEntry("WEB_DOMAIN", "https://localhost");
    assertThat(OnyxStack.defaults().service("api_server").orElseThrow().environment())
        .containsEntry("WEB_DOMAIN", "http://localhost");
    assertThat(OnyxStack.builder().publishHttpPort(8080).build().service("api_server").orElseThrow()
        .environment()).containsEntry("WEB_DOMAIN", "http://localhost:8080");
    assertThat(OnyxStack.defaults().secret("nginx_tls_key")).isEmpty();
  }

  @Test
  void loggingOverlayIsAProfileWithFilebeatReadingTheContainerLogs() {
    Stack s = OnyxStack.builder().withLogging(true).build();
    for (String name : List.of("elasticsearch", "kibana", "filebeat")) {
      assertThat(s.service(name).orElseThrow().profiles()).containsExactly("logging");
    }
    Service fb = s.service("filebeat").orElseThrow();
    assertThat(fb.mounts()).contains(Mount.bind("/var/lib/docker/containers", "/var/lib/docker/containers").asReadOnly());
    assertThat(s.config("filebeat_config").orElseThrow().content().orElseThrow())
        .contains("/var/lib/docker/containers/*/*.log")
        .contains("container.labels.com_docker_compose_project: \"onyx\"")
        .contains("http://elasticsearch:9200");
    // Kibana has no login: reachable from this host only, on the seed's port
    assertThat(s.service("kibana").orElseThrow().ports())
        .containsExactly(PortMapping.publish(5601, 5601).onHostIp("127.0.0.1"));
    assertThat(OnyxStack.builder().withLogging(true).publishKibanaPort(15601).build().service("kibana")
        .orElseThrow().ports()).containsExactly(PortMapping.publish(15601, 5601).onHostIp("127.0.0.1"));
    assertThat(OnyxStack.defaults().profiles()).containsExactly("s3-filestore");
    assertThat(s.profiles()).containsExactly("logging", "s3-filestore");
  }

  /**
   * Each service's capabilities, as {@link Privileges} argues them from its image: everything
   * dropped, then back only what the image uses; no-new-privileges everywhere but code-interpreter.
   */
  @Test
  void servicesRunWithoutNewPrivilegesAndOnlyTheCapabilitiesTheirImagesUse() {
    Map<String, List<String>> expected = new java.util.HashMap<>();
    for (String none : List.of("web_server", "inference_model_server", "indexing_model_server", "opensearch",
        "minio", "elasticsearch", "kibana", "web", "model_server")) {
      expected.put(none, List.of());
    }
    for (String backend : List.of("api_server", "background", "api", "celery_worker")) {
      expected.put(backend, List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID"));
    }
    expected.put("relational_db", List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"));
    expected.put("postgres", expected.get("relational_db"));
    expected.put("cache", List.of("CHOWN", "SETGID", "SETUID"));
    expected.put("redis", expected.get("cache"));
    expected.put("nginx", List.of("CHOWN", "DAC_OVERRIDE", "NET_BIND_SERVICE", "SETGID", "SETUID"));
    expected.put("filebeat", List.of("DAC_OVERRIDE", "DAC_READ_SEARCH"));
    for (Stack s : everyCombination()) {
      for (Service svc : s.services()) {
        if (svc.name().equals("code-interpreter")) {
          assertThat(svc.capDrop()).isEmpty(); // it commands the engine: capabilities cannot narrow that
          assertThat(svc.securityOpt()).isEmpty();
          continue;
        }
        assertThat(svc.securityOpt()).as(svc.name()).containsExactly("no-new-privileges:true");
        assertThat(svc.capDrop()).as(svc.name()).containsExactly("ALL");
        assertThat(svc.capAdd()).as(svc.name()).containsExactlyElementsOf(expected.get(svc.name()));
      }
    }
  }

  @Test
  void postgresFileStoreDropsMinio() {
    Stack s = OnyxStack.builder().fileStore(FileStore.POSTGRES).build();
    assertThat(s.service("minio")).isEmpty();
    assertThat(s.volume("minio_data")).isEmpty();
    assertThat(s.secret("minio_root_user")).isEmpty();
    assertThat(s.service("api_server").orElseThrow().environment())
        .containsEntry("FILE_STORE_BACKEND", "postgres").doesNotContainKey("S3_ENDPOINT_URL");
    assertThat(s.service("api_server").orElseThrow().dependencyNames()).doesNotContain("minio");
  }

  @Test
  void everyObjectIsReachableForChangesThroughTheModel() {
    Stack s = OnyxStack.defaults()
        .withService("api_server", b -> b.env("LOG_LEVEL", "debug"))
        .withService("web_server", b -> b.image("registry.example/web:custom"));
    assertThat(s.service("api_server").orElseThrow().environment()).containsEntry("LOG_LEVEL", "debug");
    assertThat(s.service("web_server").orElseThrow().image()).contains("registry.example/web:custom");
    Stack renamed = s.toBuilder().name("onyx-staging").build();
    assertThat(renamed.name()).isEqualTo("onyx-staging");
    assertThat(OnyxStack.builder().name("staging").build().name()).isEqualTo("staging");
  }

  @Test
  void differencesFromUpstreamAreDocumentedWithReasons() {
    List<UpstreamDifference> d = OnyxStack.differencesFromUpstream();
    assertThat(d).isNotEmpty();
    assertThat(d).allSatisfy(x -> {
      assertThat(x.reason()).isNotBlank();
      assertThat(x.difference()).isNotBlank();
    });
    Set<String> paths = d.stream().map(UpstreamDifference::path).collect(Collectors.toSet());
    assertThat(paths).contains("services.code-interpreter", "secrets", "networks");
    assertThat(d.stream().map(UpstreamDifference::path).map(p -> p.toLowerCase(Locale.ROOT)))
        .doesNotHaveDuplicates();
  }

  @Test
  void cpuReservationsNeverExceedLimits() {
    for (Stack s : everyCombination()) {
      for (Service svc : s.services()) {
        ResourceSpec l = svc.resources().limits();
        ResourceSpec r = svc.resources().reservations();
        if (l.cpus().isPresent()) {
          assertThat(l.cpus().get().compareTo(r.cpus().orElse(BigDecimal.ZERO))).isGreaterThanOrEqualTo(0);
        }
        assertThat(l.memory().orElseThrow()).isGreaterThanOrEqualTo(r.memory().orElseThrow());
      }
    }
  }

  @Test
  void networkAttachmentsUseDeclaredNetworks() {
    Stack s = OnyxStack.defaults();
    Set<String> declared = s.networks().stream().map(Network::name).collect(Collectors.toSet());
    for (Service svc : s.services()) {
      assertThat(svc.networks()).extracting(NetworkAttachment::network).allMatch(declared::contains);
    }
  }
}
