package dev.onyx.deploy.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network of the stack, like one entry of the top-level {@code networks}.
 *
 * <pre>
 * Network.named("backend").asInternal()
 * Network.named("front").withSubnet("172.28.0.0/16")
 * </pre>
 *
 * @param name the network's key in the stack
 * @param driver the driver; empty means {@code bridge} ({@code overlay} on Swarm)
 * @param driverOptions the driver's options
 * @param internal whether the network has no route outside the host
 * @param attachable whether standalone containers may join (overlay networks)
 * @param subnets IPAM subnets in CIDR form
 * @param external whether the network exists outside the stack
 * @param labels labels set on the network
 * @param customName the engine-side name, when not {@code PROJECT_NAME}
 */
public record Network(String name, Optional<String> driver, Map<String, String> driverOptions,
    boolean internal, boolean attachable, List<String> subnets, boolean external,
    Map<String, String> labels, Optional<String> customName) {

  /** The name compose gives the network services join when none is named. */
  public static final String DEFAULT = "default";

  /** Checks for nulls and copies the collections. */
  public Network {
    Checks.notNull(name, "name");
    Checks.notNull(driver, "driver");
    driverOptions = Checks.orderedMapNoNulls(driverOptions, "driverOptions");
    subnets = Checks.list(subnets, "subnets");
    labels = Checks.orderedMapNoNulls(labels, "labels");
    Checks.notNull(customName, "customName");
  }

  /**
   * @param name the network's name
   * @return a bridge network created with the stack
   */
  public static Network named(String name) {
    return new Network(name, Optional.empty(), Map.of(), false, false, List.of(), false, Map.of(),
        Optional.empty());
  }

  /**
   * @param name the existing network's name
   * @return a reference to an external network
   */
  public static Network external(String name) {
    return new Network(name, Optional.empty(), Map.of(), false, false, List.of(), true, Map.of(),
        Optional.empty());
  }

  /** @return an internal copy (no route outside the host) */
  public Network asInternal() {
    return new Network(name, driver, driverOptions, true, attachable, subnets, external, labels, customName);
  }

  /** @return an attachable copy */
  public Network asAttachable() {
    return new Network(name, driver, driverOptions, internal, true, subnets, external, labels, customName);
  }

  /**
   * @param d the driver
   * @return a copy with that driver
   */
  public Network withDriver(String d) {
    return new Network(name, Optional.of(d), driverOptions, internal, attachable, subnets, external,
        labels, customName);
  }

  /**
   * @param cidr a subnet, e.g. {@code 172.28.0.0/16}
   * @return a copy with it added
   */
  public Network withSubnet(String cidr) {
    List<String> s = new java.util.ArrayList<>(subnets);
    s.add(cidr);
    return new Network(name, driver, driverOptions, internal, attachable, s, external, labels, customName);
  }

  /**
   * @param key the label
   * @param value its value
   * @return a copy with the label added
   */
  public Network withLabel(String key, String value) {
    Map<String, String> m = new java.util.LinkedHashMap<>(labels);
    m.put(key, value);
    return new Network(name, driver, driverOptions, internal, attachable, subnets, external, m, customName);
  }

  /**
   * @param engineName the engine-side name
   * @return a copy with that name
   */
  public Network withCustomName(String engineName) {
    return new Network(name, driver, driverOptions, internal, attachable, subnets, external, labels,
        Optional.of(engineName));
  }
}
