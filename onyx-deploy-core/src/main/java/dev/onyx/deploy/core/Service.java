package dev.onyx.deploy.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a stack: an image (or a build), how its container runs, and what it waits for,
 * like one entry of compose's {@code services}. Immutable; make one with {@link #builder(String)}
 * and change a copy with {@link #toBuilder()}.
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
 * <p>The builder checks only that values are present; whether a service fits its stack (names,
 * references, ports, durations...) is checked by {@link Stack.Builder#build()}, which reports every
 * problem at once.
 *
 * @param name the service's name (its DNS name on the stack's networks)
 * @param image the image reference, e.g. {@code postgres:15.2-alpine} (compose {@code image})
 * @param build how the image is built (compose {@code build})
 * @param pullPolicy when the image is pulled ({@code always}, {@code missing}, {@code never}, {@code build}) (compose {@code pull_policy})
 * @param platform the target platform, e.g. {@code linux/amd64} (compose {@code platform})
 * @param command the command (argv); empty means the image's (compose {@code command})
 * @param entrypoint the entrypoint (argv); empty means the image's (compose {@code entrypoint})
 * @param environment environment variables in order; a null value means "taken from the deploying environment" (compose {@code environment})
 * @param secretEnvironment environment variables whose value is a stack secret (variable to secret name); the value never appears in compose YAML (compose {@code environment: VAR=${SECRET}})
 * @param envFiles env files (compose {@code env_file})
 * @param ports container ports and how they are published (compose {@code ports})
 * @param expose ports exposed to other services only (no host port), e.g. {@code 8080} or {@code 9000/udp} (compose {@code expose})
 * @param mounts volumes, bind mounts and tmpfs (compose {@code volumes, tmpfs})
 * @param networks networks the service joins; empty means the stack's {@code default} network (compose {@code networks})
 * @param networkMode a network mode instead of networks ({@code host}, {@code none}, {@code service:NAME}) (compose {@code network_mode})
 * @param healthcheck the healthcheck; empty means the image's (compose {@code healthcheck})
 * @param deploy replicas, restart policy, resources and the Swarm-only placement, update and
 *     rollback settings (compose {@code deploy}); {@link #resources()} is its resources
 * @param restart the restart policy; empty means {@code no} (compose {@code restart})
 * @param user the user (and group) the process runs as, e.g. {@code 1000:1000} (compose {@code user})
 * @param workingDir the working directory (compose {@code working_dir})
 * @param hostname the container's host name (compose {@code hostname})
 * @param containerName a fixed container name instead of {@code PROJECT-SERVICE-1} (compose {@code container_name})
 * @param labels labels of the container (compose {@code labels})
 * @param logging the logging driver and options (compose {@code logging})
 * @param ulimits process limits (compose {@code ulimits})
 * @param shmSize the size of {@code /dev/shm} (compose {@code shm_size})
 * @param extraHosts extra {@code /etc/hosts} lines (compose {@code extra_hosts})
 * @param dns DNS servers (compose {@code dns})
 * @param stopGracePeriod how long a stop waits before killing (compose {@code stop_grace_period})
 * @param stopSignal the signal that stops the container (compose {@code stop_signal})
 * @param init whether an init process reaps zombies (compose {@code init})
 * @param readOnly whether the root filesystem is read-only (compose {@code read_only})
 * @param privileged whether the container is privileged (compose {@code privileged})
 * @param tty whether a TTY is allocated (compose {@code tty})
 * @param stdinOpen whether stdin is kept open (compose {@code stdin_open})
 * @param capAdd capabilities added (compose {@code cap_add})
 * @param capDrop capabilities dropped (compose {@code cap_drop})
 * @param securityOpt security options (compose {@code security_opt})
 * @param sysctls kernel parameters (compose {@code sysctls})
 * @param devices host devices, e.g. {@code /dev/fuse:/dev/fuse} (compose {@code devices})
 * @param runtime the OCI runtime (compose {@code runtime})
 * @param profiles the profiles that enable the service; empty means always enabled (compose {@code profiles})
 * @param dependsOn the services this one waits for (compose {@code depends_on})
 * @param secrets the stack secrets mounted as files (compose {@code secrets})
 * @param configs the stack configs mounted as files (compose {@code configs})
 */
public record Service(
    String name,
    Optional<String> image,
    Optional<Build> build,
    Optional<String> pullPolicy,
    Optional<String> platform,
    List<String> command,
    List<String> entrypoint,
    Map<String, String> environment,
    Map<String, String> secretEnvironment,
    List<EnvFile> envFiles,
    List<PortMapping> ports,
    List<String> expose,
    List<Mount> mounts,
    List<NetworkAttachment> networks,
    Optional<String> networkMode,
    Optional<Healthcheck> healthcheck,
    Deploy deploy,
    Optional<RestartPolicy> restart,
    Optional<String> user,
    Optional<String> workingDir,
    Optional<String> hostname,
    Optional<String> containerName,
    Map<String, String> labels,
    Optional<Logging> logging,
    List<Ulimit> ulimits,
    Optional<ByteSize> shmSize,
    List<ExtraHost> extraHosts,
    List<String> dns,
    Optional<Duration> stopGracePeriod,
    Optional<String> stopSignal,
    Optional<Boolean> init,
    boolean readOnly,
    boolean privileged,
    boolean tty,
    boolean stdinOpen,
    List<String> capAdd,
    List<String> capDrop,
    List<String> securityOpt,
    Map<String, String> sysctls,
    List<String> devices,
    Optional<String> runtime,
    List<String> profiles,
    List<DependsOn> dependsOn,
    List<FileReference> secrets,
    List<FileReference> configs) {

  /** Checks for nulls and makes unmodifiable copies of the collections. */
  public Service {
    Checks.notNull(name, "name");
    Checks.notNull(image, "image");
    Checks.notNull(build, "build");
    Checks.notNull(pullPolicy, "pullPolicy");
    Checks.notNull(platform, "platform");
    command = Checks.list(command, "command");
    entrypoint = Checks.list(entrypoint, "entrypoint");
    environment = Checks.orderedMap(environment, "environment");
    secretEnvironment = Checks.orderedMapNoNulls(secretEnvironment, "secretEnvironment");
    envFiles = Checks.list(envFiles, "envFiles");
    ports = Checks.list(ports, "ports");
    expose = Checks.list(expose, "expose");
    mounts = Checks.list(mounts, "mounts");
    networks = Checks.list(networks, "networks");
    Checks.notNull(networkMode, "networkMode");
    Checks.notNull(healthcheck, "healthcheck");
    Checks.notNull(deploy, "deploy");
    Checks.notNull(restart, "restart");
    Checks.notNull(user, "user");
    Checks.notNull(workingDir, "workingDir");
    Checks.notNull(hostname, "hostname");
    Checks.notNull(containerName, "containerName");
    labels = Checks.orderedMapNoNulls(labels, "labels");
    Checks.notNull(logging, "logging");
    ulimits = Checks.list(ulimits, "ulimits");
    Checks.notNull(shmSize, "shmSize");
    extraHosts = Checks.list(extraHosts, "extraHosts");
    dns = Checks.list(dns, "dns");
    Checks.notNull(stopGracePeriod, "stopGracePeriod");
    Checks.notNull(stopSignal, "stopSignal");
    Checks.notNull(init, "init");
    capAdd = Checks.list(capAdd, "capAdd");
    capDrop = Checks.list(capDrop, "capDrop");
    securityOpt = Checks.list(securityOpt, "securityOpt");
    sysctls = Checks.orderedMapNoNulls(sysctls, "sysctls");
    devices = Checks.list(devices, "devices");
    Checks.notNull(runtime, "runtime");
    profiles = Checks.list(profiles, "profiles");
    dependsOn = Checks.list(dependsOn, "dependsOn");
    secrets = Checks.list(secrets, "secrets");
    configs = Checks.list(configs, "configs");
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
    Builder b = new Builder(name);
    Service s = this;
      b.image = s.image;
      b.build = s.build;
      b.pullPolicy = s.pullPolicy;
      b.platform = s.platform;
      b.command.addAll(s.command);
      b.entrypoint.addAll(s.entrypoint);
      b.environment.putAll(s.environment);
      b.secretEnvironment.putAll(s.secretEnvironment);
      b.envFiles.addAll(s.envFiles);
      b.ports.addAll(s.ports);
      b.expose.addAll(s.expose);
      b.mounts.addAll(s.mounts);
      b.networks.addAll(s.networks);
      b.networkMode = s.networkMode;
      b.healthcheck = s.healthcheck;
      b.deploy = s.deploy;
      b.restart = s.restart;
      b.user = s.user;
      b.workingDir = s.workingDir;
      b.hostname = s.hostname;
      b.containerName = s.containerName;
      b.labels.putAll(s.labels);
      b.logging = s.logging;
      b.ulimits.addAll(s.ulimits);
      b.shmSize = s.shmSize;
      b.extraHosts.addAll(s.extraHosts);
      b.dns.addAll(s.dns);
      b.stopGracePeriod = s.stopGracePeriod;
      b.stopSignal = s.stopSignal;
      b.init = s.init;
      b.readOnly = s.readOnly;
      b.privileged = s.privileged;
      b.tty = s.tty;
      b.stdinOpen = s.stdinOpen;
      b.capAdd.addAll(s.capAdd);
      b.capDrop.addAll(s.capDrop);
      b.securityOpt.addAll(s.securityOpt);
      b.sysctls.putAll(s.sysctls);
      b.devices.addAll(s.devices);
      b.runtime = s.runtime;
      b.profiles.addAll(s.profiles);
      b.dependsOn.addAll(s.dependsOn);
      b.secrets.addAll(s.secrets);
      b.configs.addAll(s.configs);
    return b;
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
   * @return a copy with those resources
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

  /** @return limits, reservations and devices: the resources of {@link #deploy()} (compose {@code deploy.resources}) */
  public Resources resources() {
    return deploy.resources();
  }

  /** @return the names of the services this one depends on, in declaration order */
  public List<String> dependencyNames() {
    return dependsOn.stream().map(DependsOn::service).toList();
  }

  /** @return the networks this service joins, with the stack default applied */
  public List<String> networkNames() {
    if (networkMode.isPresent()) {
      return List.of();
    }
    return networks.isEmpty() ? List.of(Network.DEFAULT) : networks.stream().map(NetworkAttachment::network).toList();
  }

  /** @return whether a healthcheck is defined here and not {@code NONE} */
  public boolean hasHealthcheck() {
    return healthcheck.filter(h -> h.kind() != Healthcheck.Kind.NONE).isPresent();
  }

  /**
   * A mutable builder of {@link Service}. For list values, {@code x(List)} replaces and
   * {@code addX(...)} appends; for maps, {@code x(Map)} replaces and the singular method adds one
   * entry. Not thread-safe.
   */
  public static final class Builder {
    private String name;
    private Optional<String> image = Optional.empty();
    private Optional<Build> build = Optional.empty();
    private Optional<String> pullPolicy = Optional.empty();
    private Optional<String> platform = Optional.empty();
    private final List<String> command = new ArrayList<>();
    private final List<String> entrypoint = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> secretEnvironment = new LinkedHashMap<>();
    private final List<EnvFile> envFiles = new ArrayList<>();
    private final List<PortMapping> ports = new ArrayList<>();
    private final List<String> expose = new ArrayList<>();
    private final List<Mount> mounts = new ArrayList<>();
    private final List<NetworkAttachment> networks = new ArrayList<>();
    private Optional<String> networkMode = Optional.empty();
    private Optional<Healthcheck> healthcheck = Optional.empty();
    private Deploy deploy = Deploy.NONE;
    private Optional<RestartPolicy> restart = Optional.empty();
    private Optional<String> user = Optional.empty();
    private Optional<String> workingDir = Optional.empty();
    private Optional<String> hostname = Optional.empty();
    private Optional<String> containerName = Optional.empty();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<Logging> logging = Optional.empty();
    private final List<Ulimit> ulimits = new ArrayList<>();
    private Optional<ByteSize> shmSize = Optional.empty();
    private final List<ExtraHost> extraHosts = new ArrayList<>();
    private final List<String> dns = new ArrayList<>();
    private Optional<Duration> stopGracePeriod = Optional.empty();
    private Optional<String> stopSignal = Optional.empty();
    private Optional<Boolean> init = Optional.empty();
    private boolean readOnly;
    private boolean privileged;
    private boolean tty;
    private boolean stdinOpen;
    private final List<String> capAdd = new ArrayList<>();
    private final List<String> capDrop = new ArrayList<>();
    private final List<String> securityOpt = new ArrayList<>();
    private final Map<String, String> sysctls = new LinkedHashMap<>();
    private final List<String> devices = new ArrayList<>();
    private Optional<String> runtime = Optional.empty();
    private final List<String> profiles = new ArrayList<>();
    private final List<DependsOn> dependsOn = new ArrayList<>();
    private final List<FileReference> secrets = new ArrayList<>();
    private final List<FileReference> configs = new ArrayList<>();

    private Builder(String name) {
      this.name = Checks.notNull(name, "name");
    }

    /**
     * @param value the service's name
     * @return this builder
     */
    public Builder name(String value) {
      this.name = Checks.notNull(value, "name");
      return this;
    }

    /**
     * @param value the image reference, e.g. {@code postgres:15.2-alpine} (compose {@code image})
     * @return this builder
     */
    public Builder image(String value) {
      this.image = Optional.of(Checks.notNull(value, "image"));
      return this;
    }

    /**
     * Unsets image.
     *
     * @return this builder
     */
    public Builder clearImage() {
      this.image = Optional.empty();
      return this;
    }

    /**
     * @param value how the image is built (compose {@code build})
     * @return this builder
     */
    public Builder build(Build value) {
      this.build = Optional.of(Checks.notNull(value, "build"));
      return this;
    }

    /**
     * Unsets build.
     *
     * @return this builder
     */
    public Builder clearBuild() {
      this.build = Optional.empty();
      return this;
    }

    /**
     * @param value when the image is pulled ({@code always}, {@code missing}, {@code never}, {@code build}) (compose {@code pull_policy})
     * @return this builder
     */
    public Builder pullPolicy(String value) {
      this.pullPolicy = Optional.of(Checks.notNull(value, "pullPolicy"));
      return this;
    }

    /**
     * Unsets pullPolicy.
     *
     * @return this builder
     */
    public Builder clearPullPolicy() {
      this.pullPolicy = Optional.empty();
      return this;
    }

    /**
     * @param value the target platform, e.g. {@code linux/amd64} (compose {@code platform})
     * @return this builder
     */
    public Builder platform(String value) {
      this.platform = Optional.of(Checks.notNull(value, "platform"));
      return this;
    }

    /**
     * Unsets platform.
     *
     * @return this builder
     */
    public Builder clearPlatform() {
      this.platform = Optional.empty();
      return this;
    }

    /**
     * @param values the command (argv); empty means the image's, replacing any set before (compose {@code command})
     * @return this builder
     */
    public Builder command(List<String> values) {
      this.command.clear();
      this.command.addAll(Checks.list(values, "command"));
      return this;
    }

    /**
     * @param values the command (argv); empty means the image's, appended
     * @return this builder
     */
    public Builder addCommand(String... values) {
      this.command.addAll(Checks.array("command", values));
      return this;
    }

    /**
     * @param values the entrypoint (argv); empty means the image's, replacing any set before (compose {@code entrypoint})
     * @return this builder
     */
    public Builder entrypoint(List<String> values) {
      this.entrypoint.clear();
      this.entrypoint.addAll(Checks.list(values, "entrypoint"));
      return this;
    }

    /**
     * @param values the entrypoint (argv); empty means the image's, appended
     * @return this builder
     */
    public Builder addEntrypoint(String... values) {
      this.entrypoint.addAll(Checks.array("entrypoint", values));
      return this;
    }

    /**
     * @param values environment variables in order; a null value means "taken from the deploying environment", replacing any set before (compose {@code environment})
     * @return this builder
     */
    public Builder environment(Map<String, String> values) {
      this.environment.clear();
      this.environment.putAll(Checks.orderedMap(values, "environment"));
      return this;
    }

    /**
     * @param key the key
     * @param value the value, added or replacing that key's
     * @return this builder
     */
    public Builder env(String key, String value) {
      this.environment.put(Checks.notNull(key, "environment key"), value);
      return this;
    }

    /**
     * @param values environment variables whose value is a stack secret (variable to secret name); the value never appears in compose YAML, replacing any set before (compose {@code environment: VAR=${SECRET}})
     * @return this builder
     */
    public Builder secretEnvironment(Map<String, String> values) {
      this.secretEnvironment.clear();
      this.secretEnvironment.putAll(Checks.orderedMapNoNulls(values, "secretEnvironment"));
      return this;
    }

    /**
     * @param key the key
     * @param value the value, added or replacing that key's
     * @return this builder
     */
    public Builder secretEnv(String key, String value) {
      Checks.notNull(value, "secretEnvironment." + key);
      this.secretEnvironment.put(Checks.notNull(key, "secretEnvironment key"), value);
      return this;
    }

    /**
     * @param values env files, replacing any set before (compose {@code env_file})
     * @return this builder
     */
    public Builder envFiles(List<EnvFile> values) {
      this.envFiles.clear();
      this.envFiles.addAll(Checks.list(values, "envFiles"));
      return this;
    }

    /**
     * @param values env files, appended
     * @return this builder
     */
    public Builder addEnvFiles(EnvFile... values) {
      this.envFiles.addAll(Checks.array("envFiles", values));
      return this;
    }

    /**
     * @param values container ports and how they are published, replacing any set before (compose {@code ports})
     * @return this builder
     */
    public Builder ports(List<PortMapping> values) {
      this.ports.clear();
      this.ports.addAll(Checks.list(values, "ports"));
      return this;
    }

    /**
     * @param values container ports and how they are published, appended
     * @return this builder
     */
    public Builder addPorts(PortMapping... values) {
      this.ports.addAll(Checks.array("ports", values));
      return this;
    }

    /**
     * @param values ports exposed to other services only (no host port), e.g. {@code 8080} or {@code 9000/udp}, replacing any set before (compose {@code expose})
     * @return this builder
     */
    public Builder expose(List<String> values) {
      this.expose.clear();
      this.expose.addAll(Checks.list(values, "expose"));
      return this;
    }

    /**
     * @param values ports exposed to other services only (no host port), e.g. {@code 8080} or {@code 9000/udp}, appended
     * @return this builder
     */
    public Builder addExpose(String... values) {
      this.expose.addAll(Checks.array("expose", values));
      return this;
    }

    /**
     * @param values volumes, bind mounts and tmpfs, replacing any set before (compose {@code volumes, tmpfs})
     * @return this builder
     */
    public Builder mounts(List<Mount> values) {
      this.mounts.clear();
      this.mounts.addAll(Checks.list(values, "mounts"));
      return this;
    }

    /**
     * @param values volumes, bind mounts and tmpfs, appended
     * @return this builder
     */
    public Builder addMounts(Mount... values) {
      this.mounts.addAll(Checks.array("mounts", values));
      return this;
    }

    /**
     * @param values networks the service joins; empty means the stack's {@code default} network, replacing any set before (compose {@code networks})
     * @return this builder
     */
    public Builder networks(List<NetworkAttachment> values) {
      this.networks.clear();
      this.networks.addAll(Checks.list(values, "networks"));
      return this;
    }

    /**
     * @param values networks the service joins; empty means the stack's {@code default} network, appended
     * @return this builder
     */
    public Builder addNetworks(NetworkAttachment... values) {
      this.networks.addAll(Checks.array("networks", values));
      return this;
    }

    /**
     * @param value a network mode instead of networks ({@code host}, {@code none}, {@code service:NAME}) (compose {@code network_mode})
     * @return this builder
     */
    public Builder networkMode(String value) {
      this.networkMode = Optional.of(Checks.notNull(value, "networkMode"));
      return this;
    }

    /**
     * Unsets networkMode.
     *
     * @return this builder
     */
    public Builder clearNetworkMode() {
      this.networkMode = Optional.empty();
      return this;
    }

    /**
     * @param value the healthcheck; empty means the image's (compose {@code healthcheck})
     * @return this builder
     */
    public Builder healthcheck(Healthcheck value) {
      this.healthcheck = Optional.of(Checks.notNull(value, "healthcheck"));
      return this;
    }

    /**
     * Unsets healthcheck.
     *
     * @return this builder
     */
    public Builder clearHealthcheck() {
      this.healthcheck = Optional.empty();
      return this;
    }

    /**
     * @param value limits, reservations and devices (compose {@code deploy.resources})
     * @return this builder
     */
    public Builder resources(Resources value) {
      this.deploy = deploy.toBuilder().resources(Checks.notNull(value, "resources")).build();
      return this;
    }

    /**
     * @param value replicas, restart policy, resources, placement, update and rollback settings
     *     (compose {@code deploy}); replaces what {@link #resources(Resources)} set
     * @return this builder
     */
    public Builder deploy(Deploy value) {
      this.deploy = Checks.notNull(value, "deploy");
      return this;
    }

    /**
     * @param value the restart policy; empty means {@code no} (compose {@code restart})
     * @return this builder
     */
    public Builder restart(RestartPolicy value) {
      this.restart = Optional.of(Checks.notNull(value, "restart"));
      return this;
    }

    /**
     * Unsets restart.
     *
     * @return this builder
     */
    public Builder clearRestart() {
      this.restart = Optional.empty();
      return this;
    }

    /**
     * @param value the user (and group) the process runs as, e.g. {@code 1000:1000} (compose {@code user})
     * @return this builder
     */
    public Builder user(String value) {
      this.user = Optional.of(Checks.notNull(value, "user"));
      return this;
    }

    /**
     * Unsets user.
     *
     * @return this builder
     */
    public Builder clearUser() {
      this.user = Optional.empty();
      return this;
    }

    /**
     * @param value the working directory (compose {@code working_dir})
     * @return this builder
     */
    public Builder workingDir(String value) {
      this.workingDir = Optional.of(Checks.notNull(value, "workingDir"));
      return this;
    }

    /**
     * Unsets workingDir.
     *
     * @return this builder
     */
    public Builder clearWorkingDir() {
      this.workingDir = Optional.empty();
      return this;
    }

    /**
     * @param value the container's host name (compose {@code hostname})
     * @return this builder
     */
    public Builder hostname(String value) {
      this.hostname = Optional.of(Checks.notNull(value, "hostname"));
      return this;
    }

    /**
     * Unsets hostname.
     *
     * @return this builder
     */
    public Builder clearHostname() {
      this.hostname = Optional.empty();
      return this;
    }

    /**
     * @param value a fixed container name instead of {@code PROJECT-SERVICE-1} (compose {@code container_name})
     * @return this builder
     */
    public Builder containerName(String value) {
      this.containerName = Optional.of(Checks.notNull(value, "containerName"));
      return this;
    }

    /**
     * Unsets containerName.
     *
     * @return this builder
     */
    public Builder clearContainerName() {
      this.containerName = Optional.empty();
      return this;
    }

    /**
     * @param values labels of the container, replacing any set before (compose {@code labels})
     * @return this builder
     */
    public Builder labels(Map<String, String> values) {
      this.labels.clear();
      this.labels.putAll(Checks.orderedMapNoNulls(values, "labels"));
      return this;
    }

    /**
     * @param key the key
     * @param value the value, added or replacing that key's
     * @return this builder
     */
    public Builder label(String key, String value) {
      Checks.notNull(value, "labels." + key);
      this.labels.put(Checks.notNull(key, "labels key"), value);
      return this;
    }

    /**
     * @param value the logging driver and options (compose {@code logging})
     * @return this builder
     */
    public Builder logging(Logging value) {
      this.logging = Optional.of(Checks.notNull(value, "logging"));
      return this;
    }

    /**
     * Unsets logging.
     *
     * @return this builder
     */
    public Builder clearLogging() {
      this.logging = Optional.empty();
      return this;
    }

    /**
     * @param values process limits, replacing any set before (compose {@code ulimits})
     * @return this builder
     */
    public Builder ulimits(List<Ulimit> values) {
      this.ulimits.clear();
      this.ulimits.addAll(Checks.list(values, "ulimits"));
      return this;
    }

    /**
     * @param values process limits, appended
     * @return this builder
     */
    public Builder addUlimits(Ulimit... values) {
      this.ulimits.addAll(Checks.array("ulimits", values));
      return this;
    }

    /**
     * @param value the size of {@code /dev/shm} (compose {@code shm_size})
     * @return this builder
     */
    public Builder shmSize(ByteSize value) {
      this.shmSize = Optional.of(Checks.notNull(value, "shmSize"));
      return this;
    }

    /**
     * Unsets shmSize.
     *
     * @return this builder
     */
    public Builder clearShmSize() {
      this.shmSize = Optional.empty();
      return this;
    }

    /**
     * @param values extra {@code /etc/hosts} lines, replacing any set before (compose {@code extra_hosts})
     * @return this builder
     */
    public Builder extraHosts(List<ExtraHost> values) {
      this.extraHosts.clear();
      this.extraHosts.addAll(Checks.list(values, "extraHosts"));
      return this;
    }

    /**
     * @param values extra {@code /etc/hosts} lines, appended
     * @return this builder
     */
    public Builder addExtraHosts(ExtraHost... values) {
      this.extraHosts.addAll(Checks.array("extraHosts", values));
      return this;
    }

    /**
     * @param values DNS servers, replacing any set before (compose {@code dns})
     * @return this builder
     */
    public Builder dns(List<String> values) {
      this.dns.clear();
      this.dns.addAll(Checks.list(values, "dns"));
      return this;
    }

    /**
     * @param values DNS servers, appended
     * @return this builder
     */
    public Builder addDns(String... values) {
      this.dns.addAll(Checks.array("dns", values));
      return this;
    }

    /**
     * @param value how long a stop waits before killing (compose {@code stop_grace_period})
     * @return this builder
     */
    public Builder stopGracePeriod(Duration value) {
      this.stopGracePeriod = Optional.of(Checks.notNull(value, "stopGracePeriod"));
      return this;
    }

    /**
     * Unsets stopGracePeriod.
     *
     * @return this builder
     */
    public Builder clearStopGracePeriod() {
      this.stopGracePeriod = Optional.empty();
      return this;
    }

    /**
     * @param value the signal that stops the container (compose {@code stop_signal})
     * @return this builder
     */
    public Builder stopSignal(String value) {
      this.stopSignal = Optional.of(Checks.notNull(value, "stopSignal"));
      return this;
    }

    /**
     * Unsets stopSignal.
     *
     * @return this builder
     */
    public Builder clearStopSignal() {
      this.stopSignal = Optional.empty();
      return this;
    }

    /**
     * @param value whether an init process reaps zombies (compose {@code init})
     * @return this builder
     */
    public Builder init(Boolean value) {
      this.init = Optional.of(Checks.notNull(value, "init"));
      return this;
    }

    /**
     * Unsets init.
     *
     * @return this builder
     */
    public Builder clearInit() {
      this.init = Optional.empty();
      return this;
    }

    /**
     * @param value whether the root filesystem is read-only (compose {@code read_only})
     * @return this builder
     */
    public Builder readOnly(boolean value) {
      this.readOnly = value;
      return this;
    }

    /**
     * @param value whether the container is privileged (compose {@code privileged})
     * @return this builder
     */
    public Builder privileged(boolean value) {
      this.privileged = value;
      return this;
    }

    /**
     * @param value whether a TTY is allocated (compose {@code tty})
     * @return this builder
     */
    public Builder tty(boolean value) {
      this.tty = value;
      return this;
    }

    /**
     * @param value whether stdin is kept open (compose {@code stdin_open})
     * @return this builder
     */
    public Builder stdinOpen(boolean value) {
      this.stdinOpen = value;
      return this;
    }

    /**
     * @param values capabilities added, replacing any set before (compose {@code cap_add})
     * @return this builder
     */
    public Builder capAdd(List<String> values) {
      this.capAdd.clear();
      this.capAdd.addAll(Checks.list(values, "capAdd"));
      return this;
    }

    /**
     * @param values capabilities added, appended
     * @return this builder
     */
    public Builder addCapAdd(String... values) {
      this.capAdd.addAll(Checks.array("capAdd", values));
      return this;
    }

    /**
     * @param values capabilities dropped, replacing any set before (compose {@code cap_drop})
     * @return this builder
     */
    public Builder capDrop(List<String> values) {
      this.capDrop.clear();
      this.capDrop.addAll(Checks.list(values, "capDrop"));
      return this;
    }

    /**
     * @param values capabilities dropped, appended
     * @return this builder
     */
    public Builder addCapDrop(String... values) {
      this.capDrop.addAll(Checks.array("capDrop", values));
      return this;
    }

    /**
     * @param values security options, replacing any set before (compose {@code security_opt})
     * @return this builder
     */
    public Builder securityOpt(List<String> values) {
      this.securityOpt.clear();
      this.securityOpt.addAll(Checks.list(values, "securityOpt"));
      return this;
    }

    /**
     * @param values security options, appended
     * @return this builder
     */
    public Builder addSecurityOpt(String... values) {
      this.securityOpt.addAll(Checks.array("securityOpt", values));
      return this;
    }

    /**
     * @param values kernel parameters, replacing any set before (compose {@code sysctls})
     * @return this builder
     */
    public Builder sysctls(Map<String, String> values) {
      this.sysctls.clear();
      this.sysctls.putAll(Checks.orderedMapNoNulls(values, "sysctls"));
      return this;
    }

    /**
     * @param key the key
     * @param value the value, added or replacing that key's
     * @return this builder
     */
    public Builder sysctl(String key, String value) {
      Checks.notNull(value, "sysctls." + key);
      this.sysctls.put(Checks.notNull(key, "sysctls key"), value);
      return this;
    }

    /**
     * @param values host devices, e.g. {@code /dev/fuse:/dev/fuse}, replacing any set before (compose {@code devices})
     * @return this builder
     */
    public Builder devices(List<String> values) {
      this.devices.clear();
      this.devices.addAll(Checks.list(values, "devices"));
      return this;
    }

    /**
     * @param values host devices, e.g. {@code /dev/fuse:/dev/fuse}, appended
     * @return this builder
     */
    public Builder addDevices(String... values) {
      this.devices.addAll(Checks.array("devices", values));
      return this;
    }

    /**
     * @param value the OCI runtime (compose {@code runtime})
     * @return this builder
     */
    public Builder runtime(String value) {
      this.runtime = Optional.of(Checks.notNull(value, "runtime"));
      return this;
    }

    /**
     * Unsets runtime.
     *
     * @return this builder
     */
    public Builder clearRuntime() {
      this.runtime = Optional.empty();
      return this;
    }

    /**
     * @param values the profiles that enable the service; empty means always enabled, replacing any set before (compose {@code profiles})
     * @return this builder
     */
    public Builder profiles(List<String> values) {
      this.profiles.clear();
      this.profiles.addAll(Checks.list(values, "profiles"));
      return this;
    }

    /**
     * @param values the profiles that enable the service; empty means always enabled, appended
     * @return this builder
     */
    public Builder addProfiles(String... values) {
      this.profiles.addAll(Checks.array("profiles", values));
      return this;
    }

    /**
     * @param values the services this one waits for, replacing any set before (compose {@code depends_on})
     * @return this builder
     */
    public Builder dependsOn(List<DependsOn> values) {
      this.dependsOn.clear();
      this.dependsOn.addAll(Checks.list(values, "dependsOn"));
      return this;
    }

    /**
     * @param values the services this one waits for, appended
     * @return this builder
     */
    public Builder addDependsOn(DependsOn... values) {
      this.dependsOn.addAll(Checks.array("dependsOn", values));
      return this;
    }

    /**
     * @param values the stack secrets mounted as files, replacing any set before (compose {@code secrets})
     * @return this builder
     */
    public Builder secrets(List<FileReference> values) {
      this.secrets.clear();
      this.secrets.addAll(Checks.list(values, "secrets"));
      return this;
    }

    /**
     * @param values the stack secrets mounted as files, appended
     * @return this builder
     */
    public Builder addSecrets(FileReference... values) {
      this.secrets.addAll(Checks.array("secrets", values));
      return this;
    }

    /**
     * @param values the stack configs mounted as files, replacing any set before (compose {@code configs})
     * @return this builder
     */
    public Builder configs(List<FileReference> values) {
      this.configs.clear();
      this.configs.addAll(Checks.list(values, "configs"));
      return this;
    }

    /**
     * @param values the stack configs mounted as files, appended
     * @return this builder
     */
    public Builder addConfigs(FileReference... values) {
      this.configs.addAll(Checks.array("configs", values));
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
      return new Service(
          name,
          image,
          build,
          pullPolicy,
          platform,
          command,
          entrypoint,
          environment,
          secretEnvironment,
          envFiles,
          ports,
          expose,
          mounts,
          networks,
          networkMode,
          healthcheck,
          deploy,
          restart,
          user,
          workingDir,
          hostname,
          containerName,
          labels,
          logging,
          ulimits,
          shmSize,
          extraHosts,
          dns,
          stopGracePeriod,
          stopSignal,
          init,
          readOnly,
          privileged,
          tty,
          stdinOpen,
          capAdd,
          capDrop,
          securityOpt,
          sysctls,
          devices,
          runtime,
          profiles,
          dependsOn,
          secrets,
          configs);
    }
  }
}
