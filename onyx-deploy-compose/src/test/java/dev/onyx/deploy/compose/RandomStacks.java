package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.BlkioConfig;
import dev.onyx.deploy.core.Build;
import dev.onyx.deploy.core.ByteSize;
import dev.onyx.deploy.core.ConfigFile;
import dev.onyx.deploy.core.ContainerLimits;
import dev.onyx.deploy.core.DependsOn;
import dev.onyx.deploy.core.Deploy;
import dev.onyx.deploy.core.DeviceRequest;
import dev.onyx.deploy.core.ExtraHost;
import dev.onyx.deploy.core.FileReference;
import dev.onyx.deploy.core.Healthcheck;
import dev.onyx.deploy.core.Ipam;
import dev.onyx.deploy.core.IpamConfig;
import dev.onyx.deploy.core.Logging;
import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.Placement;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.ResourceSpec;
import dev.onyx.deploy.core.Resources;
import dev.onyx.deploy.core.RestartPolicy;
import dev.onyx.deploy.core.Secret;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.ServiceHook;
import dev.onyx.deploy.core.Stack;
import dev.onyx.deploy.core.TaskRestartPolicy;
import dev.onyx.deploy.core.Tmpfs;
import dev.onyx.deploy.core.Ulimit;
import dev.onyx.deploy.core.UpdateConfig;
import dev.onyx.deploy.core.Volume;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Random stacks, valid by construction, for property-style tests of the writer. Every field of the
 * model is set now and then; string values come from a palette of values that are hard to write
 * (booleans, numbers, {@code $}, quotes, several lines, unicode).
 */
final class RandomStacks {
  static final String[] TRICKY = {"plain", "yes", "no", "on", "off", "true", "NULL", "~", "", "1.0",
      "0x1F", "012", "1e3", "12:30", "2001-12-14", "$HOME", "${VAR:-x}", "pa$$word", "it's", "\"q\"",
      "a: b", "# not a comment", "x #y", "line1\nline2", "trail\n", "  lead", "tab\there", "héllo ✓",
      "- item", "[a, b]", "{a: 1}", "*ref", "&anchor", "!tag", "%p", "@at", "back\\slash", "<<", "="};

  private final Random r;
  private final int index;
  /** The external secrets: their values cannot feed a variable. */
  private final List<String> external = new ArrayList<>();

  private RandomStacks(long seed, int index) {
    this.r = new Random(seed * 1_000_003L + index);
    this.index = index;
  }

  /**
   * @param seed the seed of the run
   * @param index which stack
   * @param absoluteRoot where absolute host paths point (binds, contexts, secret files)
   * @return a valid stack; the same arguments give the same stack
   */
  static Stack generate(long seed, int index, Path absoluteRoot) {
    return new RandomStacks(seed, index).stack(absoluteRoot.toAbsolutePath().normalize().toString());
  }

  private boolean chance(int percent) {
    return r.nextInt(100) < percent;
  }

  private String tricky() {
    return TRICKY[r.nextInt(TRICKY.length)] + (chance(30) ? "-" + r.nextInt(1000) : "");
  }

  private String word(String prefix) {
    return prefix + Integer.toString(r.nextInt(1 << 20), 36);
  }

  private Duration duration() {
    return switch (r.nextInt(5)) {
      case 0 -> Duration.ofSeconds(1 + r.nextInt(120));
      case 1 -> Duration.ofMillis(1 + r.nextInt(5000));
      case 2 -> Duration.ofMinutes(1 + r.nextInt(90));
      case 3 -> Duration.ofSeconds(1 + r.nextInt(4000)).plusMillis(r.nextInt(1000));
      default -> Duration.ofHours(1 + r.nextInt(3)).plusSeconds(r.nextInt(60));
    };
  }

