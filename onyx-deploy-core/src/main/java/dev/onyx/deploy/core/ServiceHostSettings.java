package dev.onyx.deploy.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The security, resource and metadata settings of {@link Service.Builder}. Package-private: only {@link
 * Service.Builder} extends it; its
 * public methods are the builder's.
 */
abstract class ServiceHostSettings extends ServiceNetworkSettings {
  ServiceHostSettings(String name) {
    super(name);
  }

  /**
   * @param value a fixed container name instead of {@code PROJECT-SERVICE-1} (compose {@code container_name})
   * @return this builder
   */
  public Service.Builder containerName(String value) {
    this.containerName = Optional.of(Checks.notNull(value, "containerName"));
    return self();
  }

  /** @return this builder, with {@code container_name} unset */
  public Service.Builder clearContainerName() {
    this.containerName = Optional.empty();
    return self();
  }

  /**
   * @param values labels of the container, replacing any set before (compose {@code labels})
   * @return this builder
   */
  public Service.Builder labels(Map<String, String> values) {
    this.labels = Checks.orderedMapNoNulls(values, "labels");
    return self();
  }

  /**
   * @param key the key
   * @param value the value, added or replacing that key's
   * @return this builder
   */
  public Service.Builder label(String key, String value) {
    Checks.notNull(value, "labels.", key);
    String k = Checks.notNull(key, "labels key");
    this.labels = mutable(this.labels);
    this.labels.put(k, value);
    return self();
  }

  /**
   * @param values OCI annotations of the container, replacing any set before (compose {@code annotations})
   * @return this builder
   */
  public Service.Builder annotations(Map<String, String> values) {
    this.annotations = Checks.orderedMapNoNulls(values, "annotations");
    return self();
  }

  /**
   * @param key the key
   * @param value the value, added or replacing that key's
   * @return this builder
   */
  public Service.Builder annotation(String key, String value) {
    Checks.notNull(value, "annotations.", key);
    String k = Checks.notNull(key, "annotations key");
    this.annotations = mutable(this.annotations);
    this.annotations.put(k, value);
    return self();
  }

  /**
   * @param value the logging driver and options (compose {@code logging})
   * @return this builder
   */
  public Service.Builder logging(Logging value) {
    this.logging = Optional.of(Checks.notNull(value, "logging"));
    return self();
  }

  /** @return this builder, with {@code logging} unset */
  public Service.Builder clearLogging() {
    this.logging = Optional.empty();
    return self();
  }

  /**
   * @param value whether the container is privileged (compose {@code privileged})
   * @return this builder
   */
  public Service.Builder privileged(boolean value) {
    this.privileged = value;
    return self();
  }

  /**
   * @param value whether the root filesystem is read-only (compose {@code read_only})
   * @return this builder
   */
  public Service.Builder readOnly(boolean value) {
    this.readOnly = value;
    return self();
  }

  /**
   * @param values capabilities added, replacing any set before (compose {@code cap_add})
   * @return this builder
   */
  public Service.Builder capAdd(List<String> values) {
    this.capAdd = Checks.list(values, "capAdd");
    return self();
  }

  /**
   * @param values capabilities added, appended
   * @return this builder
   */
  public Service.Builder addCapAdd(String... values) {
    this.capAdd = appended(this.capAdd, Checks.array("capAdd", values));
    return self();
  }

  /**
   * @param values capabilities dropped, replacing any set before (compose {@code cap_drop})
   * @return this builder
   */
  public Service.Builder capDrop(List<String> values) {
    this.capDrop = Checks.list(values, "capDrop");
    return self();
  }

  /**
   * @param values capabilities dropped, appended
   * @return this builder
   */
  public Service.Builder addCapDrop(String... values) {
    this.capDrop = appended(this.capDrop, Checks.array("capDrop", values));
    return self();
  }

  /**
   * @param values security options, replacing any set before (compose {@code security_opt})
   * @return this builder
   */
  public Service.Builder securityOpt(List<String> values) {
    this.securityOpt = Checks.list(values, "securityOpt");
    return self();
  }

  /**
   * @param values security options, appended
   * @return this builder
   */
  public Service.Builder addSecurityOpt(String... values) {
    this.securityOpt = appended(this.securityOpt, Checks.array("securityOpt", values));
    return self();
  }

  /**
   * @param values kernel parameters, replacing any set before (compose {@code sysctls})
   * @return this builder
   */
  public Service.Builder sysctls(Map<String, String> values) {
    this.sysctls = Checks.orderedMapNoNulls(values, "sysctls");
    return self();
  }

  /**
   * @param key the key
   * @param value the value, added or replacing that key's
   * @return this builder
   */
  public Service.Builder sysctl(String key, String value) {
    Checks.notNull(value, "sysctls.", key);
    String k = Checks.notNull(key, "sysctls key");
    this.sysctls = mutable(this.sysctls);
    this.sysctls.put(k, value);
    return self();
  }

