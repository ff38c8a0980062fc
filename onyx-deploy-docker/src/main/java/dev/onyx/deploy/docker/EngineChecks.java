package dev.onyx.deploy.docker;

import dev.onyx.deploy.core.Mount;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.Service;
import dev.onyx.deploy.core.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a single engine cannot deploy of a stack, found before anything is created: attributes the
 * engine's API version is too old for, a bind whose host path is missing where compose refuses it
 * ({@code create_host_path: false}), and the attributes this backend leaves out on purpose (said
 * once, as a warning).
 */
final class EngineChecks {
  /** The engine facts the checks need. */
  record EngineFacts(String apiVersion, String engineVersion, boolean localHost) {
  }

  private EngineChecks() {
  }

  /** @return every problem that makes the stack undeployable on this engine, one line each */
  static List<String> errors(Stack stack, Path workingDir, EngineFacts engine) {
    List<String> out = new ArrayList<>();
    for (Service s : stack.services()) {
      String svc = "service '" + s.name() + "': ";
      for (Mount m : s.mounts()) {
        mount(out, svc, m, workingDir, engine);
      }
      macAddresses(out, svc, s, engine);
    }
    for (Network n : stack.networks()) {
      if (!n.external() && n.enableIpv4().filter(v -> !v).isPresent()) {
        out.add("network '" + n.name() + "': enable_ipv4: false " + (tooOld(engine, "1.47")
            ? needs("1.47", "28.0", engine) : "cannot be set through this library's engine client yet"));
      }
    }
    return out;
  }

  private static void mount(List<String> out, String svc, Mount m, Path workingDir, EngineFacts engine) {
    String at = "the " + m.type().composeName() + " mount at " + m.target();
    switch (m.type()) {
      case BIND -> {
        Path host = workingDir.resolve(m.source().orElse("")).normalize();
        if (engine.localHost() && m.bind().isPresent() && !m.createsHostPath() && !Files.exists(host)) {
          out.add(svc + "the host path " + host + " of " + at + " does not exist, and create_host_path is not "
              + "set: create it, or set create_host_path: true");
        }
        m.bind().flatMap(Mount.BindOptions::recursive).filter(r -> !r.equals("enabled")).ifPresent(r ->
            out.add(svc + "bind.recursive: " + r + " of " + at + " cannot be set through this library's engine "
                + "client yet; remove it (the engine's default is enabled)"));
      }
      case VOLUME -> m.volume().flatMap(Mount.VolumeOptions::subpath).ifPresent(p -> {
        if (tooOld(engine, "1.45")) {
          out.add(svc + "volume.subpath of " + at + " " + needs("1.45", "26.0", engine));
        }
      });
      case IMAGE -> out.add(svc + at + " cannot be deployed: image mounts need Docker Engine 28 (API 1.48) and "
          + "this library's engine client has no image mounts yet");
      case CLUSTER -> out.add(svc + at + " cannot be deployed: cluster volumes need a Swarm");
      default -> { }
    }
  }

  /**
   * The MAC addresses, as compose checks them: the service's must equal its first network's; on an
   * engine older than API 1.44 only the container (its first network) can have one.
   */
  private static void macAddresses(List<String> out, String svc, Service s, EngineFacts engine) {
    List<String> nets = s.networkNames();
    List<String> withMac = new ArrayList<>();
    Optional<String> firstMac = Optional.empty();
    for (int i = 0; i < nets.size(); i++) {
      Optional<String> mac = attachment(s, nets.get(i)).flatMap(NetworkAttachment::macAddress);
      if (mac.isPresent()) {
        withMac.add(nets.get(i));
        if (i == 0) {
          firstMac = mac;
        }
      }
    }
    if (s.macAddress().isPresent() && firstMac.isPresent() && !s.macAddress().equals(firstMac)) {
      out.add(svc + "mac_address " + s.macAddress().get() + " differs from the mac_address of its network '"
          + nets.get(0) + "' (" + firstMac.get() + "); they must be the same");
    }
    boolean onOthers = withMac.size() > (firstMac.isPresent() ? 1 : 0);
    if (onOthers && tooOld(engine, "1.44")) {
      out.add(svc + "a MAC address for the network" + (withMac.size() > 1 ? "s " : " ") + String.join(", ", withMac)
          + " " + needs("1.44", "25.0", engine) + " (an older engine takes one, for the service's first network)");
    }
  }

  /**
   * @return the one warning naming every attribute of the stack this backend does not deploy (and
   *     why), or empty when there is none
   */
  static Optional<String> ignoredWarning(Stack stack, EngineFacts engine) {
    List<String> uses = new ArrayList<>();
    for (Service s : stack.services()) {
      List<String> keys = new ArrayList<>();
      if (!s.postStart().isEmpty() || !s.preStop().isEmpty()) {
        keys.add("post_start/pre_stop hooks");
      }
      s.credentialSpec().ifPresent(c -> keys.add("credential_spec (Windows only)"));
      s.useApiSocket().filter(b -> b).ifPresent(b -> keys.add("use_api_socket (Docker Desktop only)"));
      s.provider().ifPresent(p -> keys.add("provider (a compose plugin runs it)"));
      if (!s.models().isEmpty()) {
        keys.add("models (Docker Model Runner)");
      }
      if (!s.annotations().isEmpty() && tooOld(engine, "1.43")) {
        keys.add("annotations (need API 1.43)");
      }
      for (NetworkAttachment a : s.networks()) {
        if (!a.linkLocalIps().isEmpty() || !a.driverOptions().isEmpty() || a.gwPriority().isPresent()
            || a.interfaceName().isPresent()) {
          keys.add("networks." + a.network() + " link_local_ips/driver_opts/gw_priority/interface_name");
        }
      }
      if (!keys.isEmpty()) {
        uses.add("service '" + s.name() + "' (" + String.join(", ", keys) + ")");
      }
    }
    if (uses.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("not deployed on this engine: " + String.join(", ", uses) + "; the containers are created "
        + "without them");
  }

  private static Optional<NetworkAttachment> attachment(Service s, String net) {
    return s.networks().stream().filter(a -> a.network().equals(net)).findFirst();
  }

  private static boolean tooOld(EngineFacts engine, String api) {
    return DockerEngine.Versions.compare(engine.apiVersion(), api) < 0;
  }

  private static String needs(String api, String docker, EngineFacts engine) {
    return "needs Docker Engine " + docker + " or newer (API " + api + "); this engine is Docker "
        + engine.engineVersion() + " (API " + engine.apiVersion() + ")";
  }
}
