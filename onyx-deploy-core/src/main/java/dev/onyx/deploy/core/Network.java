package dev.onyx.deploy.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network of the stack, like one entry of the top-level {@code networks}.
 *
 * <pre>
 * Network.named("backend").asInternal()
 * Network.named("front").withSubnet("172.28.0.0/16")
 * Network.builder("v6").enableIpv6(true)
 *     .ipam(Ipam.of(IpamConfig.subnet("2001:db8::/64").withGateway("2001:db8::1"))).build()
 * </pre>
 *
 * <p>Immutable.
 */
public final class Network {
  /** The name compose gives the network services join when none is named. */
  public static final String DEFAULT = "default";

  private record Values(String name, Optional<String> driver, Map<String, String> driverOptions,
      boolean internal, boolean attachable, Optional<Ipam> ipam, Optional<Boolean> enableIpv4,
      Optional<Boolean> enableIpv6, boolean external, Map<String, String> labels, Optional<String> customName,
      Map<String, Object> extensions) {
  }

  private final Values v;

  private Network(Values v) {
    this.v = v;
  }

  /**
   * @param name the network's key in the stack
   * @return a builder of a bridge network created with the stack
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * @param name the network's name
   * @return a bridge network created with the stack
   */
  public static Network named(String name) {
    return builder(name).build();
  }

  /**
   * @param name the existing network's name
   * @return a reference to an external network
   */
  public static Network external(String name) {
    return builder(name).external(true).build();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder(v.name);
    b.driver = v.driver;
    b.driverOptions.putAll(v.driverOptions);
    b.internal = v.internal;
    b.attachable = v.attachable;
    b.ipam = v.ipam;
    b.enableIpv4 = v.enableIpv4;
    b.enableIpv6 = v.enableIpv6;
    b.external = v.external;
    b.labels.putAll(v.labels);
    b.customName = v.customName;
    b.extensions.putAll(v.extensions);
    return b;
  }

  /** @return the network's key in the stack */
  public String name() {
    return v.name;
  }

  /** @return the driver; empty means {@code bridge} ({@code overlay} on Swarm) ({@code driver}) */
  public Optional<String> driver() {
    return v.driver;
  }

  /** @return the driver's options ({@code driver_opts}) */
  public Map<String, String> driverOptions() {
    return v.driverOptions;
  }

  /** @return whether the network has no route outside the host ({@code internal}) */
  public boolean internal() {
    return v.internal;
  }

  /** @return whether standalone containers may join an overlay network ({@code attachable}) */
  public boolean attachable() {
    return v.attachable;
  }

  /** @return the address management: driver, subnets, ranges, gateways ({@code ipam}) */
  public Optional<Ipam> ipam() {
    return v.ipam;
  }

  /** @return the subnets of {@link #ipam()}, in CIDR form */
  public List<String> subnets() {
    if (v.ipam.isEmpty()) {
      return List.of();
    }
    List<String> subnets = new ArrayList<>();
    for (IpamConfig c : v.ipam.get().config()) {
      if (c.subnet().isPresent()) {
        subnets.add(c.subnet().get());
      }
    }
    return Collections.unmodifiableList(subnets);
  }

  /** @return whether IPv4 is enabled; empty means the engine's default (yes) ({@code enable_ipv4}) */
  public Optional<Boolean> enableIpv4() {
    return v.enableIpv4;
  }

  /** @return whether IPv6 is enabled; empty means the engine's default ({@code enable_ipv6}) */
  public Optional<Boolean> enableIpv6() {
    return v.enableIpv6;
  }

  /** @return whether the network exists outside the stack ({@code external}) */
  public boolean external() {
    return v.external;
  }

  /** @return labels set on the network ({@code labels}) */
  public Map<String, String> labels() {
    return v.labels;
  }

  /** @return the engine-side name, when not {@code PROJECT_NAME} ({@code name}) */
  public Optional<String> customName() {
    return v.customName;
  }

  /** @return extension fields ({@code x-...}) */
  public Map<String, Object> extensions() {
    return v.extensions;
  }

