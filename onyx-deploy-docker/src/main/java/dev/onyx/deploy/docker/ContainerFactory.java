package dev.onyx.deploy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.UpdateContainerResponse;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, configures and updates containers from {@link ServiceSpec}s. */
final class ContainerFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerFactory.class);

  private final DockerClient client;
  private final Stack stack;
  private final Path workingDir;
  private final List<String> configFiles;
  private final boolean startInterval;
  /** The fast-readiness interval, or null when fast readiness is off. */
  private final Duration fastInterval;
  /** Where warnings about the container's configuration go (the apply's listener). */
  private final Consumer<String> warnings;

  /**
   * A service's mounts in the engine's terms: entries of {@code HostConfig.Mounts}, and
   * {@code HostConfig.Binds} for the bind and named-volume mounts with an SELinux relabel (the
   * Mounts API has no field for {@code z}/{@code Z}). A target is in exactly one of the two lists.
   */
  record EngineMounts(List<com.github.dockerjava.api.model.Mount> mounts, List<Bind> binds, List<String> warnings) {
  }

  /** Maps the service's mounts (no engine call). */
  static EngineMounts engineMounts(Stack stack, Path workingDir, Service s) {
    List<com.github.dockerjava.api.model.Mount> mounts = new ArrayList<>();
    List<Bind> binds = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Mount m : s.mounts()) {
      Optional<Mount.SelinuxLabel> label = m.selinux();
      if (label.isPresent() && m.type() == Mount.Type.VOLUME && m.source().isEmpty()) {
        warnings.add("service '" + s.name() + "': the SELinux relabel option '" + label.get().option()
            + "' of the anonymous volume at " + m.target() + " is ignored (the engine relabels only binds and "
            + "named volumes); name the volume to relabel it");
        label = Optional.empty();
      }
      if (label.isPresent() && (m.type() == Mount.Type.BIND || m.type() == Mount.Type.VOLUME)) {
        String src = m.type() == Mount.Type.BIND ? bindSource(workingDir, m) : Names.volume(stack, m.source().get());
        binds.add(new Bind(src, new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw,
            label.get() == Mount.SelinuxLabel.PRIVATE ? SELContext.single : SELContext.shared));
        continue;
      }
      com.github.dockerjava.api.model.Mount dm = new com.github.dockerjava.api.model.Mount().withTarget(m.target())
          .withReadOnly(m.readOnly());
      switch (m.type()) {
        case VOLUME -> {
          dm.withType(MountType.VOLUME);
          m.source().ifPresent(v -> dm.withSource(Names.volume(stack, v)));
        }
        case BIND -> dm.withType(MountType.BIND).withSource(bindSource(workingDir, m));
        case TMPFS -> {
          dm.withType(MountType.TMPFS);
          m.tmpfsSize().ifPresent(sz -> dm.withTmpfsOptions(new TmpfsOptions().withSizeBytes(sz.bytes())));
        }
        default -> throw new IllegalStateException();
      }
      mounts.add(dm);
    }
    return new EngineMounts(mounts, binds, warnings);
  }

  private static String bindSource(Path workingDir, Mount m) {
    return workingDir.resolve(m.source().orElseThrow()).normalize().toString();
  }

  ContainerFactory(DockerClient client, Stack stack, Path workingDir, List<String> configFiles,
      boolean startInterval, Duration fastInterval) {
    this(client, stack, workingDir, configFiles, startInterval, fastInterval, w -> LOG.warn("{}", w));
  }

  ContainerFactory(DockerClient client, Stack stack, Path workingDir, List<String> configFiles,
      boolean startInterval, Duration fastInterval, Consumer<String> warnings) {
    this.warnings = warnings;
    this.client = client;
    this.stack = stack;
    this.workingDir = workingDir;
    this.configFiles = configFiles;
    this.startInterval = startInterval;
    this.fastInterval = fastInterval;
  }

  /** The container's labels, compose's own included: replica {@code number} of the service. */
  Map<String, String> labels(ServiceSpec spec, int number) {
    Service s = spec.service;
    Map<String, String> l = new LinkedHashMap<>(s.labels());
    l.put(Names.PROJECT, stack.name());
    l.put(Names.SERVICE, s.name());
    l.put(Names.NUMBER, Integer.toString(number));
    l.put(Names.ONEOFF, "False");
    l.put(Names.CONFIG_HASH, spec.hash);
    l.put(Names.DEPENDS_ON, Names.dependsOn(s));
    l.put(Names.WORKING_DIR, workingDir.toString());
    l.put(Names.CONFIG_FILES, String.join(",", configFiles));
    l.put(Names.VERSION, Names.COMPOSE_VERSION);
    if (spec.imageId != null) {
      l.put(Names.IMAGE, spec.imageId);
    }
    l.put(Names.PARTS, spec.partsLabel());
    l.put(Names.RESOURCES, spec.resources);
    return l;
  }

  /**
   * Creates replica {@code number} of the service (not started) and copies its files in.
   *
   * @param engineName the name to create it under: its own, or a temporary one when it replaces a
   *     container (the network aliases are always those of its own name)
   * @return its id
   */
  String create(ServiceSpec spec, int number, String engineName) {
    Service s = spec.service;
    String containerName = Names.container(stack.name(), s, number);
    CreateContainerCmd c = client.createContainerCmd(spec.imageRef).withName(engineName)
        .withLabels(labels(spec, number));
    if (!s.command().isEmpty()) {
      c.withCmd(s.command());
    }
    if (!s.entrypoint().isEmpty()) {
      c.withEntrypoint(s.entrypoint());
    }
    c.withEnv(spec.env);
    s.user().ifPresent(c::withUser);
    s.workingDir().ifPresent(c::withWorkingDir);
    s.hostname().ifPresent(c::withHostName);
    s.stopSignal().ifPresent(c::withStopSignal);
    s.stopGracePeriod().ifPresent(d -> c.withStopTimeout((int) Math.max(0, Math.ceil(d.toMillis() / 1000.0))));
    s.platform().ifPresent(c::withPlatform);
    c.withTty(s.tty()).withStdinOpen(s.stdinOpen());
    s.healthcheck().ifPresent(h -> c.withHealthcheck(healthcheck(h)));

    HostConfig hc = HostConfig.newHostConfig();
    // ports
    Set<ExposedPort> exposed = new LinkedHashSet<>();
    List<PortBinding> bindings = new ArrayList<>();
    for (PortMapping p : s.ports()) {
      InternetProtocol proto = InternetProtocol.parse(p.protocol().composeName());
      for (int i = 0; i < p.containerPorts().size(); i++) {
        ExposedPort ep = new ExposedPort(p.containerPorts().start() + i, proto);
        exposed.add(ep);
        String ip = p.hostIp().orElse(null);
        Ports.Binding b = p.hostPorts().isEmpty() ? (ip == null ? Ports.Binding.empty() : Ports.Binding.bindIp(ip))
            : p.hostPorts().get().size() == p.containerPorts().size()
                ? Ports.Binding.bindIpAndPort(ip, p.hostPorts().get().start() + i)
                : Ports.Binding.bindIpAndPortRange(ip, p.hostPorts().get().start(), p.hostPorts().get().end());
        bindings.add(new PortBinding(b, ep));
      }
    }
    for (String e : s.expose()) {
      String[] pp = e.split("/");
      String[] range = pp[0].split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
      for (int port = from; port <= to; port++) {
        exposed.add(new ExposedPort(port, pp.length > 1 ? InternetProtocol.parse(pp[1]) : InternetProtocol.TCP));
      }
    }
    if (!exposed.isEmpty()) {
      c.withExposedPorts(new ArrayList<>(exposed));
    }
    if (!bindings.isEmpty()) {
      hc.withPortBindings(bindings);
    }
    // mounts: the Mounts API for most, HostConfig.Binds for SELinux relabels (Mounts cannot say z/Z)
    EngineMounts em = engineMounts(stack, workingDir, s);
    em.warnings().forEach(warnings);
    if (!em.mounts().isEmpty()) {
      hc.withMounts(em.mounts());
    }
    if (!em.binds().isEmpty()) {
      hc.withBinds(em.binds());
    }
    if (!s.tmpfs().isEmpty()) {
      Map<String, String> tmpfs = new LinkedHashMap<>();
      s.tmpfs().forEach(t -> tmpfs.put(t.target(), String.join(",", t.options())));
      hc.withTmpFs(tmpfs);
    }
    // network
    List<String> nets = s.networkNames();
    if (s.networkMode().isPresent()) {
      String mode = s.networkMode().get();
      if (mode.startsWith("service:")) {
        String other = mode.substring("service:".length());
        mode = "container:" + stack.service(other).map(o -> Names.container(stack.name(), o))
            .orElse(stack.name() + "-" + other + "-1");
      }
      hc.withNetworkMode(mode);
    } else if (!nets.isEmpty()) {
      hc.withNetworkMode(Names.network(stack, nets.get(0)));
      NetworkAttachment first = attachment(s, nets.get(0));
      c.withAliases(aliases(s, containerName, first));
      first.ipv4Address().ifPresent(c::withIpv4Address);
    }
    // runtime options
    RestartPolicy rp = DeploySettings.restartPolicy(s);
    hc.withRestartPolicy(switch (rp.mode()) {
      case NO -> com.github.dockerjava.api.model.RestartPolicy.noRestart();
      case ALWAYS -> com.github.dockerjava.api.model.RestartPolicy.alwaysRestart();
      case UNLESS_STOPPED -> com.github.dockerjava.api.model.RestartPolicy.unlessStoppedRestart();
      case ON_FAILURE -> com.github.dockerjava.api.model.RestartPolicy.onFailureRestart(rp.maxRetries().orElse(0));
    });
    s.logging().ifPresent(l -> {
      // no driver: the engine's default driver, with these options
      LogConfig.LoggingType t = l.driver().map(LogConfig.LoggingType::fromValue).orElse(null);
      hc.withLogConfig(new LogConfig(t, l.options()));
    });
    if (!s.ulimits().isEmpty()) {
      hc.withUlimits(s.ulimits().stream().map(u -> new com.github.dockerjava.api.model.Ulimit(u.name(), u.soft(), u.hard())).toList());
    }
    s.shmSize().ifPresent(sz -> hc.withShmSize(sz.bytes()));
    if (!s.extraHosts().isEmpty()) {
      hc.withExtraHosts(s.extraHosts().stream().map(e -> e.host() + ":" + e.address()).toArray(String[]::new));
    }
    if (!s.dns().isEmpty()) {
      hc.withDns(s.dns());
    }
    s.init().ifPresent(hc::withInit);
    hc.withReadonlyRootfs(s.readOnly()).withPrivileged(s.privileged());
    if (!s.capAdd().isEmpty()) {
      hc.withCapAdd(caps(s.capAdd()));
    }
    if (!s.capDrop().isEmpty()) {
      hc.withCapDrop(caps(s.capDrop()));
    }
    if (!s.securityOpt().isEmpty()) {
      hc.withSecurityOpts(s.securityOpt());
    }
    if (!s.sysctls().isEmpty()) {
      hc.withSysctls(s.sysctls());
    }
    if (!s.devices().isEmpty()) {
      hc.withDevices(s.devices().stream().map(Device::parse).toList());
    }
    s.runtime().ifPresent(hc::withRuntime);
    applyResources(hc, s);
    if (!s.resources().devices().isEmpty()) {
      List<com.github.dockerjava.api.model.DeviceRequest> reqs = new ArrayList<>();
      for (DeviceRequest d : s.resources().devices()) {
        com.github.dockerjava.api.model.DeviceRequest r = new com.github.dockerjava.api.model.DeviceRequest()
            .withCapabilities(List.of(d.capabilities())).withOptions(d.options());
        d.driver().ifPresent(r::withDriver);
        d.count().ifPresent(r::withCount);
        if (!d.deviceIds().isEmpty()) {
          r.withDeviceIds(d.deviceIds());
        }
        reqs.add(r);
      }
      hc.withDeviceRequests(reqs);
    }
    c.withHostConfig(hc);
    String id = c.exec().getId();
    // more networks: connect before start
    if (s.networkMode().isEmpty()) {
      for (int i = 1; i < nets.size(); i++) {
        NetworkAttachment a = attachment(s, nets.get(i));
        ContainerNetwork cn = new ContainerNetwork().withAliases(aliases(s, containerName, a));
        a.ipv4Address().ifPresent(ip -> cn.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(ip)));
        client.connectToNetworkCmd().withContainerId(id).withNetworkId(Names.network(stack, nets.get(i)))
            .withContainerNetwork(cn).exec();
      }
    }
    if (!spec.files.isEmpty()) {
      client.copyArchiveToContainerCmd(id).withRemotePath("/")
          .withTarInputStream(new ByteArrayInputStream(tar(spec.files))).exec();
    }
    return id;
  }

  private static NetworkAttachment attachment(Service s, String net) {
    return s.networks().stream().filter(a -> a.network().equals(net)).findFirst()
        .orElse(NetworkAttachment.to(net));
  }

  private static List<String> aliases(Service s, String containerName, NetworkAttachment a) {
    List<String> al = new ArrayList<>();
    al.add(s.name());
    al.add(containerName);
    al.addAll(a.aliases());
    return al;
  }

  private static Capability[] caps(List<String> names) {
    List<Capability> out = new ArrayList<>();
    for (String n : names) {
      try {
        out.add(Capability.valueOf(n.toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", "")));
      } catch (IllegalArgumentException e) {
        LOG.warn("capability {} is not known to the client; ignored", n);
      }
    }
    return out.toArray(Capability[]::new);
  }

  HealthCheck healthcheck(Healthcheck h) {
    HealthCheck hc = new HealthCheck().withTest(h.engineTest());
    h.interval().ifPresent(d -> hc.withInterval(d.toNanos()));
    h.timeout().ifPresent(d -> hc.withTimeout(d.toNanos()));
    h.retries().ifPresent(hc::withRetries);
    h.startPeriod().ifPresent(d -> hc.withStartPeriod(d.toNanos()));
    if (startInterval) {
      h.startInterval().ifPresent(d -> hc.withStartInterval(d.toNanos()));
      // fast readiness on API 1.44+: the engine itself checks at a short cadence while starting
      Duration interval = h.interval().orElse(Duration.ofSeconds(30));
      if (fastInterval != null && h.startInterval().isEmpty() && interval.compareTo(Duration.ofSeconds(2)) >= 0) {
        hc.withStartInterval(fastInterval.toNanos());
        if (h.startPeriod().isEmpty()) {
          hc.withStartPeriod(Duration.ofSeconds(60).toNanos());
        }
      }
    }
    return hc;
  }

  static void applyResources(HostConfig hc, Service s) {
    ResourceSpec l = s.resources().limits();
    ResourceSpec r = s.resources().reservations();
    l.cpus().ifPresent(c -> hc.withNanoCPUs(c.multiply(BigDecimal.valueOf(1_000_000_000L)).longValue()));
    l.memory().ifPresent(m -> hc.withMemory(m.bytes()));
    r.memory().ifPresent(m -> hc.withMemoryReservation(m.bytes()));
    l.pids().ifPresent(hc::withPidsLimit);
  }

  /** Changes limits and reservations in place. */
  UpdateContainerResponse update(String id, Service s) {
    ResourceSpec l = s.resources().limits();
    ResourceSpec r = s.resources().reservations();
    var u = client.updateContainerCmd(id);
    l.cpus().ifPresent(c -> u.withNanoCPUs(c.multiply(BigDecimal.valueOf(1_000_000_000L)).longValue()));
    l.memory().ifPresent(m -> u.withMemory(m.bytes()).withMemorySwap(-1L));
    r.memory().ifPresent(m -> u.withMemoryReservation(m.bytes()));
    l.pids().ifPresent(u::withPidsLimit);
    return u.exec();
  }

  /** A tar of the files with their owners and modes. */
  static byte[] tar(List<ServiceSpec.FileEntry> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      // no folder entries: the engine makes missing parents (0755) and leaves existing ones alone
      for (ServiceSpec.FileEntry f : files) {
        String rel = f.path().replaceFirst("^/+", "");
        TarArchiveEntry e = new TarArchiveEntry(rel);
        e.setSize(f.content().length);
        e.setMode(0100000 | f.mode());
        e.setUserId(f.uid());
        e.setGroupId(f.gid());
        t.putArchiveEntry(e);
        t.write(f.content());
        t.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

}
