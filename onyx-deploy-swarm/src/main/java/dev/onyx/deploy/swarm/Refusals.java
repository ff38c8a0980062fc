package dev.onyx.deploy.swarm;

import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.ValidationProblem;
import dev.onyx.deploy.core.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a Swarm cannot do with a stack (refused, each problem with its path and reason) and what it
 * does differently from a single engine (warnings).
 */
final class Refusals {
  final List<ValidationProblem> problems = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  private final Stack stack;
  private final int nodes;
  private final boolean startInterval;

  /**
   * @param nodes how many nodes the swarm has (warnings about data that stays on one node)
   * @param startInterval whether the engine takes a healthcheck's start interval
   */
  Refusals(Stack stack, int nodes, boolean startInterval) {
    this.stack = stack;
    this.nodes = nodes;
    this.startInterval = startInterval;
  }

  /** @param existing the swarm's networks by name (for external networks) */
  Refusals check(Function<String, Optional<Map<String, Object>>> existing) {
    for (Service s : stack.services()) {
      service(s);
    }
    for (Network n : stack.networks()) {
      String p = "networks." + n.name();
      if (n.external()) {
        String name = Names.network(stack, n.name());
        Optional<Map<String, Object>> e = existing.apply(name);
        if (e.isEmpty()) {
          problem(p, "external network '" + name + "' does not exist on the swarm: create it with "
              + "'docker network create --driver overlay --attachable " + name + "'");
        } else if (!"swarm".equals(e.get().get("Scope"))) {
          problem(p, "external network '" + name + "' is a " + e.get().get("Scope")
              + " network: Swarm services join swarm-scoped (overlay) networks only");
        }
      } else if (n.driver().filter(d -> d.equals("bridge")).isPresent()) {
        warnings.add("network '" + n.name() + "' asks for the bridge driver, which Swarm services cannot join: "
            + "it is made as an overlay network");
      }
    }
    return this;
  }

  private void service(Service s) {
    String p = "services." + s.name();
    if (s.privileged()) {
      problem(p + ".privileged", "Swarm services cannot run privileged containers");
    }
    if (!s.devices().isEmpty()) {
      problem(p + ".devices", "Swarm services cannot use host devices (" + String.join(", ", s.devices()) + ")");
    }
    if (!s.resources().devices().isEmpty()) {
      problem(p + ".deploy.resources.reservations.devices", "device requests (GPUs) are not supported on a Swarm");
    }
    if (s.runtime().isPresent()) {
      problem(p + ".runtime", "Swarm services run with the node's default runtime; runtime '"
          + s.runtime().get() + "' cannot be chosen");
    }
    if (!s.securityOpt().isEmpty()) {
      problem(p + ".security_opt", "Swarm services take no security options (" + String.join(", ", s.securityOpt())
          + ")");
    }
    if (s.networkMode().isPresent()) {
      String m = s.networkMode().get();
      if (!m.equals("host") && !m.equals("none")) {
        problem(p + ".network_mode", "Swarm services cannot use network_mode '" + m + "'; only host or none, "
            + "else they join the stack's overlay networks");
      } else if (!s.ports().isEmpty()) {
        problem(p + ".ports", "a Swarm service with network_mode " + m + " cannot publish ports through the "
            + "routing mesh");
      }
    }
    for (NetworkAttachment a : s.networks()) {
      if (a.ipv4Address().isPresent()) {
        problem(p + ".networks." + a.network() + ".ipv4_address", "Swarm assigns task addresses itself; a fixed "
            + "address cannot be given");
      }
    }
    unsupported(s, p);
    deploy(s, p);
    if (s.containerName().isPresent()) {
      warnings.add("service '" + s.name() + "': Swarm names its tasks itself, container_name '"
          + s.containerName().get() + "' is not used");
    }
    if (!startInterval && s.healthcheck().flatMap(h -> h.startInterval()).isPresent()) {
      warnings.add("service '" + s.name() + "': this engine's API is older than 1.44, the healthcheck's "
          + "start_interval is not used");
    }
    for (PortMapping port : s.ports()) {
      String ip = port.hostIp().orElse("");
      if (!ip.isEmpty() && !ip.equals("0.0.0.0") && !ip.equals("::")) {
        warnings.add("service '" + s.name() + "': Swarm cannot bind a published port to one address: port "
            + port.hostPorts().map(Object::toString).orElse("?") + " (" + ip + ") is published on every address of "
            + "every node (routing mesh); keep it behind a firewall or drop it");
      }
    }
    mounts(s);
  }

