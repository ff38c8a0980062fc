package dev.onyx.deploy.core;

import java.util.List;
import java.util.Optional;

/**
 * The lifecycle, network and storage settings of {@link Service.Builder}. Package-private: only {@link Service.Builder}
 * extends it; its
 * public methods are the builder's.
 */
abstract class ServiceNetworkSettings extends ServiceProcessSettings {
  ServiceNetworkSettings(String name) {
    super(name);
  }

  /**
   * @param value the healthcheck; empty means the image's (compose {@code healthcheck})
   * @return this builder
   */
  public Service.Builder healthcheck(Healthcheck value) {
    this.healthcheck = Optional.of(Checks.notNull(value, "healthcheck"));
    return self();
  }

  /** @return this builder, with {@code healthcheck} unset */
  public Service.Builder clearHealthcheck() {
    this.healthcheck = Optional.empty();
    return self();
  }

  /**
   * @param value the restart policy; empty means {@code no} (compose {@code restart})
   * @return this builder
   */
  public Service.Builder restart(RestartPolicy value) {
    this.restart = Optional.of(Checks.notNull(value, "restart"));
    return self();
  }

  /** @return this builder, with {@code restart} unset */
  public Service.Builder clearRestart() {
    this.restart = Optional.empty();
    return self();
  }

  /**
   * @param value the number of containers, the older spelling of {@code deploy.replicas} (compose {@code scale})
   * @return this builder
   */
  public Service.Builder scale(int value) {
    this.scale = Optional.of(value);
    return self();
  }

  /** @return this builder, with {@code scale} unset */
  public Service.Builder clearScale() {
    this.scale = Optional.empty();
    return self();
  }

  /**
   * @param value replicas, task restarts, resources and the Swarm-only placement and rollout (compose {@code deploy})
   * @return this builder
   */
  public Service.Builder deploy(Deploy value) {
    this.deploy = Checks.notNull(value, "deploy");
    return self();
  }

  /**
   * @param value how a development tool keeps the container in step with source files (compose {@code develop})
   * @return this builder
   */
  public Service.Builder develop(Develop value) {
    this.develop = Optional.of(Checks.notNull(value, "develop"));
    return self();
  }

  /** @return this builder, with {@code develop} unset */
  public Service.Builder clearDevelop() {
    this.develop = Optional.empty();
    return self();
  }

  /**
   * @param values the profiles that enable the service; empty means always enabled, replacing any set before (compose
   *     {@code profiles})
   * @return this builder
   */
  public Service.Builder profiles(List<String> values) {
    this.profiles = Checks.list(values, "profiles");
    return self();
  }

  /**
   * @param values the profiles that enable the service; empty means always enabled, appended
   * @return this builder
   */
  public Service.Builder addProfiles(String... values) {
    this.profiles = appended(this.profiles, Checks.array("profiles", values));
    return self();
  }

  /**
   * @param values the services this one waits for, replacing any set before (compose {@code depends_on})
   * @return this builder
   */
  public Service.Builder dependsOn(List<DependsOn> values) {
    this.dependsOn = Checks.list(values, "dependsOn");
    return self();
  }

  /**
   * @param values the services this one waits for, appended
   * @return this builder
   */
  public Service.Builder addDependsOn(DependsOn... values) {
    this.dependsOn = appended(this.dependsOn, Checks.array("dependsOn", values));
    return self();
  }

  /**
   * @param values container ports and how they are published, replacing any set before (compose {@code ports})
   * @return this builder
   */
  public Service.Builder ports(List<PortMapping> values) {
    this.ports = Checks.list(values, "ports");
    return self();
  }

  /**
   * @param values container ports and how they are published, appended
   * @return this builder
   */
  public Service.Builder addPorts(PortMapping... values) {
    this.ports = appended(this.ports, Checks.array("ports", values));
    return self();
  }

  /**
   * @param values ports exposed to other services only, e.g. {@code 8080} or {@code 9000/udp}, replacing any set before
   *     (compose {@code expose})
   * @return this builder
   */
  public Service.Builder expose(List<String> values) {
    this.expose = Checks.list(values, "expose");
    return self();
  }

