package dev.onyx.deploy.compose;

import dev.onyx.deploy.core.Ipam;
import dev.onyx.deploy.core.IpamConfig;
import dev.onyx.deploy.core.Network;
import dev.onyx.deploy.core.NetworkAttachment;
import dev.onyx.deploy.core.PortMapping;
import dev.onyx.deploy.core.PortRange;
import dev.onyx.deploy.core.Protocol;
import dev.onyx.deploy.core.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Short ways to make model values with every field given at once, for the tests' expected values. */
final class TestValues {
  private TestValues() {}

  static PortMapping port(Optional<String> hostIp, Optional<PortRange> hostPorts, PortRange containerPorts,
      Protocol protocol, Optional<String> name) {
    PortMapping.Builder b = PortMapping.builder(containerPorts).protocol(protocol);
    hostIp.ifPresent(b::hostIp);
    hostPorts.ifPresent(b::hostPorts);
    name.ifPresent(b::name);
    return b.build();
  }

  static NetworkAttachment attachment(String network, List<String> aliases, Optional<String> ipv4) {
    NetworkAttachment.Builder b = NetworkAttachment.builder(network).addAliases(aliases.toArray(String[]::new));
    ipv4.ifPresent(b::ipv4Address);
    return b.build();
  }

  static Network network(String name, Optional<String> driver, Map<String, String> driverOptions, boolean internal,
      boolean attachable, List<String> subnets, boolean external, Map<String, String> labels,
      Optional<String> customName) {
    Network.Builder b = Network.builder(name).internal(internal).attachable(attachable).external(external);
    driver.ifPresent(b::driver);
    driverOptions.forEach(b::driverOption);
    if (!subnets.isEmpty()) {
      b.ipam(Ipam.of(subnets.stream().map(IpamConfig::subnet).toArray(IpamConfig[]::new)));
    }
    labels.forEach(b::label);
    customName.ifPresent(b::customName);
    return b.build();
  }

  static Volume volume(String name, Optional<String> driver, Map<String, String> driverOptions, boolean external,
      Map<String, String> labels, Optional<String> customName) {
    Volume.Builder b = Volume.builder(name).external(external);
    driver.ifPresent(b::driver);
    driverOptions.forEach(b::driverOption);
    labels.forEach(b::label);
    customName.ifPresent(b::customName);
    return b.build();
  }
}
