package dev.onyx.deploy.preset;

import static dev.onyx.deploy.preset.OnyxStack.*;

import dev.onyx.deploy.core.BackupLabels;
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
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.Volume;
import dev.onyx.deploy.preset.Sizing.Role;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/** Builds the preset's stack from the builder's options. */
final class PresetFactory {
  private static final Logger LOG = LoggerFactory.getLogger(PresetFactory.class);

  static final String BACKEND_IMAGE = "onyxdotapp/onyx-backend";
  static final String WEB_IMAGE = "onyxdotapp/onyx-web-server";
  static final String MODEL_SERVER_IMAGE = "onyxdotapp/onyx-model-server";
  static final String CODE_INTERPRETER_IMAGE = "onyxdotapp/code-interpreter";
  static final String POSTGRES_IMAGE = "postgres:15.2-alpine";
  static final String REDIS_IMAGE = "redis:7.4-alpine";
  static final String NGINX_IMAGE = "nginx:1.25.5-alpine";
  static final String OPENSEARCH_IMAGE = "opensearchproject/opensearch:3.6.0";
  static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-07-23T15-54-02Z-cpuv1";
  static final String ELASTIC_VERSION = "8.17.4";
  static final String ELASTICSEARCH_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:" + ELASTIC_VERSION;
  static final String KIBANA_IMAGE = "docker.elastic.co/kibana/kibana:" + ELASTIC_VERSION;
  static final String FILEBEAT_IMAGE = "docker.elastic.co/beats/filebeat:" + ELASTIC_VERSION;

  static final String BUCKET = "onyx-file-store-bucket";
  static final String POSTGRES_USER = "postgres";
  static final String OPERATOR_ENV_FILE = "onyx.env";
  static final Logging LOGGING = Logging.jsonFile("50m", 6);

  private final OnyxStack.Builder o;
  private final FileStore fileStore;

  PresetFactory(OnyxStack.Builder options) {
    this.o = options;
    this.fileStore = options.fileStore != null ? options.fileStore
        : options.layout == Layout.CLASSIC ? FileStore.POSTGRES : FileStore.S3_MINIO;
  }

  Stack build() {
    Stack.Builder b = Stack.builder(o.name);
    b.addNetwork(Network.named(NETWORK_INTERNAL).asInternal(), Network.named(NETWORK_PUBLIC));
    if (o.outboundAccess) {
      b.addNetwork(Network.named(NETWORK_EGRESS));
    }
    if (o.layout == Layout.CLASSIC) {
      classic(b);
    } else {
      upstream(b);
    }
    if (o.logging) {
      logging(b);
    }
    b.addConfig(OnyxNginx.forServices(o.name, b.services(), o.tls.enabled()));
    if (o.tls.enabled()) {
      b.addConfig(ConfigFile.fromFile(CONFIG_NGINX_TLS_CERTIFICATE, o.tls.certificateFile().orElseThrow()));
      b.addSecret(Secret.fromFile(SECRET_NGINX_TLS_KEY, o.tls.keyFile().orElseThrow()));
    }
    Stack stack = b.build();
    LOG.debug("built Onyx preset '{}' ({} layout, {} profile): {}", o.name, o.layout, o.profile,
        stack.serviceNames());
    return stack;
  }

  // ---------------------------------------------------------------------------------------------
  // Upstream layout