  /**
   * @param values host devices, e.g. {@code /dev/fuse:/dev/fuse}, replacing any set before (compose {@code devices})
   * @return this builder
   */
  public Service.Builder devices(List<String> values) {
    this.devices = Checks.list(values, "devices");
    return self();
  }

  /**
   * @param values host devices, e.g. {@code /dev/fuse:/dev/fuse}, appended
   * @return this builder
   */
  public Service.Builder addDevices(String... values) {
    this.devices = appended(this.devices, Checks.array("devices", values));
    return self();
  }

  /**
   * @param values device cgroup rules, e.g. {@code c 1:3 mr}, replacing any set before (compose {@code
   *     device_cgroup_rules})
   * @return this builder
   */
  public Service.Builder deviceCgroupRules(List<String> values) {
    this.deviceCgroupRules = Checks.list(values, "deviceCgroupRules");
    return self();
  }

  /**
   * @param values device cgroup rules, e.g. {@code c 1:3 mr}, appended
   * @return this builder
   */
  public Service.Builder addDeviceCgroupRules(String... values) {
    this.deviceCgroupRules = appended(this.deviceCgroupRules, Checks.array("deviceCgroupRules", values));
    return self();
  }

  /**
   * @param values GPUs the container gets ({@code gpus: all} is one request with count -1), replacing any set before
   *     (compose {@code gpus})
   * @return this builder
   */
  public Service.Builder gpus(List<DeviceRequest> values) {
    this.gpus = Checks.list(values, "gpus");
    return self();
  }

  /**
   * @param values GPUs the container gets ({@code gpus: all} is one request with count -1), appended
   * @return this builder
   */
  public Service.Builder addGpus(DeviceRequest... values) {
    this.gpus = appended(this.gpus, Checks.array("gpus", values));
    return self();
  }

  /**
   * @param value the OCI runtime (compose {@code runtime})
   * @return this builder
   */
  public Service.Builder runtime(String value) {
    this.runtime = Optional.of(Checks.notNull(value, "runtime"));
    return self();
  }

  /** @return this builder, with {@code runtime} unset */
  public Service.Builder clearRuntime() {
    this.runtime = Optional.empty();
    return self();
  }

  /**
   * @param value the PID namespace: {@code host}, {@code service:NAME} or {@code container:ID} (compose {@code pid})
   * @return this builder
   */
  public Service.Builder pid(String value) {
    this.pid = Optional.of(Checks.notNull(value, "pid"));
    return self();
  }

  /** @return this builder, with {@code pid} unset */
  public Service.Builder clearPid() {
    this.pid = Optional.empty();
    return self();
  }

  /**
   * @param value the IPC namespace: {@code host}, {@code shareable}, {@code service:NAME}... (compose {@code ipc})
   * @return this builder
   */
  public Service.Builder ipc(String value) {
    this.ipc = Optional.of(Checks.notNull(value, "ipc"));
    return self();
  }

  /** @return this builder, with {@code ipc} unset */
  public Service.Builder clearIpc() {
    this.ipc = Optional.empty();
    return self();
  }

  /**
   * @param value the UTS namespace ({@code host}) (compose {@code uts})
   * @return this builder
   */
  public Service.Builder uts(String value) {
    this.uts = Optional.of(Checks.notNull(value, "uts"));
    return self();
  }

  /** @return this builder, with {@code uts} unset */
  public Service.Builder clearUts() {
    this.uts = Optional.empty();
    return self();
  }

  /**
   * @param value the user namespace ({@code host}) (compose {@code userns_mode})
   * @return this builder
   */
  public Service.Builder usernsMode(String value) {
    this.usernsMode = Optional.of(Checks.notNull(value, "usernsMode"));
    return self();
  }

  /** @return this builder, with {@code userns_mode} unset */
  public Service.Builder clearUsernsMode() {
    this.usernsMode = Optional.empty();
    return self();
  }

  /**
   * @param value the cgroup namespace: {@code host} or {@code private} (compose {@code cgroup})
   * @return this builder
   */
  public Service.Builder cgroup(String value) {
    this.cgroup = Optional.of(Checks.notNull(value, "cgroup"));
    return self();
  }

  /** @return this builder, with {@code cgroup} unset */
  public Service.Builder clearCgroup() {
    this.cgroup = Optional.empty();
    return self();
  }

  /**
   * @param value the parent cgroup (compose {@code cgroup_parent})
   * @return this builder
   */
  public Service.Builder cgroupParent(String value) {
    this.cgroupParent = Optional.of(Checks.notNull(value, "cgroupParent"));
    return self();
  }

  /** @return this builder, with {@code cgroup_parent} unset */
  public Service.Builder clearCgroupParent() {
    this.cgroupParent = Optional.empty();
    return self();
  }

