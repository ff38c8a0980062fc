package dev.onyx.deploy.core;

import java.util.List;
import java.util.Optional;

/**
 * A service's membership in a stack network, like one entry of a service's {@code networks}.
 *
 * @param network the name of a network declared in the stack
 * @param aliases extra DNS names for the service on that network
 * @param ipv4Address a fixed IPv4 address, if any
 */
public record NetworkAttachment(String network, List<String> aliases, Optional<String> ipv4Address) {
  /** Checks for nulls and copies the aliases. */
  public NetworkAttachment {
    Checks.notNull(network, "network");
    aliases = Checks.list(aliases, "aliases");
    Checks.notNull(ipv4Address, "ipv4Address");
  }

  /**
   * @param network the network's name
   * @return an attachment with no aliases
   */
  public static NetworkAttachment to(String network) {
    return new NetworkAttachment(network, List.of(), Optional.empty());
  }

  /**
   * @param network the network's name
   * @param aliases DNS aliases
   * @return the attachment
   */
  public static NetworkAttachment to(String network, String... aliases) {
    return new NetworkAttachment(network, List.of(aliases), Optional.empty());
  }
}
