package dev.onyx.deploy.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image, process and lifecycle settings of {@link Service.Builder}, with every field of the builder.
 * Package-private: only {@link Service.Builder} extends it; its
 * public methods are the builder's.
 */
abstract class ServiceProcessSettings {
  String name;
  Optional<String> image = Optional.empty();
  Optional<Build> build = Optional.empty();
  Optional<String> pullPolicy = Optional.empty();
  Optional<String> pullRefreshAfter = Optional.empty();
  Optional<String> platform = Optional.empty();
  List<String> command = List.of();
  boolean emptyCommand;
  List<String> entrypoint = List.of();
  boolean emptyEntrypoint;
  Map<String, String> environment = Map.of();
  Map<String, String> secretEnvironment = Map.of();
  List<EnvFile> envFiles = List.of();
  List<String> labelFiles = List.of();
  Optional<String> workingDir = Optional.empty();
  Optional<String> user = Optional.empty();
  List<String> groupAdd = List.of();
  Optional<Boolean> init = Optional.empty();
  boolean tty;
  boolean stdinOpen;
  Optional<Boolean> attach = Optional.empty();
  Optional<String> stopSignal = Optional.empty();
  Optional<Duration> stopGracePeriod = Optional.empty();
  List<ServiceHook> postStart = List.of();
  List<ServiceHook> preStop = List.of();
  Optional<Healthcheck> healthcheck = Optional.empty();
  Optional<RestartPolicy> restart = Optional.empty();
  Optional<Integer> scale = Optional.empty();
  Deploy deploy = Deploy.NONE;
  Optional<Develop> develop = Optional.empty();
  List<String> profiles = List.of();
  List<DependsOn> dependsOn = List.of();
  List<PortMapping> ports = List.of();
  List<String> expose = List.of();
  List<NetworkAttachment> networks = List.of();
  Optional<String> networkMode = Optional.empty();
  Optional<String> hostname = Optional.empty();
  Optional<String> domainname = Optional.empty();
  Optional<String> macAddress = Optional.empty();
  List<String> dns = List.of();
  List<String> dnsOpt = List.of();
  List<String> dnsSearch = List.of();
  List<ExtraHost> extraHosts = List.of();
  List<String> links = List.of();
  List<String> externalLinks = List.of();
  List<Mount> mounts = List.of();
  List<Tmpfs> tmpfs = List.of();
  List<String> volumesFrom = List.of();
  List<FileReference> secrets = List.of();
  List<FileReference> configs = List.of();
  Optional<String> containerName = Optional.empty();
  Map<String, String> labels = Map.of();
  Map<String, String> annotations = Map.of();
  Optional<Logging> logging = Optional.empty();
  boolean privileged;
  boolean readOnly;
  List<String> capAdd = List.of();
  List<String> capDrop = List.of();
  List<String> securityOpt = List.of();
  Map<String, String> sysctls = Map.of();
  List<String> devices = List.of();
  List<String> deviceCgroupRules = List.of();
  List<DeviceRequest> gpus = List.of();
  Optional<String> runtime = Optional.empty();
  Optional<String> pid = Optional.empty();
  Optional<String> ipc = Optional.empty();
  Optional<String> uts = Optional.empty();
  Optional<String> usernsMode = Optional.empty();
  Optional<String> cgroup = Optional.empty();
  Optional<String> cgroupParent = Optional.empty();
  Optional<String> isolation = Optional.empty();
  Optional<CredentialSpec> credentialSpec = Optional.empty();
  ContainerLimits containerLimits = ContainerLimits.NONE;
  List<Ulimit> ulimits = List.of();
  Optional<ByteSize> shmSize = Optional.empty();
  Map<String, String> storageOpt = Map.of();
  Optional<Boolean> useApiSocket = Optional.empty();
  Optional<Provider> provider = Optional.empty();
  List<ServiceModel> models = List.of();
  Map<String, Object> extensions = Map.of();

  ServiceProcessSettings(String name) {
    this.name = Checks.notNull(name, "name");
  }

  /** @return this, as the public builder type */
  final Service.Builder self() {
    return (Service.Builder) this;
  }

  /**
   * The list with the values appended: the builder's own list, made on the first append (most of
   * a builder's lists stay empty, and the service's own lists are immutable).
   */
  static <T> List<T> appended(List<T> list, List<T> values) {
    List<T> out = list instanceof ArrayList<T> own ? own : new ArrayList<>(list);
    out.addAll(values);
    return out;
  }

