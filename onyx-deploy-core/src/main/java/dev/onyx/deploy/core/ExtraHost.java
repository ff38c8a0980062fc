package dev.onyx.deploy.core;

/**
 * A line added to the container's {@code /etc/hosts}, like one entry of {@code extra_hosts}.
 *
 * @param host the host name
 * @param address the address ({@code host-gateway} is the engine's special value)
 */
public record ExtraHost(String host, String address) {
  /** Checks for nulls. */
  public ExtraHost {
    Checks.notNull(host, "host");
    Checks.notNull(address, "address");
  }
}