  private ByteSize size(long minMib) {
    return switch (r.nextInt(3)) {
      case 0 -> ByteSize.ofMebibytes(minMib + r.nextInt(4096));
      case 1 -> ByteSize.ofGibibytes(1 + r.nextInt(8));
      default -> ByteSize.ofKibibytes(minMib * 1024 + r.nextInt(100_000));
    };
  }

  private Stack stack(String root) {
    Stack.Builder b = Stack.builder("rs" + index + "-" + word("p").replace('_', '-'));
    int nVolumes = r.nextInt(4);
    List<String> volumes = new ArrayList<>();
    for (int i = 0; i < nVolumes; i++) {
      String name = "vol" + i;
      volumes.add(name);
      Volume v = Volume.named(name);
      if (chance(30)) {
        v = v.withDriver("local");
      }
      if (chance(20)) {
        v = v.withDriverOption("type", "tmpfs").withDriverOption("device", "tmpfs");
      }
      if (chance(30)) {
        v = v.withLabel("com.example." + word("l"), tricky());
      }
      if (chance(15)) {
        v = v.withCustomName("custom-" + index + "-" + i);
      }
      if (chance(10)) {
        v = TestValues.volume(name, Optional.empty(), Map.of(), true, Map.of(), Optional.empty());
      }
      b.addVolume(v);
    }
    int nNetworks = r.nextInt(3);
    List<String> networks = new ArrayList<>();
    for (int i = 0; i < nNetworks; i++) {
      String name = "net" + i;
      networks.add(name);
      Network n = Network.named(name);
      if (chance(30)) {
        n = n.asInternal();
      }
      if (chance(20)) {
        n = n.withSubnet("10." + (index % 200) + "." + i + ".0/24");
      }
      if (chance(20)) {
        n = n.withLabel("tier", tricky());
      }
      if (chance(20)) {
        n = n.withDriver("bridge");
      }
      if (chance(10)) {
        n = n.asAttachable();
      }
      if (chance(15)) {
        n = n.toBuilder().enableIpv6(chance(50)).extensions(Map.of("x-note", tricky())).build();
      }
      if (chance(10)) {
        n = n.toBuilder().ipam(new Ipam(Optional.of("default"), List.of(IpamConfig.subnet("172.29." + (index % 200)
            + "." + (i * 16) + "/28").withGateway("172.29." + (index % 200) + "." + (i * 16 + 1))), Map.of("k", "v")))
            .build();
      }
      b.addNetwork(n);
    }
    List<String> secrets = new ArrayList<>();
    external.clear();
    int nSecrets = r.nextInt(4);
    for (int i = 0; i < nSecrets; i++) {
      String name = i % 2 == 0 ? "secret-" + i : "secret_" + i;
      secrets.add(name);
      b.addSecret(switch (r.nextInt(5)) {
        case 4 -> {
          external.add(name);
          yield Secret.external(name).withCustomName("ext-" + name);
        }
        case 0 -> Secret.generated(name, 16 + r.nextInt(40));
        case 1 -> Secret.ofValue(name, tricky() + r.nextInt());
        case 2 -> Secret.fromFile(name, root + "/secret-files/" + name);
        default -> Secret.fromEnvironment(name, "ONYX_RS_" + i);
      });
    }
    List<String> configs = new ArrayList<>();
    int nConfigs = r.nextInt(3);
    for (int i = 0; i < nConfigs; i++) {
      String name = "cfg" + i;
      configs.add(name);
      b.addConfig(chance(70)
          ? (chance(50) ? ConfigFile.inline(name, "line " + tricky() + "\n$x\n")
              : ConfigFile.inline(name, "sub/" + name + ".conf", tricky()))
          : chance(50) ? ConfigFile.fromFile(name, root + "/configs/" + name)
          : chance(50) ? ConfigFile.fromEnvironment(name, "ONYX_RS_CFG_" + i)
          : ConfigFile.builder(name).external(true).build());
    }
    int nServices = 1 + r.nextInt(5);
    List<String> names = new ArrayList<>();
    int[] nextPort = {1024 + r.nextInt(20000)};
    for (int i = 0; i < nServices; i++) {
      String name = "svc" + i + (chance(30) ? "-" + word("x") : "");
      b.addService(service(name, names, volumes, networks, secrets, configs, root, nextPort));
      names.add(name);
    }
    return b.build();
  }

