package dev.onyx.deploy.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a stack: an image (or a build), how its container runs, and what it waits for,
 * like one entry of compose's {@code services}. Every attribute of a compose service has its
 * accessor here, named after the compose key ({@code working_dir} is {@link #workingDir()}); the
 * container's own resource knobs ({@code cpus}, {@code mem_limit}, {@code blkio_config}...) are
 * grouped in {@link #containerLimits()} and the {@code deploy} section in {@link #deploy()}.
 * Immutable; make one with {@link #builder(String)} and change a copy with {@link #toBuilder()}.
 *
 * <pre>
 * Service api = Service.builder("api")
 *     .image("onyxdotapp/onyx-backend:latest")
 *     .command(List.of("sh", "-c", "alembic upgrade head &amp;&amp; uvicorn onyx.main:app"))
 *     .env("POSTGRES_HOST", "relational_db")
 *     .secretEnv("POSTGRES_PASSWORD", "postgres_password")
 *     .healthcheck(Healthcheck.cmd("curl", "-f", "http://localhost:8080/health"))
 *     .addDependsOn(DependsOn.healthy("relational_db"))
 *     .build();
 * </pre>
 *
 * <p>Absent values are {@link Optional#empty()} or empty collections and mean compose's default.
 * The builder checks only that values are present; whether a service fits its stack (names,
 * references, ports, durations...) is checked by {@link Stack.Builder#build()}, which reports every
 * problem at once.
 */
public final class Service {
  private final ServiceValues v;

  private Service(ServiceValues v) {
    this.v = v;
  }

  /**
   * @param name the service's name
   * @return a builder for a service of that name
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** @return a builder holding this service's values, to change a copy */
  public Builder toBuilder() {
    Builder b = new Builder(v.name());
    b.copyFrom(this);
    return b;
  }

  /** @return the service's name (its DNS name on the stack's networks) */
  public String name() {
    return v.name();
  }

  /** @return the image reference, e.g. {@code postgres:15.2-alpine} (compose {@code image}) */
  public Optional<String> image() {
    return v.image();
  }

  /** @return how the image is built (compose {@code build}) */
  public Optional<Build> build() {
    return v.build();
  }

  /** @return when the image is pulled, e.g. {@code missing} or {@code daily} (compose {@code pull_policy}) */
  public Optional<String> pullPolicy() {
    return v.pullPolicy();
  }

  /** @return how old a pulled image may get before it is pulled again (compose {@code pull_refresh_after}) */
  public Optional<String> pullRefreshAfter() {
    return v.pullRefreshAfter();
  }

  /** @return the target platform, e.g. {@code linux/amd64} (compose {@code platform}) */
  public Optional<String> platform() {
    return v.platform();
  }

  /** @return the argv; empty means the image's unless {@link Service#emptyCommand()} (compose {@code command}) */
  public List<String> command() {
    return v.command();
  }

  /** @return whether the command is set to nothing, which clears the image's own (compose {@code command: []}) */
  public boolean emptyCommand() {
    return v.emptyCommand();
  }

  /** @return the argv; empty means the image's unless {@link Service#emptyEntrypoint()} (compose {@code entrypoint}) */
  public List<String> entrypoint() {
    return v.entrypoint();
  }

  /** @return whether the entrypoint is set to nothing, which clears the image's own (compose {@code entrypoint: []}) */
  public boolean emptyEntrypoint() {
    return v.emptyEntrypoint();
  }

  /** @return variables in order; a null value is taken from the deploying environment (compose {@code environment}) */
  public Map<String, String> environment() {
    return v.environment();
  }

  /** @return variables fed from a stack secret (variable to secret) (compose {@code environment: VAR=${S}}) */
  public Map<String, String> secretEnvironment() {
    return v.secretEnvironment();
  }

  /** @return env files whose variables the service gets (compose {@code env_file}) */
  public List<EnvFile> envFiles() {
    return v.envFiles();
  }

  /** @return files of {@code KEY=value} lines whose labels the service gets (compose {@code label_file}) */
  public List<String> labelFiles() {
    return v.labelFiles();
  }

  /** @return the working directory (compose {@code working_dir}) */
  public Optional<String> workingDir() {
    return v.workingDir();
  }

  /** @return the user (and group) the process runs as, e.g. {@code 1000:1000} (compose {@code user}) */
  public Optional<String> user() {
    return v.user();
  }

  /** @return extra groups the process is a member of (compose {@code group_add}) */
  public List<String> groupAdd() {
    return v.groupAdd();
  }

  /** @return whether an init process reaps zombies (compose {@code init}) */
  public Optional<Boolean> init() {
    return v.init();
  }

  /** @return whether a TTY is allocated (compose {@code tty}) */
  public boolean tty() {
    return v.tty();
  }

  /** @return whether stdin is kept open (compose {@code stdin_open}) */
  public boolean stdinOpen() {
    return v.stdinOpen();
  }

  /** @return whether the deploying tool follows the logs (compose's default: yes) (compose {@code attach}) */
  public Optional<Boolean> attach() {
    return v.attach();
  }

  /** @return the signal that stops the container (compose {@code stop_signal}) */
  public Optional<String> stopSignal() {
    return v.stopSignal();
  }

  /** @return how long a stop waits before killing (compose {@code stop_grace_period}) */
  public Optional<Duration> stopGracePeriod() {
    return v.stopGracePeriod();
  }

  /** @return commands run in the container right after it started (compose {@code post_start}) */
  public List<ServiceHook> postStart() {
    return v.postStart();
  }

  /** @return commands run in the container before it is stopped (compose {@code pre_stop}) */
  public List<ServiceHook> preStop() {
    return v.preStop();
  }

  /** @return the healthcheck; empty means the image's (compose {@code healthcheck}) */
  public Optional<Healthcheck> healthcheck() {
    return v.healthcheck();
  }

  /** @return the restart policy; empty means {@code no} (compose {@code restart}) */
  public Optional<RestartPolicy> restart() {
    return v.restart();
  }

  /** @return the number of containers, the older spelling of {@code deploy.replicas} (compose {@code scale}) */
  public Optional<Integer> scale() {
    return v.scale();
  }

  /** @return replicas, task restarts, resources and the Swarm-only placement and rollout (compose {@code deploy}) */
  public Deploy deploy() {
    return v.deploy();
  }

  /** @return how a development tool keeps the container in step with source files (compose {@code develop}) */
  public Optional<Develop> develop() {
    return v.develop();
  }

  /** @return the profiles that enable the service; empty means always enabled (compose {@code profiles}) */
  public List<String> profiles() {
    return v.profiles();
  }

  /** @return the services this one waits for (compose {@code depends_on}) */
  public List<DependsOn> dependsOn() {
    return v.dependsOn();
  }

  /** @return container ports and how they are published (compose {@code ports}) */
  public List<PortMapping> ports() {
    return v.ports();
  }

  /** @return ports exposed to other services only, e.g. {@code 8080} or {@code 9000/udp} (compose {@code expose}) */
  public List<String> expose() {
    return v.expose();
  }

  /** @return networks the service joins; empty means the stack's {@code default} network (compose {@code networks}) */
  public List<NetworkAttachment> networks() {
    return v.networks();
  }

  /** @return a mode instead of networks: {@code host}, {@code service:NAME}... (compose {@code network_mode}) */
  public Optional<String> networkMode() {
    return v.networkMode();
  }

  /** @return the container's host name (compose {@code hostname}) */
  public Optional<String> hostname() {
    return v.hostname();
  }

  /** @return the container's domain name (compose {@code domainname}) */
  public Optional<String> domainname() {
    return v.domainname();
  }

  /** @return the container's MAC address (compose {@code mac_address}) */
  public Optional<String> macAddress() {
    return v.macAddress();
  }

  /** @return DNS servers (compose {@code dns}) */
  public List<String> dns() {
    return v.dns();
  }

  /** @return resolver options, e.g. {@code use-vc} (compose {@code dns_opt}) */
  public List<String> dnsOpt() {
    return v.dnsOpt();
  }

  /** @return DNS search domains (compose {@code dns_search}) */
  public List<String> dnsSearch() {
    return v.dnsSearch();
  }

  /** @return extra {@code /etc/hosts} lines (compose {@code extra_hosts}) */
  public List<ExtraHost> extraHosts() {
    return v.extraHosts();
  }

  /** @return links to other services' containers, {@code SERVICE} or {@code SERVICE:ALIAS} (compose {@code links}) */
  public List<String> links() {
    return v.links();
  }

  /** @return links to containers outside the stack, {@code NAME[:ALIAS]} (compose {@code external_links}) */
  public List<String> externalLinks() {
    return v.externalLinks();
  }

  /** @return volumes, bind mounts and tmpfs mounts (compose {@code volumes}) */
  public List<Mount> mounts() {
    return v.mounts();
  }

  /** @return memory-backed filesystems with their mount options (compose {@code tmpfs}) */
  public List<Tmpfs> tmpfs() {
    return v.tmpfs();
  }

  /** @return services or {@code container:NAME}s whose volumes are mounted too (compose {@code volumes_from}) */
  public List<String> volumesFrom() {
    return v.volumesFrom();
  }

  /** @return the stack secrets mounted as files (compose {@code secrets}) */
  public List<FileReference> secrets() {
    return v.secrets();
  }

  /** @return the stack configs mounted as files (compose {@code configs}) */
  public List<FileReference> configs() {
    return v.configs();
  }

  /** @return a fixed container name instead of {@code PROJECT-SERVICE-1} (compose {@code container_name}) */
  public Optional<String> containerName() {
    return v.containerName();
  }

  /** @return labels of the container (compose {@code labels}) */
  public Map<String, String> labels() {
    return v.labels();
  }

  /** @return OCI annotations of the container (compose {@code annotations}) */
  public Map<String, String> annotations() {
    return v.annotations();
  }

  /** @return the logging driver and options (compose {@code logging}) */
  public Optional<Logging> logging() {
    return v.logging();
  }

  /** @return whether the container is privileged (compose {@code privileged}) */
  public boolean privileged() {
    return v.privileged();
  }

  /** @return whether the root filesystem is read-only (compose {@code read_only}) */
  public boolean readOnly() {
    return v.readOnly();
  }

  /** @return capabilities added (compose {@code cap_add}) */
  public List<String> capAdd() {
    return v.capAdd();
  }

  /** @return capabilities dropped (compose {@code cap_drop}) */
  public List<String> capDrop() {
    return v.capDrop();
  }

  /** @return security options (compose {@code security_opt}) */
  public List<String> securityOpt() {
    return v.securityOpt();
  }

  /** @return kernel parameters (compose {@code sysctls}) */
  public Map<String, String> sysctls() {
    return v.sysctls();
  }

  /** @return host devices, e.g. {@code /dev/fuse:/dev/fuse} (compose {@code devices}) */
  public List<String> devices() {
    return v.devices();
  }

  /** @return device cgroup rules, e.g. {@code c 1:3 mr} (compose {@code device_cgroup_rules}) */
  public List<String> deviceCgroupRules() {
    return v.deviceCgroupRules();
  }

  /** @return GPUs the container gets ({@code gpus: all} is one request with count -1) (compose {@code gpus}) */
  public List<DeviceRequest> gpus() {
    return v.gpus();
  }

  /** @return the OCI runtime (compose {@code runtime}) */
  public Optional<String> runtime() {
    return v.runtime();
  }

  /** @return the PID namespace: {@code host}, {@code service:NAME} or {@code container:ID} (compose {@code pid}) */
  public Optional<String> pid() {
    return v.pid();
  }

  /** @return the IPC namespace: {@code host}, {@code shareable}, {@code service:NAME}... (compose {@code ipc}) */
  public Optional<String> ipc() {
    return v.ipc();
  }

  /** @return the UTS namespace ({@code host}) (compose {@code uts}) */
  public Optional<String> uts() {
    return v.uts();
  }

  /** @return the user namespace ({@code host}) (compose {@code userns_mode}) */
  public Optional<String> usernsMode() {
    return v.usernsMode();
  }

  /** @return the cgroup namespace: {@code host} or {@code private} (compose {@code cgroup}) */
  public Optional<String> cgroup() {
    return v.cgroup();
  }

  /** @return the parent cgroup (compose {@code cgroup_parent}) */
  public Optional<String> cgroupParent() {
    return v.cgroupParent();
  }

  /** @return the isolation technology (Windows: {@code process}, {@code hyperv}) (compose {@code isolation}) */
  public Optional<String> isolation() {
    return v.isolation();
  }

  /** @return the credential spec of a Windows managed service account (compose {@code credential_spec}) */
  public Optional<CredentialSpec> credentialSpec() {
    return v.credentialSpec();
  }

  /** @return the container's own resource settings, outside {@code deploy} (compose {@code cpus, mem_limit...}) */
  public ContainerLimits containerLimits() {
    return v.containerLimits();
  }

  /** @return process limits (compose {@code ulimits}) */
  public List<Ulimit> ulimits() {
    return v.ulimits();
  }

  /** @return the size of {@code /dev/shm} (compose {@code shm_size}) */
  public Optional<ByteSize> shmSize() {
    return v.shmSize();
  }

  /** @return storage driver options, e.g. {@code size: 20G} (compose {@code storage_opt}) */
  public Map<String, String> storageOpt() {
    return v.storageOpt();
  }

  /** @return whether the engine's API socket is made available in the container (compose {@code use_api_socket}) */
  public Optional<Boolean> useApiSocket() {
    return v.useApiSocket();
  }

  /** @return a plug-in's resource that stands in for a container (compose {@code provider}) */
  public Optional<Provider> provider() {
    return v.provider();
  }

  /** @return AI models the service uses, with the variables that tell it where they are (compose {@code models}) */
  public List<ServiceModel> models() {
    return v.models();
  }

  /** @return extension fields ({@code x-}): strings, numbers, booleans, null, lists, maps (compose {@code x-...}) */
  public Map<String, Object> extensions() {
    return v.extensions();
  }

  /**
   * @param newImage the image
   * @return a copy with that image
   */
  public Service withImage(String newImage) {
    return toBuilder().image(newImage).build();
  }

  /**
   * @param key the variable
   * @param value its value
   * @return a copy with that variable set
   */
  public Service withEnv(String key, String value) {
    return toBuilder().env(key, value).build();
  }

  /**
   * @param value the resources
   * @return a copy with those {@code deploy.resources}
   */
  public Service withResources(Resources value) {
    return toBuilder().resources(value).build();
  }

  /**
   * @param value the healthcheck
   * @return a copy with that healthcheck
   */
  public Service withHealthcheck(Healthcheck value) {
    return toBuilder().healthcheck(value).build();
  }

  /**
   * @param values the ports
   * @return a copy publishing exactly those ports
   */
  public Service withPorts(List<PortMapping> values) {
    return toBuilder().ports(values).build();
  }

  /**
   * The resources the container gets, as compose gives them: {@code deploy.resources}, where it does
   * not set a value the service's own {@code cpus}, {@code mem_limit}, {@code pids_limit} and
   * {@code mem_reservation} ({@link #containerLimits()}), and the GPUs of {@code gpus} after the
   * devices of {@code deploy.resources.reservations.devices}.
   *
   * @return limits, reservations and devices
   */
  public Resources resources() {
    return ContainerLimits.effective(v.deploy().resources(), v.containerLimits(), v.gpus());
  }

  /**
   * @return how many containers the service runs: {@code deploy.replicas}, else {@code scale},
   *     else 1
   */
  public int replicaCount() {
    if (v.deploy().replicas().isPresent()) {
      return v.deploy().replicas().get();
    }
    return v.scale().isPresent() ? v.scale().get() : 1;
  }

  /** @return the names of the services this one depends on, in declaration order */
  public List<String> dependencyNames() {
    List<String> names = new ArrayList<>(v.dependsOn().size());
    for (DependsOn d : v.dependsOn()) {
      names.add(d.service());
    }
    return Collections.unmodifiableList(names);
  }

  /** @return the networks this service joins, with the stack default applied */
  public List<String> networkNames() {
    if (v.networkMode().isPresent()) {
      return List.of();
    }
    if (v.networks().isEmpty()) {
      return List.of(Network.DEFAULT);
    }
    List<String> names = new ArrayList<>(v.networks().size());
    for (NetworkAttachment n : v.networks()) {
      names.add(n.network());
    }
    return Collections.unmodifiableList(names);
  }

  /** @return whether a healthcheck with a test is defined here (not {@code NONE}, not only timings) */
  public boolean hasHealthcheck() {
    return v.healthcheck().isPresent() && v.healthcheck().get().kind() != Healthcheck.Kind.NONE
        && v.healthcheck().get().kind() != Healthcheck.Kind.IMAGE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Service s && v.equals(s.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  /** @return the name and the image or build context (environment values are never shown) */
  @Override
  public String toString() {
    return "Service[name=" + v.name() + v.image().map(i -> ", image=" + i).orElse("")
        + v.build().map(b -> ", build=" + b.context()).orElse("") + "]";
  }

  /**
   * A mutable builder of {@link Service}. For list values, {@code x(List)} replaces and
   * {@code addX(...)} appends; for maps, {@code x(Map)} replaces and the singular method adds one
   * entry; for optional values, {@code x(value)} sets and {@code clearX()} unsets. Not thread-safe.
   */
  public static final class Builder extends ServiceHostSettings {
    private Builder(String name) {
      super(name);
    }

    /**
     * Sets {@code deploy.resources}, keeping the rest of {@link #deploy(Deploy)}.
     *
     * @param value limits, reservations and devices (compose {@code deploy.resources})
     * @return this builder
     */
    public Builder resources(Resources value) {
      this.deploy = deploy.toBuilder().resources(Checks.notNull(value, "resources")).build();
      return this;
    }

    /**
     * @param value a shell command line, run as {@code sh -c value}
     * @return this builder
     */
    public Builder shellCommand(String value) {
      return command(List.of("sh", "-c", Checks.notNull(value, "command")));
    }

    /**
     * @param argv the command (argv), replacing any set before
     * @return this builder
     */
    public Builder command(String... argv) {
      return command(Checks.array("command", argv));
    }

    /** @return the service; its fit with the stack is checked by {@link Stack.Builder#build()} */
    public Service build() {
      return new Service(new ServiceValues(name,
          image,
          build,
          pullPolicy,
          pullRefreshAfter,
          platform,
          Checks.list(command, "command"),
          emptyCommand,
          Checks.list(entrypoint, "entrypoint"),
          emptyEntrypoint,
          Checks.orderedMap(environment, "environment"),
          Checks.orderedMapNoNulls(secretEnvironment, "secretEnvironment"),
          Checks.list(envFiles, "envFiles"),
          Checks.list(labelFiles, "labelFiles"),
          workingDir,
          user,
          Checks.list(groupAdd, "groupAdd"),
          init,
          tty,
          stdinOpen,
          attach,
          stopSignal,
          stopGracePeriod,
          Checks.list(postStart, "postStart"),
          Checks.list(preStop, "preStop"),
          healthcheck,
          restart,
          scale,
          deploy,
          develop,
          Checks.list(profiles, "profiles"),
          Checks.list(dependsOn, "dependsOn"),
          Checks.list(ports, "ports"),
          Checks.list(expose, "expose"),
          Checks.list(networks, "networks"),
          networkMode,
          hostname,
          domainname,
          macAddress,
          Checks.list(dns, "dns"),
          Checks.list(dnsOpt, "dnsOpt"),
          Checks.list(dnsSearch, "dnsSearch"),
          Checks.list(extraHosts, "extraHosts"),
          Checks.list(links, "links"),
          Checks.list(externalLinks, "externalLinks"),
          Checks.list(mounts, "mounts"),
          Checks.list(tmpfs, "tmpfs"),
          Checks.list(volumesFrom, "volumesFrom"),
          Checks.list(secrets, "secrets"),
          Checks.list(configs, "configs"),
          containerName,
          Checks.orderedMapNoNulls(labels, "labels"),
          Checks.orderedMapNoNulls(annotations, "annotations"),
          logging,
          privileged,
          readOnly,
          Checks.list(capAdd, "capAdd"),
          Checks.list(capDrop, "capDrop"),
          Checks.list(securityOpt, "securityOpt"),
          Checks.orderedMapNoNulls(sysctls, "sysctls"),
          Checks.list(devices, "devices"),
          Checks.list(deviceCgroupRules, "deviceCgroupRules"),
          Checks.list(gpus, "gpus"),
          runtime,
          pid,
          ipc,
          uts,
          usernsMode,
          cgroup,
          cgroupParent,
          isolation,
          credentialSpec,
          containerLimits,
          Checks.list(ulimits, "ulimits"),
          shmSize,
          Checks.orderedMapNoNulls(storageOpt, "storageOpt"),
          useApiSocket,
          provider,
          Checks.list(models, "models"),
          Checks.extensions(extensions, "extensions")));
    }
  }
}