  /** The map to put into: the builder's own map, made on the first put. */
  static <V> Map<String, V> mutable(Map<String, V> map) {
    return map instanceof LinkedHashMap<String, V> own ? own : new LinkedHashMap<>(map);
  }

  /** Copies every value of {@code s} into this builder. */
  final void copyFrom(Service s) {
    image = s.image();
    build = s.build();
    pullPolicy = s.pullPolicy();
    pullRefreshAfter = s.pullRefreshAfter();
    platform = s.platform();
    command = s.command();
    emptyCommand = s.emptyCommand();
    entrypoint = s.entrypoint();
    emptyEntrypoint = s.emptyEntrypoint();
    environment = s.environment();
    secretEnvironment = s.secretEnvironment();
    envFiles = s.envFiles();
    labelFiles = s.labelFiles();
    workingDir = s.workingDir();
    user = s.user();
    groupAdd = s.groupAdd();
    init = s.init();
    tty = s.tty();
    stdinOpen = s.stdinOpen();
    attach = s.attach();
    stopSignal = s.stopSignal();
    stopGracePeriod = s.stopGracePeriod();
    postStart = s.postStart();
    preStop = s.preStop();
    healthcheck = s.healthcheck();
    restart = s.restart();
    scale = s.scale();
    deploy = s.deploy();
    develop = s.develop();
    profiles = s.profiles();
    dependsOn = s.dependsOn();
    ports = s.ports();
    expose = s.expose();
    networks = s.networks();
    networkMode = s.networkMode();
    hostname = s.hostname();
    domainname = s.domainname();
    macAddress = s.macAddress();
    dns = s.dns();
    dnsOpt = s.dnsOpt();
    dnsSearch = s.dnsSearch();
    extraHosts = s.extraHosts();
    links = s.links();
    externalLinks = s.externalLinks();
    mounts = s.mounts();
    tmpfs = s.tmpfs();
    volumesFrom = s.volumesFrom();
    secrets = s.secrets();
    configs = s.configs();
    containerName = s.containerName();
    labels = s.labels();
    annotations = s.annotations();
    logging = s.logging();
    privileged = s.privileged();
    readOnly = s.readOnly();
    capAdd = s.capAdd();
    capDrop = s.capDrop();
    securityOpt = s.securityOpt();
    sysctls = s.sysctls();
    devices = s.devices();
    deviceCgroupRules = s.deviceCgroupRules();
    gpus = s.gpus();
    runtime = s.runtime();
    pid = s.pid();
    ipc = s.ipc();
    uts = s.uts();
    usernsMode = s.usernsMode();
    cgroup = s.cgroup();
    cgroupParent = s.cgroupParent();
    isolation = s.isolation();
    credentialSpec = s.credentialSpec();
    containerLimits = s.containerLimits();
    ulimits = s.ulimits();
    shmSize = s.shmSize();
    storageOpt = s.storageOpt();
    useApiSocket = s.useApiSocket();
    provider = s.provider();
    models = s.models();
    extensions = s.extensions();
  }

  /**
   * @param value the service's name
   * @return this builder
   */
  public Service.Builder name(String value) {
    this.name = Checks.notNull(value, "name");
    return self();
  }

  /**
   * @param value the image reference, e.g. {@code postgres:15.2-alpine} (compose {@code image})
   * @return this builder
   */
  public Service.Builder image(String value) {
    this.image = Optional.of(Checks.notNull(value, "image"));
    return self();
  }

  /** @return this builder, with {@code image} unset */
  public Service.Builder clearImage() {
    this.image = Optional.empty();
    return self();
  }

  /**
   * @param value how the image is built (compose {@code build})
   * @return this builder
   */
  public Service.Builder build(Build value) {
    this.build = Optional.of(Checks.notNull(value, "build"));
    return self();
  }

  /** @return this builder, with {@code build} unset */
  public Service.Builder clearBuild() {
    this.build = Optional.empty();
    return self();
  }

  /**
   * @param value when the image is pulled, e.g. {@code missing} or {@code daily} (compose {@code pull_policy})
   * @return this builder
   */
  public Service.Builder pullPolicy(String value) {
    this.pullPolicy = Optional.of(Checks.notNull(value, "pullPolicy"));
    return self();
  }

  /** @return this builder, with {@code pull_policy} unset */
  public Service.Builder clearPullPolicy() {
    this.pullPolicy = Optional.empty();
    return self();
  }

  /**
   * @param value how old a pulled image may get before it is pulled again (compose {@code pull_refresh_after})
   * @return this builder
   */
  public Service.Builder pullRefreshAfter(String value) {
    this.pullRefreshAfter = Optional.of(Checks.notNull(value, "pullRefreshAfter"));
    return self();
  }