  private Service service(String name, List<String> earlier, List<String> volumes, List<String> networks,
      List<String> secrets, List<String> configs, String root, int[] nextPort) {
    Service.Builder s = Service.builder(name);
    boolean hasImage = chance(85);
    if (hasImage) {
      s.image(chance(50) ? "busybox:1." + r.nextInt(40) : "registry.example.com:5000/team/app@sha256:"
          + "a".repeat(64));
    }
    if (!hasImage || chance(30)) {
      Build build = Build.of(chance(50) ? root + "/ctx" : "https://github.com/example/repo.git#main");
      if (chance(50)) {
        build = build.withDockerfile("Dockerfile." + word("d"));
      }
      if (chance(50)) {
        build = build.withArg("ARG_" + r.nextInt(10), tricky());
      }
      if (chance(20)) {
        build = build.withArg("FROM_ENV_" + r.nextInt(10), null);
      }
      if (chance(30)) {
        build = build.withTarget("stage" + r.nextInt(3));
      }
      s.build(build);
    }
    if (chance(20)) {
      s.pullPolicy(List.of("always", "missing", "never", "build").get(r.nextInt(4)));
    }
    if (chance(10)) {
      s.platform("linux/amd64");
    }
    if (chance(50)) {
      List<String> cmd = new ArrayList<>();
      int n = 1 + r.nextInt(4);
      for (int i = 0; i < n; i++) {
        cmd.add(tricky());
      }
      s.command(cmd);
    }
    if (chance(20)) {
      s.entrypoint(List.of("/bin/sh", "-c", tricky()));
    }
    int nEnv = r.nextInt(6);
    for (int i = 0; i < nEnv; i++) {
      s.env("ENV_" + i + (chance(20) ? ".dotted" : ""), chance(10) ? null : tricky());
    }
    List<String> readable = secrets.stream().filter(x -> !external.contains(x)).toList();
    if (!readable.isEmpty() && chance(40)) {
      s.secretEnv("SECRET_ENV", readable.get(r.nextInt(readable.size())));
    }
    int nPorts = r.nextInt(4);
    for (int i = 0; i < nPorts; i++) {
      int port = nextPort[0];
      nextPort[0] += 5;
      Protocol proto = Protocol.values()[r.nextInt(2)];
      PortMapping pm = switch (r.nextInt(5)) {
        case 0 -> PortMapping.publish(port, 80 + r.nextInt(1000));
        case 1 -> PortMapping.exposed(80 + r.nextInt(1000));
        case 2 -> TestValues.port(Optional.of(chance(30) ? "::1" : "127.0.0.1"),
            Optional.of(new PortRange(port, port + 2)),
            new PortRange(9000, 9002), proto, Optional.empty());
        case 3 -> TestValues.port(Optional.of(chance(50) ? "::1" : "127.0.0.1"), Optional.of(PortRange.of(port)),
            PortRange.of(443), proto, Optional.of("p" + i));
        default -> PortMapping.exposed(8000 + i).onHostIp("127.0.0.1");
      };
      s.addPorts(pm.withProtocol(proto));
    }
    if (chance(20)) {
      s.addExpose(Integer.toString(7000 + r.nextInt(100)), (7100 + r.nextInt(100)) + "/udp");
    }
    int nMounts = r.nextInt(5);
    for (int i = 0; i < nMounts; i++) {
      String target = "/mnt/m" + i;
      Mount m = switch (r.nextInt(5)) {
        case 0 -> volumes.isEmpty() ? Mount.anonymousVolume(target)
            : Mount.volume(volumes.get(r.nextInt(volumes.size())), target);
        case 1 -> Mount.anonymousVolume(target);
        case 2 -> Mount.bind(root + "/bind" + i, target);
        case 3 -> Mount.tmpfs(target).withTmpfsSize(ByteSize.ofMebibytes(1 + r.nextInt(256)));
        default -> Mount.tmpfs(target);
      };
      if (m.type() != Mount.Type.TMPFS && chance(25)) {
        m = m.withSelinux(chance(50) ? Mount.SelinuxLabel.SHARED : Mount.SelinuxLabel.PRIVATE);
      }
      s.addMounts(chance(30) ? m.asReadOnly() : m);
    }
    if (chance(10)) {
      s.networkMode(chance(50) ? "none" : "host");
    } else if (!networks.isEmpty() && chance(70)) {
      for (String n : networks) {
        if (chance(60)) {
          s.addNetworks(chance(50) ? NetworkAttachment.to(n)
              : NetworkAttachment.to(n, "alias-" + r.nextInt(100), "alias2-" + r.nextInt(100)));
        }
      }
    }
    if (chance(40)) {
      s.healthcheck(healthcheck());
    }
    if (chance(40)) {
      s.resources(resources());
    }
    if (chance(40)) {
      s.restart(switch (r.nextInt(5)) {
        case 0 -> RestartPolicy.NO;
        case 1 -> RestartPolicy.ALWAYS;
        case 2 -> RestartPolicy.UNLESS_STOPPED;
        case 3 -> RestartPolicy.ON_FAILURE;
        default -> RestartPolicy.onFailure(1 + r.nextInt(5));
      });
    }
    if (chance(20)) {
      s.user(chance(50) ? "1000:1000" : "postgres");
    }
    if (chance(20)) {
      s.workingDir("/work/" + word("w"));
    }
    if (chance(15)) {
      s.hostname("host-" + r.nextInt(100));
    }
    if (chance(10)) {
      s.containerName("rs-" + index + "-" + name);
    }
    int nLabels = r.nextInt(4);
    for (int i = 0; i < nLabels; i++) {
      s.label("com.example.l" + i, tricky());
    }
    if (chance(20)) {
      s.logging(chance(50) ? Logging.jsonFile((1 + r.nextInt(100)) + "m", 1 + r.nextInt(9))
          : Logging.of("local", Map.of()));
    }
    if (chance(20)) {
      long soft = 1024 + r.nextInt(1000);
      s.addUlimits(Ulimit.of("nofile", soft), new Ulimit("nproc", soft, soft + r.nextInt(1000)));
    }
    if (chance(15)) {
      s.shmSize(size(1));
    }
    if (chance(20)) {
      s.addExtraHosts(new ExtraHost("h" + r.nextInt(10), "10.0.0." + r.nextInt(255)));
    }
    if (chance(10)) {
      s.addDns("1.1.1.1");
    }
    if (chance(20)) {
      s.stopGracePeriod(duration());
    }
    if (chance(15)) {
      s.stopSignal("SIGTERM");
    }
    if (chance(20)) {
      s.init(chance(50));
    }
    s.readOnly(chance(15)).privileged(chance(10)).tty(chance(15)).stdinOpen(chance(15));
    if (chance(15)) {
      s.addCapAdd("NET_ADMIN", "SYS_PTRACE");
    }
    if (chance(15)) {
      s.addCapDrop("ALL");
    }
    if (chance(10)) {
      s.addSecurityOpt("no-new-privileges:true");
    }
    if (chance(10)) {
      s.sysctl("net.core.somaxconn", Integer.toString(128 + r.nextInt(1000)));
    }
    if (chance(10)) {
      s.addDevices("/dev/fuse:/dev/fuse");
    }
    if (chance(10)) {
      s.runtime("runc");
    }
    if (chance(20)) {
      s.addProfiles(chance(50) ? "debug" : "on");
    }
    newerAttributes(s, earlier, volumes, root);
    for (String dep : earlier) {
      if (chance(30)) {
        DependsOn d = switch (r.nextInt(3)) {
          case 0 -> DependsOn.started(dep);
          case 1 -> DependsOn.healthy(dep);
          default -> DependsOn.completed(dep);
        };
        if (chance(30)) {
          d = d.optional();
        }
        if (chance(30)) {
          d = d.withRestart();
        }
        s.addDependsOn(d);
      }
    }
    for (String sec : secrets) {
      if (chance(40)) {
        s.addSecrets(chance(50) ? FileReference.of(sec) : new FileReference(sec,
            Optional.of(chance(50) ? "/run/secrets/custom-" + sec : sec + ".txt"),
            chance(50) ? Optional.of("1000") : Optional.empty(),
            chance(50) ? Optional.of("1000") : Optional.empty(),
            chance(50) ? Optional.of(0400 + r.nextInt(0400)) : Optional.empty()));
      }
    }
    for (String cfg : configs) {
      if (chance(40)) {
        s.addConfigs(chance(50) ? FileReference.of(cfg)
            : FileReference.of(cfg, "/etc/" + cfg + ".conf").withMode(0444));
      }
    }
    return s.build();
  }

