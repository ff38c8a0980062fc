package dev.onyx.deploy.core;

import java.util.Map;
import java.util.Optional;

/**
 * A named volume of the stack, like one entry of the top-level {@code volumes}.
 *
 * <pre>
 * Volume.named("db_data")
 * Volume.named("models").withDriver("local").withLabel("backup", "nightly")
 * Volume.external("shared_cache")
 * </pre>
 *
 * @param name the volume's key in the stack
 * @param driver the volume driver; empty means {@code local}
 * @param driverOptions the driver's options
 * @param external whether the volume exists outside the stack (never created or removed by it)
 * @param labels labels set on the volume
 * @param customName the engine-side name, when not {@code PROJECT_NAME} (compose's {@code name})
 */
public record Volume(String name, Optional<String> driver, Map<String, String> driverOptions,
    boolean external, Map<String, String> labels, Optional<String> customName) {

  /** Checks for nulls and copies the maps. */
  public Volume {
    Checks.notNull(name, "name");
    Checks.notNull(driver, "driver");
    driverOptions = Checks.orderedMapNoNulls(driverOptions, "driverOptions");
    labels = Checks.orderedMapNoNulls(labels, "labels");
    Checks.notNull(customName, "customName");
  }

  /**
   * @param name the volume's name
   * @return a local volume created with the stack
   */
  public static Volume named(String name) {
    return new Volume(name, Optional.empty(), Map.of(), false, Map.of(), Optional.empty());
  }

  /**
   * @param name the existing volume's name
   * @return a reference to an external volume
   */
  public static Volume external(String name) {
    return new Volume(name, Optional.empty(), Map.of(), true, Map.of(), Optional.empty());
  }

  /**
   * @param d the driver
   * @return a copy with that driver
   */
  public Volume withDriver(String d) {
    return new Volume(name, Optional.of(d), driverOptions, external, labels, customName);
  }

  /**
   * @param key the option
   * @param value its value
   * @return a copy with the option added
   */
  public Volume withDriverOption(String key, String value) {
    Map<String, String> m = new java.util.LinkedHashMap<>(driverOptions);
    m.put(key, value);
    return new Volume(name, driver, m, external, labels, customName);
  }

  /**
   * @param key the label
   * @param value its value
   * @return a copy with the label added
   */
  public Volume withLabel(String key, String value) {
    Map<String, String> m = new java.util.LinkedHashMap<>(labels);
    m.put(key, value);
    return new Volume(name, driver, driverOptions, external, m, customName);
  }

  /**
   * @param engineName the engine-side name
   * @return a copy with that name
   */
  public Volume withCustomName(String engineName) {
    return new Volume(name, driver, driverOptions, external, labels, Optional.of(engineName));
  }
}