  /** Container settings a Swarm service's task template has no place for: refused, never dropped quietly. */
  private void unsupported(Service s, String p) {
    Map<String, Boolean> set = new LinkedHashMap<>();
    set.put("pid", s.pid().isPresent());
    set.put("ipc", s.ipc().isPresent());
    set.put("uts", s.uts().isPresent());
    set.put("userns_mode", s.usernsMode().isPresent());
    set.put("cgroup", s.cgroup().isPresent());
    set.put("cgroup_parent", s.cgroupParent().isPresent());
    set.put("volumes_from", !s.volumesFrom().isEmpty());
    set.put("links", !s.links().isEmpty());
    set.put("external_links", !s.externalLinks().isEmpty());
    set.put("mac_address", s.macAddress().isPresent());
    set.put("domainname", s.domainname().isPresent());
    set.put("gpus", !s.gpus().isEmpty());
    set.put("device_cgroup_rules", !s.deviceCgroupRules().isEmpty());
    set.put("storage_opt", !s.storageOpt().isEmpty());
    set.put("post_start", !s.postStart().isEmpty());
    set.put("pre_stop", !s.preStop().isEmpty());
    set.forEach((field, present) -> {
      if (present) {
        problem(p + "." + field, "Swarm services have no " + field + " setting; remove it for the Swarm deploy");
      }
    });
    if (!s.containerLimits().isEmpty()) {
      problem(p + ".mem_limit", "Swarm takes a service's limits from deploy.resources (limits and reservations); "
          + "move mem_limit, cpus, pids_limit and the like there");
    }
    for (Mount m : s.mounts()) {
      if (m.type() == Mount.Type.NPIPE || m.type() == Mount.Type.CLUSTER || m.type() == Mount.Type.IMAGE) {
        problem(p + ".volumes", "a " + m.type().name().toLowerCase(java.util.Locale.ROOT) + " mount at "
            + m.target() + " is not supported on a Swarm");
      }
    }
  }

  private void deploy(Service s, String p) {
    Deploy d = s.deploy();
    if (d.replicas().filter(r -> r < 0).isPresent()) {
      problem(p + ".deploy.replicas", "must be 0 or more, was " + d.replicas().get());
    }
    if (Roles.global(s) && d.placement().maxReplicasPerNode().isPresent()) {
      problem(p + ".deploy.placement.max_replicas_per_node", "a global service runs one task per node");
    }
    if (d.rollbackConfig().flatMap(UpdateConfig::failureAction).filter(a -> a == UpdateConfig.FailureAction.ROLLBACK)
        .isPresent()) {
      problem(p + ".deploy.rollback_config.failure_action", "a rollback cannot itself roll back (use pause or "
          + "continue)");
    }
    if (d.endpointMode().filter(m -> m == Deploy.EndpointMode.DNSRR).isPresent() && !s.ports().isEmpty()) {
      problem(p + ".deploy.endpoint_mode", "dnsrr services cannot publish ports through the routing mesh");
    }
    if (Roles.job(s) && (d.updateConfig().isPresent() || d.rollbackConfig().isPresent())) {
      warnings.add("service '" + s.name() + "': a job is run again as a whole; its update and rollback configs "
          + "are not used");
    }
  }

  private void mounts(Service s) {
    boolean unpinned = s.deploy().placement().constraints().isEmpty();
    boolean spread = Roles.global(s) || s.deploy().replicaCount() > 1;
    for (Mount m : s.mounts()) {
      if (m.selinux().isPresent()) {
        warnings.add("service '" + s.name() + "': Swarm does not relabel mounts for SELinux; the :"
            + m.selinux().get().option() + " option on " + m.target() + " is not used");
      }
      if (m.type() == Mount.Type.VOLUME && m.source().isPresent()) {
        Optional<Volume> v = stack.volume(m.source().get());
        boolean local = v.isEmpty() || v.get().driver().orElse("local").equals("local");
        if (local && (spread || unpinned)) {
          warnings.add("service '" + s.name() + "': volume '" + m.source().get() + "' is a local volume on the node "
              + "that runs each task, so " + (spread ? "its replicas do not share it" : "its data stays on "
              + "whichever node the task ran on") + "; pin the service to one node with a placement constraint "
              + "(e.g. node.hostname == NAME) or use a shared volume driver");
          return;
        }
      }
      if (m.type() == Mount.Type.BIND && nodes > 1 && unpinned) {
        warnings.add("service '" + s.name() + "': the host path " + m.source().orElse("") + " must exist on every "
            + "node that may run its tasks; pin the service with a placement constraint");
      }
    }
  }

  private void problem(String path, String message) {
    problems.add(new ValidationProblem(path, message));
  }
}