  /**
   * @param values ports exposed to other services only, e.g. {@code 8080} or {@code 9000/udp}, appended
   * @return this builder
   */
  public Service.Builder addExpose(String... values) {
    this.expose = appended(this.expose, Checks.array("expose", values));
    return self();
  }

  /**
   * @param values networks the service joins; empty means the stack's {@code default} network, replacing any set before
   *     (compose {@code networks})
   * @return this builder
   */
  public Service.Builder networks(List<NetworkAttachment> values) {
    this.networks = Checks.list(values, "networks");
    return self();
  }

  /**
   * @param values networks the service joins; empty means the stack's {@code default} network, appended
   * @return this builder
   */
  public Service.Builder addNetworks(NetworkAttachment... values) {
    this.networks = appended(this.networks, Checks.array("networks", values));
    return self();
  }

  /**
   * @param value a mode instead of networks: {@code host}, {@code service:NAME}... (compose {@code network_mode})
   * @return this builder
   */
  public Service.Builder networkMode(String value) {
    this.networkMode = Optional.of(Checks.notNull(value, "networkMode"));
    return self();
  }

  /** @return this builder, with {@code network_mode} unset */
  public Service.Builder clearNetworkMode() {
    this.networkMode = Optional.empty();
    return self();
  }

  /**
   * @param value the container's host name (compose {@code hostname})
   * @return this builder
   */
  public Service.Builder hostname(String value) {
    this.hostname = Optional.of(Checks.notNull(value, "hostname"));
    return self();
  }

  /** @return this builder, with {@code hostname} unset */
  public Service.Builder clearHostname() {
    this.hostname = Optional.empty();
    return self();
  }

  /**
   * @param value the container's domain name (compose {@code domainname})
   * @return this builder
   */
  public Service.Builder domainname(String value) {
    this.domainname = Optional.of(Checks.notNull(value, "domainname"));
    return self();
  }

  /** @return this builder, with {@code domainname} unset */
  public Service.Builder clearDomainname() {
    this.domainname = Optional.empty();
    return self();
  }

  /**
   * @param value the container's MAC address (compose {@code mac_address})
   * @return this builder
   */
  public Service.Builder macAddress(String value) {
    this.macAddress = Optional.of(Checks.notNull(value, "macAddress"));
    return self();
  }

  /** @return this builder, with {@code mac_address} unset */
  public Service.Builder clearMacAddress() {
    this.macAddress = Optional.empty();
    return self();
  }

  /**
   * @param values DNS servers, replacing any set before (compose {@code dns})
   * @return this builder
   */
  public Service.Builder dns(List<String> values) {
    this.dns = Checks.list(values, "dns");
    return self();
  }

  /**
   * @param values DNS servers, appended
   * @return this builder
   */
  public Service.Builder addDns(String... values) {
    this.dns = appended(this.dns, Checks.array("dns", values));
    return self();
  }

  /**
   * @param values resolver options, e.g. {@code use-vc}, replacing any set before (compose {@code dns_opt})
   * @return this builder
   */
  public Service.Builder dnsOpt(List<String> values) {
    this.dnsOpt = Checks.list(values, "dnsOpt");
    return self();
  }

  /**
   * @param values resolver options, e.g. {@code use-vc}, appended
   * @return this builder
   */
  public Service.Builder addDnsOpt(String... values) {
    this.dnsOpt = appended(this.dnsOpt, Checks.array("dnsOpt", values));
    return self();
  }

  /**
   * @param values DNS search domains, replacing any set before (compose {@code dns_search})
   * @return this builder
   */
  public Service.Builder dnsSearch(List<String> values) {
    this.dnsSearch = Checks.list(values, "dnsSearch");
    return self();
  }

  /**
   * @param values DNS search domains, appended
   * @return this builder
   */
  public Service.Builder addDnsSearch(String... values) {
    this.dnsSearch = appended(this.dnsSearch, Checks.array("dnsSearch", values));
    return self();
  }

  /**
   * @param values extra {@code /etc/hosts} lines, replacing any set before (compose {@code extra_hosts})
   * @return this builder
   */
  public Service.Builder extraHosts(List<ExtraHost> values) {
    this.extraHosts = Checks.list(values, "extraHosts");
    return self();
  }