  /** @return this builder, with {@code pull_refresh_after} unset */
  public Service.Builder clearPullRefreshAfter() {
    this.pullRefreshAfter = Optional.empty();
    return self();
  }

  /**
   * @param value the target platform, e.g. {@code linux/amd64} (compose {@code platform})
   * @return this builder
   */
  public Service.Builder platform(String value) {
    this.platform = Optional.of(Checks.notNull(value, "platform"));
    return self();
  }

  /** @return this builder, with {@code platform} unset */
  public Service.Builder clearPlatform() {
    this.platform = Optional.empty();
    return self();
  }

  /**
   * @param values the argv; empty means the image's unless {@link Service#emptyCommand()}, replacing any set before
   *     (compose {@code command})
   * @return this builder
   */
  public Service.Builder command(List<String> values) {
    this.command = Checks.list(values, "command");
    return self();
  }

  /**
   * @param values the argv; empty means the image's unless {@link Service#emptyCommand()}, appended
   * @return this builder
   */
  public Service.Builder addCommand(String... values) {
    this.command = appended(this.command, Checks.array("command", values));
    return self();
  }

  /**
   * @param value whether the command is set to nothing, which clears the image's own (compose {@code command: []})
   * @return this builder
   */
  public Service.Builder emptyCommand(boolean value) {
    this.emptyCommand = value;
    return self();
  }

  /**
   * @param values the argv; empty means the image's unless {@link Service#emptyEntrypoint()}, replacing any set before
   *     (compose {@code entrypoint})
   * @return this builder
   */
  public Service.Builder entrypoint(List<String> values) {
    this.entrypoint = Checks.list(values, "entrypoint");
    return self();
  }

  /**
   * @param values the argv; empty means the image's unless {@link Service#emptyEntrypoint()}, appended
   * @return this builder
   */
  public Service.Builder addEntrypoint(String... values) {
    this.entrypoint = appended(this.entrypoint, Checks.array("entrypoint", values));
    return self();
  }

  /**
   * @param value whether the entrypoint is set to nothing, which clears the image's own (compose {@code entrypoint:
   *     []})
   * @return this builder
   */
  public Service.Builder emptyEntrypoint(boolean value) {
    this.emptyEntrypoint = value;
    return self();
  }

  /**
   * @param values variables in order; a null value is taken from the deploying environment, replacing any set before
   *     (compose {@code environment})
   * @return this builder
   */
  public Service.Builder environment(Map<String, String> values) {
    this.environment = Checks.orderedMap(values, "environment");
    return self();
  }

  /**
   * @param key the key
   * @param value the value, may be null, added or replacing that key's
   * @return this builder
   */
  public Service.Builder env(String key, String value) {
    String k = Checks.notNull(key, "environment key");
    this.environment = mutable(this.environment);
    this.environment.put(k, value);
    return self();
  }

  /**
   * @param values variables fed from a stack secret (variable to secret), replacing any set before (compose {@code
   *     environment: VAR=${S}})
   * @return this builder
   */
  public Service.Builder secretEnvironment(Map<String, String> values) {
    this.secretEnvironment = Checks.orderedMapNoNulls(values, "secretEnvironment");
    return self();
  }

  /**
   * @param key the key
   * @param value the value, added or replacing that key's
   * @return this builder
   */
  public Service.Builder secretEnv(String key, String value) {
    Checks.notNull(value, "secretEnvironment.", key);
    String k = Checks.notNull(key, "secretEnvironment key");
    this.secretEnvironment = mutable(this.secretEnvironment);
    this.secretEnvironment.put(k, value);
    return self();
  }

  /**
   * @param values env files whose variables the service gets, replacing any set before (compose {@code env_file})
   * @return this builder
   */
  public Service.Builder envFiles(List<EnvFile> values) {
    this.envFiles = Checks.list(values, "envFiles");
    return self();
  }

  /**
   * @param values env files whose variables the service gets, appended
   * @return this builder
   */
  public Service.Builder addEnvFiles(EnvFile... values) {
    this.envFiles = appended(this.envFiles, Checks.array("envFiles", values));
    return self();
  }

  /**
   * @param values files of {@code KEY=value} lines whose labels the service gets, replacing any set before (compose
   *     {@code label_file})
   * @return this builder
   */
  public Service.Builder labelFiles(List<String> values) {
    this.labelFiles = Checks.list(values, "labelFiles");
    return self();
  }

