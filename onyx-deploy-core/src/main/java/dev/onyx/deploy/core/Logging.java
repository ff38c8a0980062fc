package dev.onyx.deploy.core;

import java.util.Map;

/**
 * A service's logging driver and its options, like a service's {@code logging}.
 *
 * @param driver the driver, e.g. {@code json-file}
 * @param options driver options, e.g. {@code max-size: 50m}
 */
public record Logging(String driver, Map<String, String> options) {
  /** Checks for nulls and copies the options. */
  public Logging {
    Checks.notNull(driver, "driver");
    options = Checks.orderedMapNoNulls(options, "options");
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
    return new Logging("json-file", options);
  }
}