  /**
   * @param values extra {@code /etc/hosts} lines, appended
   * @return this builder
   */
  public Service.Builder addExtraHosts(ExtraHost... values) {
    this.extraHosts = appended(this.extraHosts, Checks.array("extraHosts", values));
    return self();
  }

  /**
   * @param values links to other services' containers, {@code SERVICE} or {@code SERVICE:ALIAS}, replacing any set
   *     before (compose {@code links})
   * @return this builder
   */
  public Service.Builder links(List<String> values) {
    this.links = Checks.list(values, "links");
    return self();
  }

  /**
   * @param values links to other services' containers, {@code SERVICE} or {@code SERVICE:ALIAS}, appended
   * @return this builder
   */
  public Service.Builder addLinks(String... values) {
    this.links = appended(this.links, Checks.array("links", values));
    return self();
  }

  /**
   * @param values links to containers outside the stack, {@code NAME[:ALIAS]}, replacing any set before (compose {@code
   *     external_links})
   * @return this builder
   */
  public Service.Builder externalLinks(List<String> values) {
    this.externalLinks = Checks.list(values, "externalLinks");
    return self();
  }

  /**
   * @param values links to containers outside the stack, {@code NAME[:ALIAS]}, appended
   * @return this builder
   */
  public Service.Builder addExternalLinks(String... values) {
    this.externalLinks = appended(this.externalLinks, Checks.array("externalLinks", values));
    return self();
  }

  /**
   * @param values volumes, bind mounts and tmpfs mounts, replacing any set before (compose {@code volumes})
   * @return this builder
   */
  public Service.Builder mounts(List<Mount> values) {
    this.mounts = Checks.list(values, "mounts");
    return self();
  }

  /**
   * @param values volumes, bind mounts and tmpfs mounts, appended
   * @return this builder
   */
  public Service.Builder addMounts(Mount... values) {
    this.mounts = appended(this.mounts, Checks.array("mounts", values));
    return self();
  }

  /**
   * @param values memory-backed filesystems with their mount options, replacing any set before (compose {@code tmpfs})
   * @return this builder
   */
  public Service.Builder tmpfs(List<Tmpfs> values) {
    this.tmpfs = Checks.list(values, "tmpfs");
    return self();
  }

  /**
   * @param values memory-backed filesystems with their mount options, appended
   * @return this builder
   */
  public Service.Builder addTmpfs(Tmpfs... values) {
    this.tmpfs = appended(this.tmpfs, Checks.array("tmpfs", values));
    return self();
  }

  /**
   * @param values services or {@code container:NAME}s whose volumes are mounted too, replacing any set before (compose
   *     {@code volumes_from})
   * @return this builder
   */
  public Service.Builder volumesFrom(List<String> values) {
    this.volumesFrom = Checks.list(values, "volumesFrom");
    return self();
  }

  /**
   * @param values services or {@code container:NAME}s whose volumes are mounted too, appended
   * @return this builder
   */
  public Service.Builder addVolumesFrom(String... values) {
    this.volumesFrom = appended(this.volumesFrom, Checks.array("volumesFrom", values));
    return self();
  }

  /**
   * @param values the stack secrets mounted as files, replacing any set before (compose {@code secrets})
   * @return this builder
   */
  public Service.Builder secrets(List<FileReference> values) {
    this.secrets = Checks.list(values, "secrets");
    return self();
  }

  /**
   * @param values the stack secrets mounted as files, appended
   * @return this builder
   */
  public Service.Builder addSecrets(FileReference... values) {
    this.secrets = appended(this.secrets, Checks.array("secrets", values));
    return self();
  }

  /**
   * @param values the stack configs mounted as files, replacing any set before (compose {@code configs})
   * @return this builder
   */
  public Service.Builder configs(List<FileReference> values) {
    this.configs = Checks.list(values, "configs");
    return self();
  }

  /**
   * @param values the stack configs mounted as files, appended
   * @return this builder
   */
  public Service.Builder addConfigs(FileReference... values) {
    this.configs = appended(this.configs, Checks.array("configs", values));
    return self();
  }
}
