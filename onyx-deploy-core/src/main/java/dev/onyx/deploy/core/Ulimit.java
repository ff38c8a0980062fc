package dev.onyx.deploy.core;

/**
 * A process limit inside a service's container, like one entry of a service's {@code ulimits}.
 *
 * @param name the limit, e.g. {@code nofile}, {@code memlock}
 * @param soft the soft limit ({@code -1} is unlimited)
 * @param hard the hard limit ({@code -1} is unlimited)
 */
public record Ulimit(String name, long soft, long hard) {
  /** Checks for null. */
  public Ulimit {
    Checks.notNull(name, "name");
  }

  /**
   * @param name the limit
   * @param value soft and hard
   * @return the limit
   */
  public static Ulimit of(String name, long value) {
    return new Ulimit(name, value, value);
  }
}