  private void upstream(Stack.Builder b) {
    b.addVolume(Volume.named("db_volume"));
    if (fileStore == FileStore.S3_MINIO) {
      b.addVolume(BackupLabels.filesLive(Volume.named("minio_data")));
    }
    b.addVolume(BackupLabels.skip(Volume.named("model_cache_huggingface")),
        BackupLabels.skip(Volume.named("indexing_huggingface_model_cache")),
        BackupLabels.filesLive(Volume.named("api_server_logs")), BackupLabels.filesLive(Volume.named("background_logs")),
        BackupLabels.filesLive(Volume.named("inference_model_server_logs")),
        BackupLabels.filesLive(Volume.named("indexing_model_server_logs")),
        BackupLabels.filesLive(Volume.named("file-system")),
        // OpenSearch's index files are only consistent while it is stopped (see BACKUP in the class doc)
        BackupLabels.filesWithWritersStopped(Volume.named("opensearch-data")));
    commonSecrets(b);
    b.addSecret(Secret.generatedPassword(SECRET_OPENSEARCH_ADMIN_PASSWORD, 32));
    if (fileStore == FileStore.S3_MINIO) {
      b.addSecret(Secret.generated(SECRET_MINIO_ROOT_USER, 20), Secret.generated(SECRET_MINIO_ROOT_PASSWORD, 40));
    }

    // api_server
    Service.Builder api = onyxBackend(API_SERVER, Role.API)
        .shellCommand("alembic upgrade head && echo \"Starting Onyx Api Server\" && "
            + "uvicorn onyx.main:app --host 0.0.0.0 --port 8080")
        .addDependsOn(DependsOn.started(RELATIONAL_DB), DependsOn.started(OPENSEARCH),
            DependsOn.started(CACHE), DependsOn.started(INFERENCE_MODEL_SERVER));
    if (fileStore == FileStore.S3_MINIO) {
      api.addDependsOn(DependsOn.started(MINIO).optional());
    }
    api.env("AUTH_TYPE", "basic");
    backendEnv(api, RELATIONAL_DB, CACHE, INFERENCE_MODEL_SERVER, null);
    api.env("OPENSEARCH_HOST", OPENSEARCH).secretEnv("OPENSEARCH_ADMIN_PASSWORD", SECRET_OPENSEARCH_ADMIN_PASSWORD);
    if (o.codeInterpreter) {
      api.env("CODE_INTERPRETER_BASE_URL", "http://" + CODE_INTERPRETER + ":8000");
    }
    s3Env(api);
    api.env("ENABLE_CRAFT", "false")
        .env("WEB_DOMAIN", webDomain())
        .addExpose("8080")
        .addMounts(Mount.volume("api_server_logs", "/var/log/onyx"), Mount.volume("file-system", "/app/file-system"))
        .healthcheck(pythonGet("http://localhost:8080/health").withInterval(sec(30))
            .withTimeout(sec(20)).withRetries(3).withStartPeriod(sec(600)));
    b.addService(api.build());

    // background
    Service.Builder bg = onyxBackend(BACKGROUND, Role.BACKGROUND)
        .shellCommand("if [ -f /etc/ssl/certs/custom-ca.crt ]; then update-ca-certificates; fi && "
            + "/app/scripts/supervisord_entrypoint.sh")
        .addDependsOn(DependsOn.started(RELATIONAL_DB), DependsOn.started(OPENSEARCH),
            DependsOn.started(CACHE), DependsOn.started(INFERENCE_MODEL_SERVER),
            DependsOn.started(INDEXING_MODEL_SERVER));
    backendEnv(bg, RELATIONAL_DB, CACHE, INFERENCE_MODEL_SERVER, INDEXING_MODEL_SERVER);
    bg.env("OPENSEARCH_HOST", OPENSEARCH).secretEnv("OPENSEARCH_ADMIN_PASSWORD", SECRET_OPENSEARCH_ADMIN_PASSWORD);
    s3Env(bg);
    bg.env("DISCORD_BOT_INVOKE_CHAR", "!")
        .env("API_SERVER_PROTOCOL", "http")
        .env("API_SERVER_HOST", API_SERVER)
        .env("ENABLE_CRAFT", "false")
        .env("WEB_DOMAIN", webDomain())
        .addMounts(Mount.volume("background_logs", "/var/log/onyx"), Mount.volume("file-system", "/app/file-system"));
    b.addService(bg.build());

    // web_server
    b.addService(web(WEB_SERVER, API_SERVER, DependsOn.started(API_SERVER)));

    // model servers
    b.addService(modelServer(INFERENCE_MODEL_SERVER, Role.INFERENCE, "model_cache_huggingface",
        "inference_model_server_logs", false));
    b.addService(modelServer(INDEXING_MODEL_SERVER, Role.INDEXING, "indexing_huggingface_model_cache",
        "indexing_model_server_logs", true));

    b.addService(postgres(RELATIONAL_DB));

    // opensearch
    b.addService(Privileges.only(base(OPENSEARCH, Role.SEARCH, image(OPENSEARCH_IMAGE)), Privileges.NONE)
        .env("discovery.type", "single-node")
        .secretEnv("OPENSEARCH_INITIAL_ADMIN_PASSWORD", SECRET_OPENSEARCH_ADMIN_PASSWORD)
        .env("bootstrap.memory_lock", "true")
        .env("OPENSEARCH_JAVA_OPTS", "-Xms" + Sizing.searchHeap(o.profile) + " -Xmx" + Sizing.searchHeap(o.profile))
        .user("1000:1000")
        .addMounts(Mount.volume("opensearch-data", "/usr/share/opensearch/data"))
        .addUlimits(Ulimit.of("memlock", -1), Ulimit.of("nofile", 65536))
        .addExpose("9200")
        .build());

    b.addService(nginx(WEB_SERVER, API_SERVER, true));
    b.addService(redis(CACHE, false));

    if (fileStore == FileStore.S3_MINIO) {
      b.addService(minio());
    }
    if (o.codeInterpreter) {
      b.addService(base(CODE_INTERPRETER, Role.CODE_INTERPRETER,
              image(CODE_INTERPRETER_IMAGE + ":" + o.codeInterpreterTag))
          .command("bash", "./entrypoint.sh", "code-interpreter-api")
          .user("root")
          .addMounts(Mount.bind("/var/run/docker.sock", "/var/run/docker.sock"))
          .addExpose("8000")
          .build());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Classic layout

  private void classic(Stack.Builder b) {
    b.addVolume(Volume.named("db_volume"), BackupLabels.skip(Volume.named("model_cache_huggingface")),
        BackupLabels.filesLive(Volume.named("file-system")));
    if (fileStore == FileStore.S3_MINIO) {
      b.addVolume(BackupLabels.filesLive(Volume.named("minio_data")));
      b.addSecret(Secret.generated(SECRET_MINIO_ROOT_USER, 20), Secret.generated(SECRET_MINIO_ROOT_PASSWORD, 40));
    }
    commonSecrets(b);

    Service.Builder api = onyxBackend(API, Role.API)
        .shellCommand("alembic upgrade head && echo \"Starting Onyx Api Server\" && "
            + "uvicorn onyx.main:app --host 0.0.0.0 --port 8080")
        .addDependsOn(DependsOn.healthy(POSTGRES), DependsOn.healthy(REDIS), DependsOn.started(MODEL_SERVER));
    if (fileStore == FileStore.S3_MINIO) {
      api.addDependsOn(DependsOn.started(MINIO).optional());
    }
    api.env("AUTH_TYPE", "basic");
    backendEnv(api, POSTGRES, REDIS, MODEL_SERVER, MODEL_SERVER);
    api.env("DISABLE_VECTOR_DB", "true");
    s3Env(api);
    api.env("WEB_DOMAIN", webDomain())
        .addExpose("8080")
        .addMounts(Mount.volume("file-system", "/app/file-system"))
        .healthcheck(pythonGet("http://localhost:8080/health").withInterval(sec(30))
            .withTimeout(sec(20)).withRetries(3).withStartPeriod(sec(600)));
    b.addService(api.build());

    b.addService(web(WEB, API, DependsOn.started(API)));

    b.addService(modelServer(MODEL_SERVER, Role.INFERENCE, "model_cache_huggingface", null, false));

    Service.Builder worker = onyxBackend(CELERY_WORKER, Role.BACKGROUND)
        .shellCommand("/app/scripts/supervisord_entrypoint.sh")
        // migrations run in api: workers start once it is healthy
        .addDependsOn(DependsOn.healthy(POSTGRES), DependsOn.healthy(REDIS),
            DependsOn.started(MODEL_SERVER), DependsOn.healthy(API));
    backendEnv(worker, POSTGRES, REDIS, MODEL_SERVER, MODEL_SERVER);
    worker.env("DISABLE_VECTOR_DB", "true");
    s3Env(worker);
    worker.env("API_SERVER_PROTOCOL", "http").env("API_SERVER_HOST", API)
        .env("WEB_DOMAIN", webDomain())
        .addMounts(Mount.volume("file-system", "/app/file-system"));
    b.addService(worker.build());

    b.addService(postgres(POSTGRES));
    b.addService(redis(REDIS, true));
    b.addService(nginx(WEB, API, false));
    if (fileStore == FileStore.S3_MINIO) {
      b.addService(minio());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Services shared by both layouts

  private void commonSecrets(Stack.Builder b) {
    b.addSecret(Secret.generated(SECRET_USER_AUTH, 64), Secret.generated(SECRET_ENCRYPTION_KEY, 32),
        Secret.generated(SECRET_POSTGRES_PASSWORD, 32), Secret.generated(SECRET_DB_READONLY_PASSWORD, 32));
  }

  private Service.Builder base(String name, Role role, String image) {
    return Service.builder(name).image(image)
        .restart(RestartPolicy.UNLESS_STOPPED)
        .logging(LOGGING)
        .resources(Sizing.of(o.profile, role))
        .addNetworks(NetworkAttachment.to(NETWORK_INTERNAL));
  }

  private Service.Builder withEgress(Service.Builder s) {
    if (o.outboundAccess) {
      s.addNetworks(NetworkAttachment.to(NETWORK_EGRESS));
    }
    return s;
  }

  private Service.Builder onyxBackend(String name, Role role) {
    return Privileges.only(withEgress(base(name, role, image(BACKEND_IMAGE + ":" + o.tag))), Privileges.ONYX_BACKEND)
        .addEnvFiles(new EnvFile(OPERATOR_ENV_FILE, false))
        .addExtraHosts(new ExtraHost("host.docker.internal", "host-gateway"));
  }

  private void backendEnv(Service.Builder s, String db, String cache, String model, @Nullable String indexing) {
    s.env("FILE_STORE_BACKEND", fileStore == FileStore.S3_MINIO ? "s3" : "postgres")
        .env("POSTGRES_HOST", db)
        .env("POSTGRES_USER", POSTGRES_USER)
        .secretEnv("POSTGRES_PASSWORD", SECRET_POSTGRES_PASSWORD)
        .env("DB_READONLY_USER", "db_readonly_user")
        .secretEnv("DB_READONLY_PASSWORD", SECRET_DB_READONLY_PASSWORD)
        .env("REDIS_HOST", cache)
        .env("MODEL_SERVER_HOST", model);
    if (indexing != null) {
      s.env("INDEXING_MODEL_SERVER_HOST", indexing);
    }
    s.secretEnv("USER_AUTH_SECRET", SECRET_USER_AUTH)
        .secretEnv("ENCRYPTION_KEY_SECRET", SECRET_ENCRYPTION_KEY);
  }

  private void s3Env(Service.Builder s) {
    if (fileStore == FileStore.S3_MINIO) {
      s.env("S3_ENDPOINT_URL", "http://" + MINIO + ":9000")
          .secretEnv("S3_AWS_ACCESS_KEY_ID", SECRET_MINIO_ROOT_USER)
          .secretEnv("S3_AWS_SECRET_ACCESS_KEY", SECRET_MINIO_ROOT_PASSWORD)
          .env("S3_FILE_STORE_BUCKET_NAME", BUCKET);
    }
  }

  private Service web(String name, String api, DependsOn dependsOnApi) {
    return Privileges.only(base(name, Role.WEB, image(WEB_IMAGE + ":" + o.tag)), Privileges.NONE)
        .addEnvFiles(new EnvFile(OPERATOR_ENV_FILE, false))
        .addDependsOn(dependsOnApi)
        .env("INTERNAL_URL", "http://" + api + ":8080")
        .addExpose("3000")
        .healthcheck(Healthcheck.cmd("node", "-e",
                "require('http').get('http://127.0.0.1:3000/', (r) => process.exit(r.statusCode < 500 ? 0 : 1))"
                    + ".on('error', () => process.exit(1))")
            .withInterval(sec(30)).withTimeout(sec(10)).withRetries(5).withStartPeriod(sec(30)))
        .build();
  }

  private Service modelServer(String name, Role role, String cacheVolume, @Nullable String logVolume, boolean indexing) {
    Service.Builder s = Privileges.only(withEgress(base(name, role, image(MODEL_SERVER_IMAGE + ":" + o.tag))),
            Privileges.NONE)
        .addEnvFiles(new EnvFile(OPERATOR_ENV_FILE, false))
        .addMounts(Mount.volume(cacheVolume, "/app/.cache/huggingface/"))
        .addExpose("9000")
        .healthcheck(pythonGet("http://localhost:9000/api/health").withInterval(sec(20))
            .withTimeout(sec(5)).withRetries(3).withStartPeriod(sec(600)));
    if (logVolume != null) {
      s.addMounts(Mount.volume(logVolume, "/var/log/onyx"));
    }
    if (indexing) {
      s.env("INDEXING_ONLY", "True");
    }
    if (o.gpu) {
      Resources r = Sizing.of(o.profile, role);
      s.resources(r.withDevices(List.of(DeviceRequest.allGpus())));
    }
    return s.build();
  }

  private Service postgres(String name) {
    return Privileges.only(BackupLabels.postgresDump(base(name, Role.DB, image(POSTGRES_IMAGE)), POSTGRES_USER),
            Privileges.POSTGRES)
        .shmSize(ByteSize.parse("1g"))
        .command("-c", "max_connections=250")
        .env("POSTGRES_USER", POSTGRES_USER)
        .secretEnv("POSTGRES_PASSWORD", SECRET_POSTGRES_PASSWORD)
        .addMounts(Mount.volume("db_volume", "/var/lib/postgresql/data"))
        .addExpose("5432")
        .healthcheck(Healthcheck.shell("pg_isready -U " + POSTGRES_USER).withInterval(sec(10))
            .withTimeout(sec(5)).withRetries(5))
        .build();
  }

  private Service redis(String name, boolean healthcheck) {
    Service.Builder s = Privileges.only(base(name, Role.CACHE, image(REDIS_IMAGE)), Privileges.REDIS)
        .command("redis-server", "--save", "", "--appendonly", "no")
        .addTmpfs(Tmpfs.at("/data"))
        .addExpose("6379");
    if (healthcheck) {
      s.healthcheck(Healthcheck.cmd("redis-cli", "ping").withInterval(sec(10)).withTimeout(sec(5))
          .withRetries(5));
    }
    return s.build();
  }

  private Service minio() {
    return Privileges.only(base(MINIO, Role.MINIO, image(MINIO_IMAGE)), Privileges.NONE)
        .addProfiles(PROFILE_S3_FILESTORE)
        .secretEnv("MINIO_ROOT_USER", SECRET_MINIO_ROOT_USER)
        .secretEnv("MINIO_ROOT_PASSWORD", SECRET_MINIO_ROOT_PASSWORD)
        .env("MINIO_DEFAULT_BUCKETS", BUCKET)
        .addMounts(Mount.volume("minio_data", "/data"))
        .command("server", "/data", "--console-address", ":9001")
        .addExpose("9000")
        .healthcheck(Healthcheck.cmd("mc", "ready", "local").withInterval(sec(30)).withTimeout(sec(20))
            .withRetries(3))
        .build();
  }

  private Service nginx(String web, String api, boolean webHealthy) {
    Service.Builder s = Privileges.only(base(NGINX, Role.NGINX, image(NGINX_IMAGE)), Privileges.NGINX)
        .addNetworks(NetworkAttachment.to(NETWORK_PUBLIC))
        .addDependsOn(DependsOn.healthy(api), webHealthy ? DependsOn.healthy(web) : DependsOn.started(web))
        .addPorts(publish(o.httpPort, 80))
        .addConfigs(FileReference.of(OnyxNginx.CONFIG_NAME, OnyxNginx.TARGET))
        .healthcheck(Healthcheck.cmd("wget", "--quiet", "--tries=1", "--spider",
                "http://127.0.0.1" + OnyxNginx.HEALTH_PATH)
            .withInterval(sec(30)).withTimeout(sec(10)).withRetries(5).withStartPeriod(sec(30)));
    if (o.tls.enabled()) {
      s.addPorts(publish(o.httpsPort, 443))
          .addConfigs(FileReference.of(CONFIG_NGINX_TLS_CERTIFICATE, OnyxNginx.CERTIFICATE_PATH))
          .addSecrets(FileReference.of(SECRET_NGINX_TLS_KEY));
    }
    return s.build();
  }

  private PortMapping publish(int hostPort, int containerPort) {
    PortMapping p = hostPort == 0 ? PortMapping.exposed(containerPort) : PortMapping.publish(hostPort, containerPort);
    return o.bindAddress != null ? p.onHostIp(o.bindAddress) : p;
  }

  // ---------------------------------------------------------------------------------------------
  // Logging overlay

  private void logging(Stack.Builder b) {
    b.addVolume(BackupLabels.skip(Volume.named("elasticsearch-data")));
    String heap = Sizing.elasticsearchHeap(o.profile);
    b.addService(Privileges.only(base(ELASTICSEARCH, Role.ELASTICSEARCH, image(ELASTICSEARCH_IMAGE)), Privileges.NONE)
        .addProfiles(PROFILE_LOGGING)
        .env("discovery.type", "single-node")
        // only reachable on the internal network; see the Javadoc of OnyxStack.Builder#withLogging
        .env("xpack.security.enabled", "false")
        .env("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap)
        .user("1000:0")
        .addUlimits(Ulimit.of("nofile", 65536))
        .addMounts(Mount.volume("elasticsearch-data", "/usr/share/elasticsearch/data"))
        .addExpose("9200")
        .healthcheck(Healthcheck.cmd("curl", "-fs", "http://localhost:9200/_cluster/health?wait_for_status=yellow&timeout=5s")
            .withInterval(sec(15)).withTimeout(sec(10)).withRetries(10).withStartPeriod(sec(120)))
        .build());
    Service.Builder kibana = Privileges.only(base(KIBANA, Role.KIBANA, image(KIBANA_IMAGE)), Privileges.NONE)
        .addProfiles(PROFILE_LOGGING)
        .env("ELASTICSEARCH_HOSTS", "http://" + ELASTICSEARCH + ":9200")
        .user("1000:0")
        .addDependsOn(DependsOn.healthy(ELASTICSEARCH))
        // Kibana has no login (Elasticsearch's security is off): published on this host only
        .addNetworks(NetworkAttachment.to(NETWORK_PUBLIC))
        .addPorts((o.kibanaPort == 0 ? PortMapping.exposed(5601) : PortMapping.publish(o.kibanaPort, 5601))
            .onHostIp("127.0.0.1"))
        .healthcheck(Healthcheck.cmd("curl", "-fs", "http://localhost:5601/api/status")
            .withInterval(sec(15)).withTimeout(sec(10)).withRetries(10).withStartPeriod(sec(120)));
    b.addService(kibana.build());
    b.addConfig(ConfigFile.inline(CONFIG_FILEBEAT, "filebeat.yml", filebeatConfig()));
    b.addService(Privileges.only(base(FILEBEAT, Role.FILEBEAT, image(FILEBEAT_IMAGE)), Privileges.FILEBEAT)
        .addProfiles(PROFILE_LOGGING)
        // reads every container's json-file log and asks the engine for container labels
        .user("root")
        .command("-e", "--strict.perms=false")
        .addMounts(Mount.bind("/var/lib/docker/containers", "/var/lib/docker/containers").asReadOnly(),
            Mount.bind("/var/run/docker.sock", "/var/run/docker.sock").asReadOnly())
        .addConfigs(new FileReference(CONFIG_FILEBEAT, Optional.of("/usr/share/filebeat/filebeat.yml"),
            Optional.empty(), Optional.empty(), Optional.of(0444)))
        .addDependsOn(DependsOn.healthy(ELASTICSEARCH))
        .build());
  }

  private String filebeatConfig() {
    return "# Generated by onyx-deploy: ships the json-file logs of stack '" + o.name + "' to Elasticsearch.\n"
        + "filebeat.inputs:\n"
        + "  - type: filestream\n"
        + "    id: onyx-containers\n"
        + "    paths:\n"
        + "      - /var/lib/docker/containers/*/*.log\n"
        + "    parsers:\n"
        + "      - container: ~\n"
        + "processors:\n"
        + "  - add_docker_metadata:\n"
        + "      host: \"unix:///var/run/docker.sock\"\n"
        + "  - drop_event:\n"
        + "      when:\n"
        + "        not:\n"
        + "          equals:\n"
        + "            container.labels.com_docker_compose_project: \"" + o.name + "\"\n"
        + "output.elasticsearch:\n"
        + "  hosts: [\"http://" + ELASTICSEARCH + ":9200\"]\n"
        + "setup.kibana:\n"
        + "  host: \"http://" + KIBANA + ":5601\"\n";
  }

  // ---------------------------------------------------------------------------------------------

  /** Applies the registry prefix. */
  String image(String reference) {
    if (o.registry.isEmpty()) {
      return reference;
    }
    String path = reference;
    int slash = reference.indexOf('/');
    String first = slash < 0 ? "" : reference.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      path = reference.substring(slash + 1); // another registry: keep only its path
    } else if (slash < 0) {
      path = "library/" + reference; // a Docker Hub official image
    }
    return o.registry + path;
  }

  private String webDomain() {
    if (o.webDomain != null) {
      return o.webDomain;
    }
    if (o.tls.enabled()) {
      return "https://localhost" + (o.httpsPort == 443 || o.httpsPort == 0 ? "" : ":" + o.httpsPort);
    }
    return "http://localhost" + (o.httpPort == 80 || o.httpPort == 0 ? "" : ":" + o.httpPort);
  }

  private static Healthcheck pythonGet(String url) {
    return Healthcheck.cmd("python", "-c", "import urllib.request; urllib.request.urlopen('" + url + "')");
  }

  private static Duration sec(long s) {
    return Duration.ofSeconds(s);
  }

}
