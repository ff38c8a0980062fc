package dev.onyx.deploy.core;

/**
 * A port or an inclusive range of ports ({@code 8000-8010}). Values are kept as given; validation
 * reports ports outside 1..65535 and inverted ranges with the path of the offending port.
 *
 * @param start the first port
 * @param end the last port; equal to {@code start} for a single port
 */
public record PortRange(int start, int end) {
  /**
   * @param port a single port
   * @return the range holding only {@code port}
   */
  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  /** @return the number of ports in the range (0 or less when inverted) */
  public int size() {
    return end - start + 1;
  }

  /** @return whether this is a single port */
  public boolean isSingle() {
    return start == end;
  }

  /** @return {@code 8080} or {@code 8000-8010} */
  @Override
  public String toString() {
    return isSingle() ? Integer.toString(start) : start + "-" + end;
  }
}
