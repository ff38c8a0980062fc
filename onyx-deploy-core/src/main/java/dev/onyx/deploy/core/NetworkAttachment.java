package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's membership in a stack network, like one entry of a service's {@code networks}.
 *
 * <pre>
 * NetworkAttachment.to("backend", "db")      // alias db
 * NetworkAttachment.builder("front").ipv4Address("172.28.0.10").priority(10).build()
 * </pre>
 *
 * <p>Immutable.
 */
public final class NetworkAttachment {
  private record Values(String network, List<String> aliases, Optional<String> ipv4Address,
      Optional<String> ipv6Address, Optional<String> macAddress, List<String> linkLocalIps,
      Map<String, String> driverOptions, Optional<Integer> priority, Optional<Integer> gwPriority,
      Optional<String> interfaceName) {
  }

  private final Values v;

  private NetworkAttachment(Values v) {
    this.v = v;
  }

  /**
   * @param network the name of a network declared in the stack
   * @return a builder with nothing else set
   */
  public static Builder builder(String network) {
    return new Builder(network);
  }

  /**
   * @param network the network's name
   * @return an attachment with no aliases
   */
  public static NetworkAttachment to(String network) {
    return builder(network).build();
  }

  /**
   * @param network the network's name
   * @param aliases DNS aliases
   * @return the attachment
   */
  public static NetworkAttachment to(String network, String... aliases) {
    return builder(network).addAliases(aliases).build();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder(v.network);
    b.aliases.addAll(v.aliases);
    b.ipv4Address = v.ipv4Address;
    b.ipv6Address = v.ipv6Address;
    b.macAddress = v.macAddress;
    b.linkLocalIps.addAll(v.linkLocalIps);
    b.driverOptions.putAll(v.driverOptions);
    b.priority = v.priority;
    b.gwPriority = v.gwPriority;
    b.interfaceName = v.interfaceName;
    return b;
  }

  /** @return the name of a network declared in the stack */
  public String network() {
    return v.network;
  }

  /** @return extra DNS names for the service on that network ({@code aliases}) */
  public List<String> aliases() {
    return v.aliases;
  }

  /** @return a fixed IPv4 address ({@code ipv4_address}) */
  public Optional<String> ipv4Address() {
    return v.ipv4Address;
  }

  /** @return a fixed IPv6 address ({@code ipv6_address}) */
  public Optional<String> ipv6Address() {
    return v.ipv6Address;
  }

  /** @return the MAC address on that network ({@code mac_address}) */
  public Optional<String> macAddress() {
    return v.macAddress;
  }

  /** @return link-local addresses ({@code link_local_ips}) */
  public List<String> linkLocalIps() {
    return v.linkLocalIps;
  }

  /** @return options of the network driver for this endpoint ({@code driver_opts}) */
  public Map<String, String> driverOptions() {
    return v.driverOptions;
  }

  /** @return the order in which networks are connected, higher first ({@code priority}) */
  public Optional<Integer> priority() {
    return v.priority;
  }

  /** @return which network gives the default gateway, higher wins ({@code gw_priority}) */
  public Optional<Integer> gwPriority() {
    return v.gwPriority;
  }

  /** @return the network interface's name in the container ({@code interface_name}) */
  public Optional<String> interfaceName() {
    return v.interfaceName;
  }

  /** @return whether only the network is named (compose's short list form says it all) */
  public boolean isPlain() {
    // field by field, not equals(to(network)): a record's equals is costly on a cold start
    return v.aliases.isEmpty() && v.ipv4Address.isEmpty() && v.ipv6Address.isEmpty() && v.macAddress.isEmpty()
        && v.linkLocalIps.isEmpty() && v.driverOptions.isEmpty() && v.priority.isEmpty() && v.gwPriority.isEmpty()
        && v.interfaceName.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkAttachment a && v.equals(a.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "NetworkAttachment" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link NetworkAttachment}. Not thread-safe. */
  public static final class Builder {
    private final String network;
    private final List<String> aliases = new ArrayList<>();
    private Optional<String> ipv4Address = Optional.empty();
    private Optional<String> ipv6Address = Optional.empty();
    private Optional<String> macAddress = Optional.empty();
    private final List<String> linkLocalIps = new ArrayList<>();
    private final Map<String, String> driverOptions = new LinkedHashMap<>();
    private Optional<Integer> priority = Optional.empty();
    private Optional<Integer> gwPriority = Optional.empty();
    private Optional<String> interfaceName = Optional.empty();

    private Builder(String network) {
      this.network = Checks.notNull(network, "network");
    }

    /**
     * @param values DNS aliases, appended ({@code aliases})
     * @return this builder
     */
    public Builder addAliases(String... values) {
      aliases.addAll(Checks.array("aliases", values));
      return this;
    }

    /**
     * @param value a fixed IPv4 address ({@code ipv4_address})
     * @return this builder
     */
    public Builder ipv4Address(String value) {
      ipv4Address = Optional.of(Checks.notNull(value, "ipv4Address"));
      return this;
    }

    /**
     * @param value a fixed IPv6 address ({@code ipv6_address})
     * @return this builder
     */
    public Builder ipv6Address(String value) {
      ipv6Address = Optional.of(Checks.notNull(value, "ipv6Address"));
      return this;
    }

    /**
     * @param value the MAC address ({@code mac_address})
     * @return this builder
     */
    public Builder macAddress(String value) {
      macAddress = Optional.of(Checks.notNull(value, "macAddress"));
      return this;
    }

    /**
     * @param values link-local addresses, appended ({@code link_local_ips})
     * @return this builder
     */
    public Builder addLinkLocalIps(String... values) {
      linkLocalIps.addAll(Checks.array("linkLocalIps", values));
      return this;
    }

    /**
     * @param key a driver option
     * @param value its value ({@code driver_opts})
     * @return this builder
     */
    public Builder driverOption(String key, String value) {
      driverOptions.put(Checks.notNull(key, "driverOptions key"), Checks.notNull(value, "driverOptions.", key));
      return this;
    }

    /**
     * @param value the connection order, higher first ({@code priority})
     * @return this builder
     */
    public Builder priority(int value) {
      priority = Optional.of(value);
      return this;
    }

    /**
     * @param value the gateway priority, higher wins ({@code gw_priority})
     * @return this builder
     */
    public Builder gwPriority(int value) {
      gwPriority = Optional.of(value);
      return this;
    }

    /**
     * @param value the interface name ({@code interface_name})
     * @return this builder
     */
    public Builder interfaceName(String value) {
      interfaceName = Optional.of(Checks.notNull(value, "interfaceName"));
      return this;
    }

    /** @return the attachment */
    public NetworkAttachment build() {
      return new NetworkAttachment(new Values(network, List.copyOf(aliases), ipv4Address, ipv6Address, macAddress,
          List.copyOf(linkLocalIps), Checks.orderedMap(driverOptions, "driverOptions"), priority, gwPriority,
          interfaceName));
    }
  }
}
