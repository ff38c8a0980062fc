package dev.onyx.deploy.docker;

import com.github.dockerjava.api.model.BlkioRateDevice;
import com.github.dockerjava.api.model.BlkioWeightDevice;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Isolation;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.onyx.deploy.core.BlkioConfig;
import dev.onyx.deploy.core.ContainerLimits;
import dev.onyx.deploy.core.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The parts of a container's {@code HostConfig} that come straight from service attributes, mapped
 * as docker compose 2.26 maps them ({@code pkg/compose/create.go} and the convergence's
 * {@code resolveServiceReferences}): the namespaces ({@code pid}, {@code ipc}, {@code uts},
 * {@code userns_mode}, {@code cgroup}), {@code volumes_from}, {@code links} and
 * {@code external_links}, the container limits outside {@code deploy}, and the smaller settings
 * ({@code group_add}, {@code dns_opt}, {@code dns_search}, {@code device_cgroup_rules},
 * {@code cgroup_parent}, {@code isolation}, {@code storage_opt}, {@code annotations}).
 */
final class HostSettings {
  /** Another service's containers, lowest replica number first. */
  record Peer(String id, String name) {
  }

  private final String project;
  /** Looks up a service's containers on the engine (at create time: they exist by then). */
  private final Function<String, List<Peer>> peers;

  HostSettings(String project, Function<String, List<Peer>> peers) {
    this.project = project;
    this.peers = peers;
  }

  /** Sets every attribute this class maps on the host config of replica {@code number}. */
  void apply(HostConfig hc, Service s, int number) {
    s.pid().ifPresent(m -> hc.withPidMode(namespace(s, "PID", m)));
    s.ipc().ifPresent(m -> hc.withIpcMode(namespace(s, "IPC", m)));
    s.uts().ifPresent(hc::withUtSMode);
    s.usernsMode().ifPresent(hc::withUsernsMode);
    s.cgroup().ifPresent(hc::withCgroupnsMode);
    s.cgroupParent().ifPresent(hc::withCgroupParent);
    s.isolation().ifPresent(i -> hc.withIsolation(Isolation.fromValue(i)));
    if (!s.volumesFrom().isEmpty()) {
      hc.withVolumesFrom(volumesFrom(s));
    }
    List<Link> links = links(s, number);
    if (!links.isEmpty()) {
      hc.withLinks(links);
    }
    if (!s.groupAdd().isEmpty()) {
      hc.withGroupAdd(s.groupAdd());
    }
    if (!s.dnsOpt().isEmpty()) {
      hc.withDnsOptions(s.dnsOpt());
    }
    if (!s.dnsSearch().isEmpty()) {
      hc.withDnsSearch(s.dnsSearch());
    }
    if (!s.deviceCgroupRules().isEmpty()) {
      hc.withDeviceCgroupRules(s.deviceCgroupRules());
    }
    if (!s.storageOpt().isEmpty()) {
      hc.withStorageOpt(s.storageOpt());
    }
    if (!s.annotations().isEmpty()) {
      hc.withAnnotations(s.annotations());
    }
    limits(hc, s.containerLimits());
  }

  /**
   * A namespace mode: {@code service:NAME} becomes {@code container:ID} of that service's first
   * container, as compose resolves it; every other mode goes to the engine as written.
   */
  String namespace(Service s, String kind, String mode) {
    if (!mode.startsWith("service:")) {
      return mode;
    }
    String other = mode.substring("service:".length());
    return "container:" + first(s, other, "cannot share the " + kind + " namespace of service '" + other + "'").id();
  }

  /**
   * {@code volumes_from}: a service's first container (by id, as compose), or {@code container:NAME}
   * as the engine's container name; the access mode ({@code ro}/{@code rw}) is kept.
   */
  List<VolumesFrom> volumesFrom(Service s) {
    List<VolumesFrom> out = new ArrayList<>();
    for (String from : s.volumesFrom()) {
      String ref = from;
      String mode = null;
      if (ref.endsWith(":ro") || ref.endsWith(":rw")) {
        mode = ref.substring(ref.length() - 2);
        ref = ref.substring(0, ref.length() - 3);
      }
      String container = ref.startsWith("container:") ? ref.substring("container:".length())
          : first(s, ref, "cannot mount the volumes of service '" + ref + "'").id();
      out.add(VolumesFrom.parse(mode == null ? container : container + ":" + mode));
    }
    return out;
  }

