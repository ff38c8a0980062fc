package dev.onyx.deploy.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network's address management, like a network's {@code ipam}.
 *
 * @param driver the IPAM driver; empty means {@code default} ({@code driver})
 * @param config the address pools ({@code config})
 * @param options driver-specific options ({@code options})
 */
public record Ipam(Optional<String> driver, List<IpamConfig> config, Map<String, String> options) {
  /** Checks for nulls and copies the collections. */
  public Ipam {
    Checks.notNull(driver, "driver");
    config = Checks.list(config, "config");
    options = Checks.orderedMapNoNulls(options, "options");
  }

  /**
   * @param pools the address pools
   * @return the default driver with those pools
   */
  public static Ipam of(IpamConfig... pools) {
    return new Ipam(Optional.empty(), Checks.array("config", pools), Map.of());
  }
}