  /** Attributes the model holds since it holds the whole specification, each now and then. */
  private void newerAttributes(Service.Builder s, List<String> earlier, List<String> volumes, String root) {
    String other = earlier.isEmpty() ? null : earlier.get(r.nextInt(earlier.size()));
    if (chance(15)) {
      s.addTmpfs(Tmpfs.at("/tt" + r.nextInt(3), "size=" + (1 + r.nextInt(64)) + "m", "mode=1777"));
    }
    if (chance(10)) {
      s.pid(other != null && chance(50) ? "service:" + other : "host");
    }
    if (chance(10)) {
      s.ipc(other != null && chance(50) ? "service:" + other : "shareable");
    }
    if (chance(10)) {
      s.domainname("example.com").macAddress("02:42:ac:11:00:" + String.format("%02x", r.nextInt(256)));
    }
    if (other != null && chance(10)) {
      s.addLinks(other + ":alias-" + r.nextInt(10)).addVolumesFrom(other + (chance(50) ? ":ro" : ""));
    }
    if (chance(10)) {
      s.attach(false);
    }
    // compose refuses a fixed container name for more than one replica
    int scale = s.build().containerName().isPresent() ? 1 : 1 + r.nextInt(3);
    boolean scaled = chance(10);
    if (scaled) {
      s.scale(scale);
    }
    if (chance(10)) {
      s.addGroupAdd("mail").addDnsOpt("use-vc").addDnsSearch("example.com").addDeviceCgroupRules("c 1:3 mr");
    }
    if (chance(10)) {
      s.annotation("com.example.a", tricky()).extension("x-owner", Map.of("team", tricky(), "n", 1L));
    }
    if (chance(10)) {
      s.addPostStart(ServiceHook.of("sh", "-c", "echo " + tricky()));
    }
    if (chance(10)) {
      s.cgroup("private").usernsMode("host");
    }
    if (chance(15)) {
      s.containerLimits(ContainerLimits.builder().cpuShares(128 + r.nextInt(1024)).memSwappiness(r.nextInt(101))
          .oomScoreAdj(r.nextInt(1000) - 500).blkio(BlkioConfig.builder().weight(10 + r.nextInt(990)).build()).build());
    }
    if (chance(10)) {
      s.deploy(Deploy.builder().mode(Deploy.Mode.REPLICATED).replicas(scaled ? scale : s.build().containerName().isPresent() ? 1 : 1 + r.nextInt(3))
          .label("tier", tricky())
          .restartPolicy(TaskRestartPolicy.of(TaskRestartPolicy.Condition.ON_FAILURE).withMaxAttempts(3))
          .updateConfig(UpdateConfig.builder().parallelism(1).delay(duration()).order(UpdateConfig.Order.START_FIRST)
              .build())
          .placement(Placement.constraints("node.role == worker")).build());
    }
    if (chance(10)) {
      s.addPorts(PortMapping.builder(PortRange.of(9500 + r.nextInt(100))).mode(PortMapping.Mode.HOST)
          .appProtocol("http").build());
    }
    if (chance(15)) {
      Mount.Builder m = switch (r.nextInt(4)) {
        case 0 -> Mount.builder(Mount.Type.BIND, "/nb").source(root + "/nocreate");
        case 1 -> Mount.builder(Mount.Type.BIND, "/nb").source(root + "/prop")
            .bind(new Mount.BindOptions(Optional.of("rshared"), true, Optional.empty(), Optional.empty()));
        case 2 -> Mount.builder(Mount.Type.VOLUME, "/nb").source(volumes.isEmpty() ? "anon" : volumes.get(0))
            .volume(new Mount.VolumeOptions(true, chance(50) ? Optional.of("sub") : Optional.empty()));
        default -> Mount.builder(Mount.Type.TMPFS, "/nb")
            .tmpfs(new Mount.TmpfsOptions(Optional.of(ByteSize.ofMebibytes(8)), Optional.of(01777)));
      };
      if (m.build().type() != Mount.Type.VOLUME || !volumes.isEmpty()) {
        s.addMounts(m.build());
      }
    }
    if (chance(10) && !s.build().healthcheck().isPresent()) {
      s.healthcheck(Healthcheck.imageTest().withInterval(duration()));
    }
    if (chance(10) && s.build().command().isEmpty()) {
      s.emptyCommand(true);
    }
  }