  /**
   * {@code links} as compose makes them: for every container C of the linked service, C under the
   * link's alias, under {@code SERVICE-N} and {@code PROJECT-SERVICE-N} (N: this replica's number);
   * then {@code external_links} as {@code container:alias}.
   */
  List<Link> links(Service s, int number) {
    List<Link> out = new ArrayList<>();
    for (String raw : s.links()) {
      int colon = raw.indexOf(':');
      String service = colon < 0 ? raw : raw.substring(0, colon);
      String alias = colon < 0 ? raw : raw.substring(colon + 1);
      for (Peer p : peers.apply(service)) {
        out.add(new Link(p.name(), alias));
        out.add(new Link(p.name(), service + "-" + number));
        out.add(new Link(p.name(), project + "-" + service + "-" + number));
      }
    }
    for (String raw : s.externalLinks()) {
      int colon = raw.indexOf(':');
      out.add(colon < 0 ? new Link(raw, raw) : new Link(raw.substring(0, colon), raw.substring(colon + 1)));
    }
    return out;
  }

  private Peer first(Service s, String other, String what) {
    List<Peer> found = peers.apply(other);
    if (found.isEmpty()) {
      throw new DeployException(s.name(), "service '" + s.name() + "' " + what + ": that service has no container "
          + "(is it scaled to 0?)", null);
    }
    return found.get(0);
  }

  /**
   * The container limits outside {@code deploy} that no other part maps ({@code cpus}, memory limit
   * and reservation and pids go through {@link Service#resources()}).
   */
  static void limits(HostConfig hc, ContainerLimits c) {
    c.cpuCount().ifPresent(hc::withCpuCount);
    c.cpuPercent().ifPresent(p -> hc.withCpuPercent(p.longValue()));
    c.cpuShares().ifPresent(x -> hc.withCpuShares(x.intValue()));
    c.cpuPeriod().ifPresent(hc::withCpuPeriod);
    c.cpuQuota().ifPresent(hc::withCpuQuota);
    c.cpuRtPeriod().ifPresent(hc::withCpuRealtimePeriod);
    c.cpuRtRuntime().ifPresent(hc::withCpuRealtimeRuntime);
    c.cpuset().ifPresent(hc::withCpusetCpus);
    c.memswapLimit().ifPresent(hc::withMemorySwap);
    c.memSwappiness().ifPresent(x -> hc.withMemorySwappiness(x.longValue()));
    c.oomKillDisable().ifPresent(hc::withOomKillDisable);
    c.oomScoreAdj().ifPresent(hc::withOomScoreAdj);
    c.blkio().ifPresent(b -> blkio(hc, b));
  }

  private static void blkio(HostConfig hc, BlkioConfig b) {
    b.weight().ifPresent(hc::withBlkioWeight);
    if (!b.weightDevice().isEmpty()) {
      hc.withBlkioWeightDevice(b.weightDevice().stream()
          .map(w -> new BlkioWeightDevice().withPath(w.path()).withWeight(w.weight())).toList());
    }
    if (!b.deviceReadBps().isEmpty()) {
      hc.withBlkioDeviceReadBps(rates(b.deviceReadBps()));
    }
    if (!b.deviceWriteBps().isEmpty()) {
      hc.withBlkioDeviceWriteBps(rates(b.deviceWriteBps()));
    }
    if (!b.deviceReadIops().isEmpty()) {
      hc.withBlkioDeviceReadIOps(rates(b.deviceReadIops()));
    }
    if (!b.deviceWriteIops().isEmpty()) {
      hc.withBlkioDeviceWriteIOps(rates(b.deviceWriteIops()));
    }
  }

  private static List<BlkioRateDevice> rates(List<BlkioConfig.Throttle> ts) {
    return ts.stream().map(t -> new BlkioRateDevice().withPath(t.path()).withRate(t.rate())).toList();
  }
}
