package dev.onyx.deploy.core;

import java.util.Optional;

/**
 * A container port, optionally published on the host, like one entry of a service's {@code ports}.
 *
 * <pre>
 * PortMapping.publish(80, 8080)                  // "80:8080"
 * PortMapping.publish(80, 8080).onHostIp("127.0.0.1")
 * PortMapping.exposed(5432)                      // "5432": an ephemeral host port
 * </pre>
 *
 * @param hostIp the host address to bind; empty means all addresses
 * @param hostPorts the host port or range; empty means an ephemeral port chosen by the engine
 * @param containerPorts the container port or range
 * @param protocol the protocol
 * @param name an optional name for the port (compose long syntax {@code name})
 */
public record PortMapping(
    Optional<String> hostIp,
    Optional<PortRange> hostPorts,
    PortRange containerPorts,
    Protocol protocol,
    Optional<String> name) {

  /** Checks for nulls. */
  public PortMapping {
    Checks.notNull(hostIp, "hostIp");
    Checks.notNull(hostPorts, "hostPorts");
    Checks.notNull(containerPorts, "containerPorts");
    Checks.notNull(protocol, "protocol");
    Checks.notNull(name, "name");
  }

  /**
   * @param hostPort the port on the host
   * @param containerPort the port in the container
   * @return a TCP port published on all host addresses
   */
  public static PortMapping publish(int hostPort, int containerPort) {
    return new PortMapping(Optional.empty(), Optional.of(PortRange.of(hostPort)),
        PortRange.of(containerPort), Protocol.TCP, Optional.empty());
  }

  /**
   * @param containerPort the port in the container
   * @return a TCP port published on an ephemeral host port
   */
  public static PortMapping exposed(int containerPort) {
    return new PortMapping(Optional.empty(), Optional.empty(), PortRange.of(containerPort),
        Protocol.TCP, Optional.empty());
  }

  /**
   * @param ip the host address to bind, e.g. {@code 127.0.0.1}
   * @return a copy bound to it
   */
  public PortMapping onHostIp(String ip) {
    return new PortMapping(Optional.of(ip), hostPorts, containerPorts, protocol, name);
  }

  /**
   * @param p the protocol
   * @return a copy with that protocol
   */
  public PortMapping withProtocol(Protocol p) {
    return new PortMapping(hostIp, hostPorts, containerPorts, p, name);
  }

  /** @return whether a host port is given (not ephemeral) */
  public boolean isPublishedOnFixedPort() {
    return hostPorts.isPresent();
  }
}
