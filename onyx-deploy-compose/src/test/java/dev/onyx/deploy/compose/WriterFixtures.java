package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.EnvFile;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.Volume;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-made stacks for the writer's tests: one that uses every field of the model. */
final class WriterFixtures {
  static final String GIVEN_SECRET_VALUE = "given-Value-$ecret-42";

  private WriterFixtures() {}

  /** A stack that sets every field of Service and every kind of secret, config, volume, network. */
  static Stack rich() {
    Service db = Service.builder("db")
        .image("postgres:16.4-alpine")
        .pullPolicy("missing")
        .platform("linux/amd64")
        .environment(orderedEnv())
        .secretEnv("POSTGRES_PASSWORD", "db-password")
        .addEnvFiles(EnvFile.of("./db.env"), new EnvFile("./optional.env", false))
        .addMounts(Mount.volume("db_data", "/var/lib/postgresql/data"),
            Mount.bind("./init", "/docker-entrypoint-initdb.d").asReadOnly(),
            Mount.tmpfs("/run/big").withTmpfsSize(ByteSize.ofMebibytes(64)))
        .addTmpfs(Tmpfs.at("/tmp"))
        .addNetworks(NetworkAttachment.to("backend", "database", "pg"))
        .healthcheck(Healthcheck.shell("pg_isready -U postgres -d $POSTGRES_DB")
            .withInterval(Duration.ofSeconds(5)).withTimeout(Duration.ofMillis(2500))
            .withRetries(10).withStartPeriod(Duration.ofSeconds(90))
            .withStartInterval(Duration.ofMillis(500)))
        .resources(new Resources(
            new ResourceSpec(Optional.of(new BigDecimal("1.5")), Optional.of(ByteSize.parse("2g")),
                Optional.of(512L)),
            new ResourceSpec(Optional.of(new BigDecimal("0.25")), Optional.of(ByteSize.parse("512m")),
                Optional.empty()),
            List.of()))
        .restart(RestartPolicy.UNLESS_STOPPED)
        .shmSize(ByteSize.ofMebibytes(256))
        .stopGracePeriod(Duration.ofSeconds(90))
        .stopSignal("SIGINT")
        .addUlimits(Ulimit.of("nofile", 65536), new Ulimit("nproc", 1024, 2048))
        .addSecrets(FileReference.of("db-password"),
            new FileReference("tls_key", Optional.of("/etc/ssl/private/key.pem"), Optional.of("70"),
                Optional.of("70"), Optional.of(0440)))
        .build();
    Service api = Service.builder("api")
        .build(Build.of("./backend").withDockerfile("Dockerfile.prod").withArg("VERSION", "1.2")
            .withArg("FROM_ENV", null).withTarget("runtime"))
        .image("shop/api:1.0")
        .command(List.of("sh", "-c", "alembic upgrade head && exec uvicorn app:app --port $PORT"))
        .entrypoint(List.of("/usr/bin/tini", "--"))
        .env("PORT", "8080")
        .env("FROM_HOST", null)
        .env("MULTI", "line one\nline two\n")
        .env("EMPTY", "")
        .secretEnv("API_KEY", "api_key")
        .addPorts(PortMapping.publish(8080, 8080).onHostIp("127.0.0.1"),
            TestValues.port(Optional.empty(), Optional.of(new PortRange(9000, 9002)),
                new PortRange(9000, 9002), Protocol.UDP, Optional.empty()),
            TestValues.port(Optional.of("::1"), Optional.of(PortRange.of(8443)), PortRange.of(443),
                Protocol.TCP, Optional.of("https")),
            PortMapping.exposed(5005))
        .addExpose("7000", "7001/udp")
        .addMounts(Mount.anonymousVolume("/cache"), Mount.bind("models", "/models"))
        .addNetworks(NetworkAttachment.to("backend"),
            TestValues.attachment("front", List.of(), Optional.of("172.28.0.10")))
        .addDependsOn(DependsOn.healthy("db"), DependsOn.completed("migrate").optional(),
            DependsOn.started("cache").withRestart())
        .healthcheck(Healthcheck.cmd("curl", "-f", "http://localhost:8080/health"))
        .resources(Resources.NONE.withReservations(ResourceSpec.NONE)
            .withDevices(List.of(DeviceRequest.allGpus(),
                new DeviceRequest(Optional.of("nvidia"), Optional.empty(), List.of("0", "3"),
                    List.of("gpu", "compute"), Map.of("virtualization", "false")))))
        .restart(RestartPolicy.onFailure(3))
        .user("1000:1000")
        .workingDir("/app")
        .hostname("api-host")
        .containerName("shop-api")
        .label("com.example.tier", "backend")
        .label("com.example.cost", "$5/month")
        .label("yes", "no")
        .logging(Logging.jsonFile("50m", 5))
        .addExtraHosts(new ExtraHost("host.docker.internal", "host-gateway"),
            new ExtraHost("v6only", "::1"))
        .addDns("1.1.1.1", "8.8.8.8")
        .init(true)
        .readOnly(true)
        .privileged(true)
        .tty(true)
        .stdinOpen(true)
        .addCapAdd("NET_ADMIN")
        .addCapDrop("ALL")
        .addSecurityOpt("no-new-privileges:true")
        .sysctl("net.core.somaxconn", "1024")
        .addDevices("/dev/fuse:/dev/fuse")
        .runtime("runc")
        .addSecrets(FileReference.of("api_key", "api_key.txt"))
        .addConfigs(FileReference.of("nginx", "/etc/nginx/conf.d/default.conf").withMode(0444),
            FileReference.of("plain"))
        .build();
    Service migrate = Service.builder("migrate").image("shop/api:1.0")
        .command(List.of("true"))
        .addProfiles("tools", "on")
        .networkMode("none")
        .init(false)
        .healthcheck(Healthcheck.none())
        .restart(RestartPolicy.NO)
        .build();
    Service cache = Service.builder("cache").image("redis:7")
        .addNetworks(NetworkAttachment.to("backend"))
        .addMounts(Mount.anonymousVolume("/ro-data").asReadOnly())
        .build();
    return Stack.builder("rich-shop")
        .addService(db, api, migrate, cache)
        .addVolume(Volume.named("db_data").withLabel("backup", "nightly"),
            Volume.named("models").withDriver("local").withDriverOption("type", "none")
                .withDriverOption("o", "bind").withDriverOption("device", "/srv/models"),
            Volume.external("shared").withCustomName("shared-cache"))
        .addNetwork(Network.named("backend").asInternal().withLabel("tier", "back"),
            Network.named("front").withSubnet("172.28.0.0/16").withDriver("bridge"),
            Network.external("outside").withCustomName("proxy-net"))
        .addSecret(Secret.generated("db-password"), Secret.ofValue("api_key", GIVEN_SECRET_VALUE),
            Secret.fromFile("tls_key", "./tls/key.pem"), Secret.fromEnvironment("ci_token", "CI_TOKEN"))
        .addConfig(ConfigFile.inline("nginx", "nginx.conf",
                "server {\n  listen 80;\n  location / { proxy_pass http://api:8080; }\n  # $host\n}\n"),
            ConfigFile.inline("plain", "plain text\r\nwith CRLF\r\n"),
            ConfigFile.fromFile("extra", "./extra.conf"))
        .build();
  }

  private static Map<String, String> orderedEnv() {
    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
    m.put("POSTGRES_DB", "shop");
    m.put("BOOL_LIKE", "yes");
    m.put("NUMBER_LIKE", "1.0");
    m.put("NULL_LIKE", "null");
    m.put("TILDE", "~");
    m.put("ON", "on");
    m.put("DOLLAR", "pa$$word ${NOT_A_VAR}");
    m.put("QUOTES", "it's \"quoted\"");
    m.put("COLON", "a: b # not a comment");
    m.put("LEADING_SPACE", "  x");
    m.put("UNICODE", "héllo wörld ✓");
    return m;
  }
}
