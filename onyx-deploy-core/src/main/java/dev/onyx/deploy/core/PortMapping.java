package dev.onyx.deploy.core;

import java.util.Locale;
import java.util.Optional;

/**
 * A container port, optionally published on the host, like one entry of a service's {@code ports}.
 *
 * <pre>
 * PortMapping.publish(80, 8080)                  // "80:8080"
 * PortMapping.publish(80, 8080).onHostIp("127.0.0.1")
 * PortMapping.exposed(5432)                      // "5432": an ephemeral host port
 * PortMapping.builder(PortRange.of(80)).hostPorts(PortRange.of(8080)).mode(PortMapping.Mode.HOST).build()
 * </pre>
 *
 * <p>Immutable.
 */
public final class PortMapping {
  /** How a Swarm publishes the port ({@code mode}); a single engine publishes on its host either way. */
  public enum Mode {
    /** Through the Swarm routing mesh, on every node ({@code ingress}, the default). */
    INGRESS,
    /** On the node that runs the task only ({@code host}). */
    HOST;

    /** @return the compose spelling */
    public String composeName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private record Values(Optional<String> hostIp, Optional<PortRange> hostPorts, PortRange containerPorts,
      Protocol protocol, Optional<String> name, Mode mode, Optional<String> appProtocol) {
  }

  private final Values v;

  private PortMapping(Values v) {
    this.v = v;
  }

  /**
   * @param containerPorts the container port or range
   * @return a builder of a TCP port published on an ephemeral host port
   */
  public static Builder builder(PortRange containerPorts) {
    return new Builder(containerPorts);
  }

  /**
   * @param hostPort the port on the host
   * @param containerPort the port in the container
   * @return a TCP port published on all host addresses
   */
  public static PortMapping publish(int hostPort, int containerPort) {
    return builder(PortRange.of(containerPort)).hostPorts(PortRange.of(hostPort)).build();
  }

  /**
   * @param containerPort the port in the container
   * @return a TCP port published on an ephemeral host port
   */
  public static PortMapping exposed(int containerPort) {
    return builder(PortRange.of(containerPort)).build();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder(v.containerPorts);
    b.hostIp = v.hostIp;
    b.hostPorts = v.hostPorts;
    b.protocol = v.protocol;
    b.name = v.name;
    b.mode = v.mode;
    b.appProtocol = v.appProtocol;
    return b;
  }

  /** @return the host address to bind; empty means all addresses ({@code host_ip}) */
  public Optional<String> hostIp() {
    return v.hostIp;
  }

  /** @return the host port or range; empty means an ephemeral port chosen by the engine ({@code published}) */
  public Optional<PortRange> hostPorts() {
    return v.hostPorts;
  }

  /** @return the container port or range ({@code target}) */
  public PortRange containerPorts() {
    return v.containerPorts;
  }

  /** @return the protocol ({@code protocol}) */
  public Protocol protocol() {
    return v.protocol;
  }

  /** @return a name for the port ({@code name}) */
  public Optional<String> name() {
    return v.name;
  }

  /** @return how a Swarm publishes the port ({@code mode}) */
  public Mode mode() {
    return v.mode;
  }

  /** @return the application protocol, e.g. {@code http} or {@code grpc} ({@code app_protocol}) */
  public Optional<String> appProtocol() {
    return v.appProtocol;
  }

  /**
   * @param ip the host address to bind, e.g. {@code 127.0.0.1}
   * @return a copy bound to it
   */
  public PortMapping onHostIp(String ip) {
    return toBuilder().hostIp(ip).build();
  }

  /**
   * @param p the protocol
   * @return a copy with that protocol
   */
  public PortMapping withProtocol(Protocol p) {
    return toBuilder().protocol(p).build();
  }

  /**
   * @param value the publishing mode
   * @return a copy with that mode
   */
  public PortMapping withMode(Mode value) {
    return toBuilder().mode(value).build();
  }

  /** @return whether a host port is given (not ephemeral) */
  public boolean isPublishedOnFixedPort() {
    return v.hostPorts.isPresent();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PortMapping p && v.equals(p.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "PortMapping" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link PortMapping}. Not thread-safe. */
  public static final class Builder {
    private final PortRange containerPorts;
    private Optional<String> hostIp = Optional.empty();
    private Optional<PortRange> hostPorts = Optional.empty();
    private Protocol protocol = Protocol.TCP;
    private Optional<String> name = Optional.empty();
    private Mode mode = Mode.INGRESS;
    private Optional<String> appProtocol = Optional.empty();

    private Builder(PortRange containerPorts) {
      this.containerPorts = Checks.notNull(containerPorts, "containerPorts");
    }

    /**
     * @param value the host address to bind ({@code host_ip})
     * @return this builder
     */
    public Builder hostIp(String value) {
      hostIp = Optional.of(Checks.notNull(value, "hostIp"));
      return this;
    }

    /**
     * @param value the host port or range ({@code published})
     * @return this builder
     */
    public Builder hostPorts(PortRange value) {
      hostPorts = Optional.of(Checks.notNull(value, "hostPorts"));
      return this;
    }

    /**
     * @param value the protocol ({@code protocol})
     * @return this builder
     */
    public Builder protocol(Protocol value) {
      protocol = Checks.notNull(value, "protocol");
      return this;
    }

    /**
     * @param value a name for the port ({@code name})
     * @return this builder
     */
    public Builder name(String value) {
      name = Optional.of(Checks.notNull(value, "name"));
      return this;
    }

    /**
     * @param value how a Swarm publishes the port ({@code mode})
     * @return this builder
     */
    public Builder mode(Mode value) {
      mode = Checks.notNull(value, "mode");
      return this;
    }

    /**
     * @param value the application protocol ({@code app_protocol})
     * @return this builder
     */
    public Builder appProtocol(String value) {
      appProtocol = Optional.of(Checks.notNull(value, "appProtocol"));
      return this;
    }

    /** @return the port; its numbers are checked by the stack's validation */
    public PortMapping build() {
      return new PortMapping(new Values(hostIp, hostPorts, containerPorts, protocol, name, mode, appProtocol));
    }
  }
}
