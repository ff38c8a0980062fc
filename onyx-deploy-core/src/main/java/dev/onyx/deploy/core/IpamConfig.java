package dev.onyx.deploy.core;

import java.util.Map;
import java.util.Optional;

/**
 * One address pool of a network, like one entry of {@code ipam.config}.
 *
 * @param subnet the subnet in CIDR form, e.g. {@code 172.28.0.0/16} ({@code subnet})
 * @param ipRange the range containers get addresses from ({@code ip_range})
 * @param gateway the gateway address ({@code gateway})
 * @param auxAddresses addresses the driver must not hand out, name to address ({@code aux_addresses})
 */
public record IpamConfig(Optional<String> subnet, Optional<String> ipRange, Optional<String> gateway,
    Map<String, String> auxAddresses) {
  /** Checks for nulls and copies the addresses. */
  public IpamConfig {
    Checks.notNull(subnet, "subnet");
    Checks.notNull(ipRange, "ipRange");
    Checks.notNull(gateway, "gateway");
    auxAddresses = Checks.orderedMapNoNulls(auxAddresses, "auxAddresses");
  }

  /**
   * @param cidr the subnet
   * @return a pool with only that subnet
   */
  public static IpamConfig subnet(String cidr) {
    return new IpamConfig(Optional.of(Checks.notNull(cidr, "subnet")), Optional.empty(), Optional.empty(), Map.of());
  }

  /**
   * @param address the gateway address
   * @return a copy with that gateway
   */
  public IpamConfig withGateway(String address) {
    return new IpamConfig(subnet, ipRange, Optional.of(Checks.notNull(address, "gateway")), auxAddresses);
  }

  /**
   * @param range the range containers get addresses from
   * @return a copy with that range
   */
  public IpamConfig withIpRange(String range) {
    return new IpamConfig(subnet, Optional.of(Checks.notNull(range, "ipRange")), gateway, auxAddresses);
  }
}
