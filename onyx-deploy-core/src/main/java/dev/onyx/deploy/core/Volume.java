package dev.onyx.deploy.core;

import java.util.LinkedHashMap;
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
 * <p>Immutable.
 */
public final class Volume {
  private record Values(String name, Optional<String> driver, Map<String, String> driverOptions, boolean external,
      Map<String, String> labels, Optional<String> customName, Map<String, Object> extensions) {
  }

  private final Values v;

  private Volume(Values v) {
    this.v = v;
  }

  /**
   * @param name the volume's key in the stack
   * @return a builder of a local volume created with the stack
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * @param name the volume's name
   * @return a local volume created with the stack
   */
  public static Volume named(String name) {
    return builder(name).build();
  }

  /**
   * @param name the existing volume's name
   * @return a reference to an external volume
   */
  public static Volume external(String name) {
    return builder(name).external(true).build();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder(v.name);
    b.driver = v.driver;
    b.driverOptions.putAll(v.driverOptions);
    b.external = v.external;
    b.labels.putAll(v.labels);
    b.customName = v.customName;
    b.extensions.putAll(v.extensions);
    return b;
  }

  /** @return the volume's key in the stack */
  public String name() {
    return v.name;
  }

  /** @return the volume driver; empty means {@code local} ({@code driver}) */
  public Optional<String> driver() {
    return v.driver;
  }

  /** @return the driver's options ({@code driver_opts}) */
  public Map<String, String> driverOptions() {
    return v.driverOptions;
  }

  /** @return whether the volume exists outside the stack, never created or removed by it ({@code external}) */
  public boolean external() {
    return v.external;
  }

  /** @return labels set on the volume ({@code labels}) */
  public Map<String, String> labels() {
    return v.labels;
  }

  /** @return the engine-side name, when not {@code PROJECT_NAME} ({@code name}) */
  public Optional<String> customName() {
    return v.customName;
  }

  /** @return extension fields ({@code x-...}) */
  public Map<String, Object> extensions() {
    return v.extensions;
  }

  /**
   * @param d the driver
   * @return a copy with that driver
   */
  public Volume withDriver(String d) {
    return toBuilder().driver(d).build();
  }

  /**
   * @param key the option
   * @param value its value
   * @return a copy with the option added
   */
  public Volume withDriverOption(String key, String value) {
    return toBuilder().driverOption(key, value).build();
  }

  /**
   * @param key the label
   * @param value its value
   * @return a copy with the label added
   */
  public Volume withLabel(String key, String value) {
    return toBuilder().label(key, value).build();
  }

  /**
   * @param engineName the engine-side name
   * @return a copy with that name
   */
  public Volume withCustomName(String engineName) {
    return toBuilder().customName(engineName).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Volume x && v.equals(x.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  @Override
  public String toString() {
    return "Volume" + v.toString().substring("Values".length());
  }

  /** A mutable builder of {@link Volume}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Optional<String> driver = Optional.empty();
    private final Map<String, String> driverOptions = new LinkedHashMap<>();
    private boolean external;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<String> customName = Optional.empty();
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Checks.notNull(name, "name");
    }

    /**
     * @param value the driver ({@code driver})
     * @return this builder
     */
    public Builder driver(String value) {
      driver = Optional.of(Checks.notNull(value, "driver"));
      return this;
    }

    /**
     * @param key a driver option
     * @param value its value ({@code driver_opts})
     * @return this builder
     */
    public Builder driverOption(String key, String value) {
      driverOptions.put(Checks.notNull(key, "driverOptions key"), Checks.notNull(value, "driverOptions.", key));
      return this;
    }

    /**
     * @param value whether the volume exists outside the stack ({@code external})
     * @return this builder
     */
    public Builder external(boolean value) {
      external = value;
      return this;
    }

    /**
     * @param key a label
     * @param value its value ({@code labels})
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Checks.notNull(key, "labels key"), Checks.notNull(value, "labels.", key));
      return this;
    }

    /**
     * @param value the engine-side name ({@code name})
     * @return this builder
     */
    public Builder customName(String value) {
      customName = Optional.of(Checks.notNull(value, "customName"));
      return this;
    }

    /**
     * @param values extension fields ({@code x-...}), replacing all
     * @return this builder
     */
    public Builder extensions(Map<String, ?> values) {
      Map<String, Object> copy = Checks.extensions(values, "extensions");
      extensions.clear();
      extensions.putAll(copy);
      return this;
    }

    /** @return the volume */
    public Volume build() {
      return new Volume(new Values(name, driver, Checks.orderedMap(driverOptions, "driverOptions"), external,
          Checks.orderedMap(labels, "labels"), customName, Checks.extensions(extensions, "extensions")));
    }
  }
}