  private Healthcheck healthcheck() {
    Healthcheck h = switch (r.nextInt(3)) {
      case 0 -> Healthcheck.cmd("curl", "-f", "http://localhost/" + tricky());
      case 1 -> Healthcheck.shell("test -f /tmp/" + tricky() + " && echo $HOME");
      default -> Healthcheck.none();
    };
    if (h.kind() == Healthcheck.Kind.NONE) {
      return h;
    }
    if (chance(50)) {
      h = h.withInterval(duration());
    }
    if (chance(50)) {
      h = h.withTimeout(duration());
    }
    if (chance(50)) {
      h = h.withRetries(r.nextInt(10));
    }
    if (chance(50)) {
      h = h.withStartPeriod(chance(10) ? Duration.ZERO : duration());
    }
    if (chance(50)) {
      h = h.withStartInterval(duration());
    }
    return h;
  }

  private Resources resources() {
    ResourceSpec limits = ResourceSpec.NONE;
    ResourceSpec reservations = ResourceSpec.NONE;
    if (chance(60)) {
      limits = limits.withCpus(new BigDecimal(2 + r.nextInt(8)).divide(new BigDecimal(4)).stripTrailingZeros());
    }
    if (chance(60)) {
      limits = limits.withMemory(ByteSize.ofGibibytes(2 + r.nextInt(4)));
    }
    if (chance(30)) {
      limits = limits.withPids(100 + r.nextInt(1000));
    }
    if (chance(50)) {
      reservations = reservations.withCpus(new BigDecimal("0.25"));
    }
    if (chance(50)) {
      reservations = reservations.withMemory(ByteSize.ofMebibytes(64 + r.nextInt(512)));
    }
    List<DeviceRequest> devices = new ArrayList<>();
    if (chance(20)) {
      devices.add(chance(50) ? DeviceRequest.allGpus() : DeviceRequest.gpus(1 + r.nextInt(4)));
    }
    if (chance(10)) {
      devices.add(new DeviceRequest(Optional.of("nvidia"), Optional.empty(), List.of("0", "1"),
          List.of("gpu", "utility"), new LinkedHashMap<>(Map.of("k", "v"))));
    }
    return new Resources(limits, reservations, devices);
  }
}
