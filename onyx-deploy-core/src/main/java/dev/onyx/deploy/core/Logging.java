package dev.onyx.deploy.core;

import java.util.Map;
import java.util.Optional;

/**
 * A service's logging driver and its options, like a service's {@code logging}.
 *
 * @param driver the driver, e.g. {@code json-file}; empty means the engine's default ({@code driver})
 * @param options driver options, e.g. {@code max-size: 50m} ({@code options})
 */
public record Logging(Optional<String> driver, Map<String, String> options) {
  /** Checks for nulls and copies the options. */
  public Logging {
    Checks.notNull(driver, "driver");
    options = Checks.orderedMapNoNulls(options, "options");
  }

  /**
   * @param driver the driver
   * @param options its options
   * @return the logging settings
   */
  public static Logging of(String driver, Map<String, String> options) {
    return new Logging(Optional.of(Checks.notNull(driver, "driver")), options);
  }

  /**
   * @param maxSize the size at which a log file is rotated, e.g. {@code 50m}
   * @param maxFile how many rotated files are kept
   * @return the {@code json-file} driver with rotation
   */
  public static Logging jsonFile(String maxSize, int maxFile) {
    // A LinkedHashMap, not Map.of: the options keep this order, so written files are reproducible.
    Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("max-size", maxSize);
    options.put("max-file", Integer.toString(maxFile));
    return of("json-file", options);
  }
}
