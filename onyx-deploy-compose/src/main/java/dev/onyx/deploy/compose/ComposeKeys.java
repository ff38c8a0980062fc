package dev.onyx.deploy.compose;

import java.util.Set;

/**
 * The keys the Compose Specification allows in each section, as named sets; the reader reports any
 * other key (but {@code x-} extensions) as unknown.
 */
final class ComposeKeys {
  private ComposeKeys() {}

  static final Set<String> TOP_LEVEL = Set.of("version", "name", "services", "volumes", "networks", "secrets",
      "configs", "models");
  static final Set<String> SERVICE = Set.of("develop", "deploy", "annotations", "attach", "build",
      "blkio_config", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command", "configs", "container_name",
      "cpu_count", "cpu_percent", "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period", "cpu_rt_runtime",
      "cpus", "cpuset", "credential_spec", "depends_on", "device_cgroup_rules", "devices", "dns", "dns_opt",
      "dns_search", "domainname", "entrypoint", "env_file", "label_file", "environment", "expose",
      "provider", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image",
      "init", "ipc", "isolation", "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
      "mem_swappiness", "memswap_limit", "network_mode", "models", "networks", "oom_kill_disable",
      "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged",
      "profiles", "pull_policy", "pull_refresh_after", "read_only", "restart", "runtime", "scale",
      "security_opt", "shm_size", "secrets", "sysctls", "stdin_open", "stop_grace_period", "stop_signal",
      "storage_opt", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "uts", "userns_mode", "volumes",
      "volumes_from", "working_dir");
  static final Set<String> BUILD = Set.of("context", "dockerfile", "dockerfile_inline", "args", "target",
      "entitlements", "ssh", "cache_from", "cache_to", "additional_contexts", "extra_hosts", "isolation",
      "network", "privileged", "secrets", "tags", "ulimits", "platforms", "labels", "no_cache", "pull",
      "shm_size", "provenance", "sbom");
  static final Set<String> VOLUME = Set.of("name", "driver", "driver_opts", "external", "labels");
  static final Set<String> NETWORK = Set.of("name", "driver", "driver_opts", "ipam", "external", "internal",
      "attachable", "labels", "enable_ipv4", "enable_ipv6");
  static final Set<String> IPAM = Set.of("driver", "config", "options");
  static final Set<String> IPAM_POOL = Set.of("subnet", "ip_range", "gateway", "aux_addresses");
  static final Set<String> SECRET = Set.of("name", "file", "environment", "external", "labels", "driver",
      "driver_opts", "template_driver");
  static final Set<String> CONFIG = Set.of("name", "file", "content", "environment", "external", "labels",
      "template_driver");
  static final Set<String> MODEL = Set.of("name", "model", "context_size", "runtime_flags");
  static final Set<String> ENV_FILE = Set.of("path", "required", "format");
  static final Set<String> PORT = Set.of("target", "published", "host_ip", "protocol", "mode", "name",
      "app_protocol");
  static final Set<String> MOUNT = Set.of("type", "source", "target", "read_only", "consistency", "bind",
      "volume", "tmpfs", "image");
  static final Set<String> MOUNT_BIND = Set.of("propagation", "create_host_path", "selinux", "recursive");
  static final Set<String> MOUNT_VOLUME = Set.of("nocopy", "subpath");
  static final Set<String> MOUNT_TMPFS = Set.of("size", "mode");
  static final Set<String> MOUNT_IMAGE = Set.of("subpath");
  static final Set<String> SERVICE_NETWORK = Set.of("aliases", "ipv4_address", "ipv6_address", "link_local_ips",
      "mac_address", "driver_opts", "priority", "gw_priority", "interface_name");
  static final Set<String> HEALTHCHECK = Set.of("disable", "interval", "retries", "test", "timeout",
      "start_period", "start_interval");
  static final Set<String> DEPLOY = Set.of("mode", "endpoint_mode", "replicas", "labels", "rollback_config",
      "update_config", "restart_policy", "placement", "resources");
  static final Set<String> UPDATE_CONFIG = Set.of("parallelism", "delay", "failure_action", "monitor",
      "max_failure_ratio", "order");
  static final Set<String> RESTART_POLICY = Set.of("condition", "delay", "max_attempts", "window");
  static final Set<String> PLACEMENT = Set.of("constraints", "preferences", "max_replicas_per_node");
  static final Set<String> PREFERENCE = Set.of("spread");
  static final Set<String> RESOURCES = Set.of("limits", "reservations");
  static final Set<String> LIMITS = Set.of("cpus", "memory", "pids");
  static final Set<String> RESERVATIONS = Set.of("cpus", "memory", "devices", "generic_resources");
  static final Set<String> DEVICE_REQUEST = Set.of("capabilities", "count", "device_ids", "driver", "options");
  static final Set<String> GENERIC_RESOURCE = Set.of("discrete_resource_spec", "named_resource_spec");
  static final Set<String> RESOURCE_SPEC = Set.of("kind", "value");
  static final Set<String> ULIMIT = Set.of("soft", "hard");
  static final Set<String> DEVICE = Set.of("source", "target", "permissions");
  static final Set<String> DEPENDS_ON = Set.of("condition", "required", "restart");
  static final Set<String> FILE_REFERENCE = Set.of("source", "target", "uid", "gid", "mode");
  static final Set<String> LOGGING = Set.of("driver", "options");
  static final Set<String> HOOK = Set.of("command", "user", "privileged", "working_dir", "environment");
  static final Set<String> DEVELOP = Set.of("watch");
  static final Set<String> WATCH = Set.of("path", "action", "target", "ignore", "include", "initial_sync",
      "exec");
  static final Set<String> CREDENTIAL_SPEC = Set.of("config", "file", "registry");
  static final Set<String> BLKIO = Set.of("weight", "weight_device", "device_read_bps", "device_write_bps",
      "device_read_iops", "device_write_iops");
  static final Set<String> BLKIO_WEIGHT = Set.of("path", "weight");
  static final Set<String> BLKIO_RATE = Set.of("path", "rate");
  static final Set<String> PROVIDER = Set.of("type", "options");
  static final Set<String> SERVICE_MODEL = Set.of("endpoint_var", "model_var");
  static final Set<String> INCLUDE = Set.of("path", "project_directory", "env_file");
  static final Set<String> EXTENDS = Set.of("service", "file");
}