  /**
   * @param value the isolation technology (Windows: {@code process}, {@code hyperv}) (compose {@code isolation})
   * @return this builder
   */
  public Service.Builder isolation(String value) {
    this.isolation = Optional.of(Checks.notNull(value, "isolation"));
    return self();
  }

  /** @return this builder, with {@code isolation} unset */
  public Service.Builder clearIsolation() {
    this.isolation = Optional.empty();
    return self();
  }

  /**
   * @param value the credential spec of a Windows managed service account (compose {@code credential_spec})
   * @return this builder
   */
  public Service.Builder credentialSpec(CredentialSpec value) {
    this.credentialSpec = Optional.of(Checks.notNull(value, "credentialSpec"));
    return self();
  }

  /** @return this builder, with {@code credential_spec} unset */
  public Service.Builder clearCredentialSpec() {
    this.credentialSpec = Optional.empty();
    return self();
  }

  /**
   * @param value the container's own resource settings, outside {@code deploy} (compose {@code cpus, mem_limit...})
   * @return this builder
   */
  public Service.Builder containerLimits(ContainerLimits value) {
    this.containerLimits = Checks.notNull(value, "containerLimits");
    return self();
  }

  /**
   * @param values process limits, replacing any set before (compose {@code ulimits})
   * @return this builder
   */
  public Service.Builder ulimits(List<Ulimit> values) {
    this.ulimits = Checks.list(values, "ulimits");
    return self();
  }

  /**
   * @param values process limits, appended
   * @return this builder
   */
  public Service.Builder addUlimits(Ulimit... values) {
    this.ulimits = appended(this.ulimits, Checks.array("ulimits", values));
    return self();
  }

  /**
   * @param value the size of {@code /dev/shm} (compose {@code shm_size})
   * @return this builder
   */
  public Service.Builder shmSize(ByteSize value) {
    this.shmSize = Optional.of(Checks.notNull(value, "shmSize"));
    return self();
  }

  /** @return this builder, with {@code shm_size} unset */
  public Service.Builder clearShmSize() {
    this.shmSize = Optional.empty();
    return self();
  }

  /**
   * @param values storage driver options, e.g. {@code size: 20G}, replacing any set before (compose {@code
   *     storage_opt})
   * @return this builder
   */
  public Service.Builder storageOpt(Map<String, String> values) {
    this.storageOpt = Checks.orderedMapNoNulls(values, "storageOpt");
    return self();
  }

  /**
   * @param key the key
   * @param value the value, added or replacing that key's
   * @return this builder
   */
  public Service.Builder storageOpt(String key, String value) {
    Checks.notNull(value, "storageOpt.", key);
    String k = Checks.notNull(key, "storageOpt key");
    this.storageOpt = mutable(this.storageOpt);
    this.storageOpt.put(k, value);
    return self();
  }

  /**
   * @param value whether the engine's API socket is made available in the container (compose {@code use_api_socket})
   * @return this builder
   */
  public Service.Builder useApiSocket(boolean value) {
    this.useApiSocket = Optional.of(value);
    return self();
  }

  /** @return this builder, with {@code use_api_socket} unset */
  public Service.Builder clearUseApiSocket() {
    this.useApiSocket = Optional.empty();
    return self();
  }

  /**
   * @param value a plug-in's resource that stands in for a container (compose {@code provider})
   * @return this builder
   */
  public Service.Builder provider(Provider value) {
    this.provider = Optional.of(Checks.notNull(value, "provider"));
    return self();
  }

  /** @return this builder, with {@code provider} unset */
  public Service.Builder clearProvider() {
    this.provider = Optional.empty();
    return self();
  }

  /**
   * @param values AI models the service uses, with the variables that tell it where they are, replacing any set before
   *     (compose {@code models})
   * @return this builder
   */
  public Service.Builder models(List<ServiceModel> values) {
    this.models = Checks.list(values, "models");
    return self();
  }

  /**
   * @param values AI models the service uses, with the variables that tell it where they are, appended
   * @return this builder
   */
  public Service.Builder addModels(ServiceModel... values) {
    this.models = appended(this.models, Checks.array("models", values));
    return self();
  }

  /**
   * @param values extension fields ({@code x-}): strings, numbers, booleans, null, lists, maps, replacing any set
   *     before (compose {@code x-...})
   * @return this builder
   */
  public Service.Builder extensions(Map<String, Object> values) {
    this.extensions = Checks.extensions(values, "extensions");
    return self();
  }

  /**
   * @param key the key ({@code x-...})
   * @param value the value, may be null, added or replacing that key's
   * @return this builder
   */
  public Service.Builder extension(String key, Object value) {
    Map<String, Object> one = Checks.extensions(java.util.Collections.singletonMap(key, value), "extensions");
    this.extensions = mutable(this.extensions);
    this.extensions.putAll(one);
    return self();
  }
}