  /**
   * @param values files of {@code KEY=value} lines whose labels the service gets, appended
   * @return this builder
   */
  public Service.Builder addLabelFiles(String... values) {
    this.labelFiles = appended(this.labelFiles, Checks.array("labelFiles", values));
    return self();
  }

  /**
   * @param value the working directory (compose {@code working_dir})
   * @return this builder
   */
  public Service.Builder workingDir(String value) {
    this.workingDir = Optional.of(Checks.notNull(value, "workingDir"));
    return self();
  }

  /** @return this builder, with {@code working_dir} unset */
  public Service.Builder clearWorkingDir() {
    this.workingDir = Optional.empty();
    return self();
  }

  /**
   * @param value the user (and group) the process runs as, e.g. {@code 1000:1000} (compose {@code user})
   * @return this builder
   */
  public Service.Builder user(String value) {
    this.user = Optional.of(Checks.notNull(value, "user"));
    return self();
  }

  /** @return this builder, with {@code user} unset */
  public Service.Builder clearUser() {
    this.user = Optional.empty();
    return self();
  }

  /**
   * @param values extra groups the process is a member of, replacing any set before (compose {@code group_add})
   * @return this builder
   */
  public Service.Builder groupAdd(List<String> values) {
    this.groupAdd = Checks.list(values, "groupAdd");
    return self();
  }

  /**
   * @param values extra groups the process is a member of, appended
   * @return this builder
   */
  public Service.Builder addGroupAdd(String... values) {
    this.groupAdd = appended(this.groupAdd, Checks.array("groupAdd", values));
    return self();
  }

  /**
   * @param value whether an init process reaps zombies (compose {@code init})
   * @return this builder
   */
  public Service.Builder init(boolean value) {
    this.init = Optional.of(value);
    return self();
  }

  /** @return this builder, with {@code init} unset */
  public Service.Builder clearInit() {
    this.init = Optional.empty();
    return self();
  }

  /**
   * @param value whether a TTY is allocated (compose {@code tty})
   * @return this builder
   */
  public Service.Builder tty(boolean value) {
    this.tty = value;
    return self();
  }

  /**
   * @param value whether stdin is kept open (compose {@code stdin_open})
   * @return this builder
   */
  public Service.Builder stdinOpen(boolean value) {
    this.stdinOpen = value;
    return self();
  }

  /**
   * @param value whether the deploying tool follows the logs (compose's default: yes) (compose {@code attach})
   * @return this builder
   */
  public Service.Builder attach(boolean value) {
    this.attach = Optional.of(value);
    return self();
  }

  /** @return this builder, with {@code attach} unset */
  public Service.Builder clearAttach() {
    this.attach = Optional.empty();
    return self();
  }

  /**
   * @param value the signal that stops the container (compose {@code stop_signal})
   * @return this builder
   */
  public Service.Builder stopSignal(String value) {
    this.stopSignal = Optional.of(Checks.notNull(value, "stopSignal"));
    return self();
  }

  /** @return this builder, with {@code stop_signal} unset */
  public Service.Builder clearStopSignal() {
    this.stopSignal = Optional.empty();
    return self();
  }

  /**
   * @param value how long a stop waits before killing (compose {@code stop_grace_period})
   * @return this builder
   */
  public Service.Builder stopGracePeriod(Duration value) {
    this.stopGracePeriod = Optional.of(Checks.notNull(value, "stopGracePeriod"));
    return self();
  }

  /** @return this builder, with {@code stop_grace_period} unset */
  public Service.Builder clearStopGracePeriod() {
    this.stopGracePeriod = Optional.empty();
    return self();
  }

  /**
   * @param values commands run in the container right after it started, replacing any set before (compose {@code
   *     post_start})
   * @return this builder
   */
  public Service.Builder postStart(List<ServiceHook> values) {
    this.postStart = Checks.list(values, "postStart");
    return self();
  }

  /**
   * @param values commands run in the container right after it started, appended
   * @return this builder
   */
  public Service.Builder addPostStart(ServiceHook... values) {
    this.postStart = appended(this.postStart, Checks.array("postStart", values));
    return self();
  }

  /**
   * @param values commands run in the container before it is stopped, replacing any set before (compose {@code
   *     pre_stop})
   * @return this builder
   */
  public Service.Builder preStop(List<ServiceHook> values) {
    this.preStop = Checks.list(values, "preStop");
    return self();
  }

  /**
   * @param values commands run in the container before it is stopped, appended
   * @return this builder
   */
  public Service.Builder addPreStop(ServiceHook... values) {
    this.preStop = appended(this.preStop, Checks.array("preStop", values));
    return self();
  }
}