  /** @return an internal copy (no route outside the host) */
  public Network asInternal() {
    return toBuilder().internal(true).build();
  }

  /** @return an attachable copy */
  public Network asAttachable() {
    return toBuilder().attachable(true).build();
  }

  /**
   * @param d the driver
   * @return a copy with that driver
   */
  public Network withDriver(String d) {
    return toBuilder().driver(d).build();
  }

  /**
   * @param cidr a subnet, e.g. {@code 172.28.0.0/16}
   * @return a copy with it added to the IPAM configuration
   */
  public Network withSubnet(String cidr) {
    Ipam i = v.ipam.orElse(Ipam.of());
    List<IpamConfig> config = new ArrayList<>(i.config());
    config.add(IpamConfig.subnet(cidr));
    return toBuilder().ipam(new Ipam(i.driver(), config, i.options())).build();
  }

  /**
   * @param key the label
   * @param value its value
   * @return a copy with the label added
   */
  public Network withLabel(String key, String value) {
    return toBuilder().label(key, value).build();
  }

  /**
   * @param engineName the engine-side name
   * @return a copy with that name
   */
  public Network withCustomName(String engineName) {
    return toBuilder().customName(engineName).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Network n && v.equals(n.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "Network" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link Network}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Optional<String> driver = Optional.empty();
    private final Map<String, String> driverOptions = new LinkedHashMap<>();
    private boolean internal;
    private boolean attachable;
    private Optional<Ipam> ipam = Optional.empty();
    private Optional<Boolean> enableIpv4 = Optional.empty();
    private Optional<Boolean> enableIpv6 = Optional.empty();
    private boolean external;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<String> customName = Optional.empty();
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Checks.notNull(name, "name");
    }

    /**
     * @param value the driver ({@code driver})
     * @return this builder
     */
    public Builder driver(String value) {
      driver = Optional.of(Checks.notNull(value, "driver"));
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
     * @param value whether the network has no route outside the host ({@code internal})
     * @return this builder
     */
    public Builder internal(boolean value) {
      internal = value;
      return this;
    }

    /**
     * @param value whether standalone containers may join ({@code attachable})
     * @return this builder
     */
    public Builder attachable(boolean value) {
      attachable = value;
      return this;
    }

    /**
     * @param value the address management ({@code ipam})
     * @return this builder
     */
    public Builder ipam(Ipam value) {
      ipam = Optional.of(Checks.notNull(value, "ipam"));
      return this;
    }

    /**
     * @param value whether IPv4 is enabled ({@code enable_ipv4})
     * @return this builder
     */
    public Builder enableIpv4(boolean value) {
      enableIpv4 = Optional.of(value);
      return this;
    }

    /**
     * @param value whether IPv6 is enabled ({@code enable_ipv6})
     * @return this builder
     */
    public Builder enableIpv6(boolean value) {
      enableIpv6 = Optional.of(value);
      return this;
    }

    /**
     * @param value whether the network exists outside the stack ({@code external})
     * @return this builder
     */
    public Builder external(boolean value) {
      external = value;
      return this;
    }

    /**
     * @param key a label
     * @param value its value ({@code labels})
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Checks.notNull(key, "labels key"), Checks.notNull(value, "labels.", key));
      return this;
    }

    /**
     * @param value the engine-side name ({@code name})
     * @return this builder
     */
    public Builder customName(String value) {
      customName = Optional.of(Checks.notNull(value, "customName"));
      return this;
    }

    /**
     * @param values extension fields ({@code x-...}), replacing all
     * @return this builder
     */
    public Builder extensions(Map<String, ?> values) {
      Map<String, Object> copy = Checks.extensions(values, "extensions");
      extensions.clear();
      extensions.putAll(copy);
      return this;
    }

    /** @return the network */
    public Network build() {
      return new Network(new Values(name, driver, Checks.orderedMap(driverOptions, "driverOptions"), internal,
          attachable, ipam, enableIpv4, enableIpv6, external, Checks.orderedMap(labels, "labels"), customName,
          Checks.extensions(extensions, "extensions")));
    }
  }
}
