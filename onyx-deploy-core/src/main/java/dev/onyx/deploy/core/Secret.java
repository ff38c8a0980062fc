package dev.onyx.deploy.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A secret of the stack, like one entry of the top-level {@code secrets}: a value a service reads
 * from a file ({@code /run/secrets/NAME}) or, for images that only read the environment, from an
 * environment variable ({@link Service.Builder#secretEnv(String, String)}).
 *
 * <p>Where the value comes from:
 * <ul>
 *   <li>{@link #generated(String)}: a strong random value made on the target the first time and
 *       kept from then on (the compose project writer keeps it in {@code .env}/{@code secrets/}; the
 *       engine backend in its state). Never a default password.</li>
 *   <li>{@link #fromFile(String, String)}: a file on the machine that deploys.</li>
 *   <li>{@link #fromEnvironment(String, String)}: a variable of the deploying process.</li>
 *   <li>{@link #ofValue(String, String)}: a value held in memory (from the caller's own vault).</li>
 *   <li>{@link #external(String)}: a secret that exists outside the stack (a Swarm secret).</li>
 * </ul>
 *
 * <p>The rest of compose's secret attributes ({@code name}, {@code labels}, {@code driver},
 * {@code driver_opts}, {@code template_driver}, {@code x-...}) are set with the {@code with}
 * methods.
 *
 * <p>The value is never part of {@link #toString()}, and {@code equals} compares it in constant
 * time only with another secret's value.
 */
public final class Secret {
  /** Where a secret's value comes from. */
  public enum Source {
    /** Generated on the target, then kept. */
    GENERATED,
    /** Read from a file. */
    FILE,
    /** Read from an environment variable. */
    ENVIRONMENT,
    /** Given in memory. */
    VALUE,
    /** Exists outside the stack ({@code external: true}). */
    EXTERNAL
  }

  /** The attributes a secret has whatever its source. */
  private record Meta(Optional<String> customName, Map<String, String> labels, Optional<String> driver,
      Map<String, String> driverOptions, Optional<String> templateDriver, Map<String, Object> extensions) {
    static final Meta NONE = new Meta(Optional.empty(), Map.of(), Optional.empty(), Map.of(), Optional.empty(),
        Map.of());
  }

  private final String name;
  private final Source source;
  private final Optional<String> location;
  private final byte[] value;
  private final int length;
  private final boolean mixedClasses;
  private final Meta meta;

  private Secret(String name, Source source, Optional<String> location, byte[] value, int length) {
    this(name, source, location, value, length, false, Meta.NONE);
  }

  private Secret(String name, Source source, Optional<String> location, byte[] value, int length,
      boolean mixedClasses, Meta meta) {
    this.name = Checks.notNull(name, "name");
    this.source = source;
    this.location = location;
    this.value = value;
    this.length = length;
    this.mixedClasses = mixedClasses;
    this.meta = meta;
  }

  /**
   * A generated password for software that insists on character classes (OpenSearch's initial
   * admin password needs an upper-case letter, a lower-case letter, a digit and a special
   * character). The value has at least one of each; the special characters are only {@code -},
   * {@code _} and {@code .}, which need no quoting in {@code .env} files, URLs or shells, and the
   * first character is always a letter.
   *
   * @param name the secret's name
   * @param length the number of characters, at least 16
   * @return a secret generated on the target
   */
  public static Secret generatedPassword(String name, int length) {
    if (length < 16) {
      throw new IllegalArgumentException("generated secret '" + name + "': length " + length + " < 16");
    }
    return new Secret(name, Source.GENERATED, Optional.empty(), null, length, true, Meta.NONE);
  }

  /**
   * @param name the secret's name
   * @return a secret generated on the target (32 characters)
   */
  public static Secret generated(String name) {
    return new Secret(name, Source.GENERATED, Optional.empty(), null, 32);
  }

  /**
   * @param name the secret's name
   * @param length the number of random characters (letters and digits), at least 16
   * @return a secret generated on the target
   */
  public static Secret generated(String name, int length) {
    if (length < 16) {
      throw new IllegalArgumentException("generated secret '" + name + "': length " + length + " < 16");
    }
    return new Secret(name, Source.GENERATED, Optional.empty(), null, length);
  }

  /**
   * @param name the secret's name
   * @param path the file holding the value
   * @return the secret
   */
  public static Secret fromFile(String name, String path) {
    return new Secret(name, Source.FILE, Optional.of(Checks.notNull(path, "path")), null, 0);
  }

  /**
   * @param name the secret's name
   * @param variable the environment variable
   * @return the secret
   */
  public static Secret fromEnvironment(String name, String variable) {
    return new Secret(name, Source.ENVIRONMENT, Optional.of(Checks.notNull(variable, "variable")), null, 0);
  }

  /**
   * @param name the secret's name
   * @param value the value
   * @return a secret holding that value
   */
  public static Secret ofValue(String name, String value) {
    return new Secret(name, Source.VALUE, Optional.empty(),
        Checks.notNull(value, "value").getBytes(StandardCharsets.UTF_8), 0);
  }

  /**
   * @param name the secret's name in the stack (and, unless {@link #withCustomName(String)}, on the platform)
   * @return a reference to a secret that exists outside the stack
   */
  public static Secret external(String name) {
    return new Secret(name, Source.EXTERNAL, Optional.empty(), null, 0);
  }

  /** @return the secret's name in the stack */
  public String name() {
    return name;
  }

  /** @return where the value comes from */
  public Source source() {
    return source;
  }

  /** @return the file path ({@link Source#FILE}) or variable name ({@link Source#ENVIRONMENT}) */
  public Optional<String> location() {
    return location;
  }

  /** @return the number of characters a generated value has (0 when not generated) */
  public int generatedLength() {
    return length;
  }

  /**
   * @return whether a generated value mixes character classes (see
   *     {@link #generatedPassword(String, int)})
   */
  public boolean mixedCharacterClasses() {
    return mixedClasses;
  }

  /** @return the in-memory value ({@link Source#VALUE} only), as a fresh copy */
  public Optional<byte[]> value() {
    return value == null ? Optional.empty() : Optional.of(value.clone());
  }

  /**
   * @return how a generated value of this secret is made ({@link SecretRules#mixedClasses} for
   *     {@link #generatedPassword}, else {@link SecretRules#lettersAndDigits}), the length
   *     {@link #generatedLength()} (32 for a secret that is not generated)
   */
  public SecretRules rules() {
    int n = length > 0 ? length : 32;
    return mixedClasses ? SecretRules.mixedClasses(n) : SecretRules.lettersAndDigits(n);
  }

  /**
   * Makes a new strong random value following {@link #rules()}, from {@link java.security.SecureRandom}: letters
   * and digits (and {@code - _ .} for a {@link #generatedPassword}), so it is safe in {@code .env}
   * files, URLs and connection strings.
   *
   * @return a new value (the caller keeps it: calling again gives another)
   */
  public String generateValue() {
    return rules().generate();
  }

  /**
   * @param newName the new name
   * @return a copy under another name
   */
  public Secret withName(String newName) {
    return new Secret(newName, source, location, value, length, mixedClasses, meta);
  }

  /** @return the platform-side name, when not {@code PROJECT_NAME} ({@code name}) */
  public Optional<String> customName() {
    return meta.customName;
  }

  /** @return labels of the secret object ({@code labels}) */
  public Map<String, String> labels() {
    return meta.labels;
  }

  /** @return the secrets driver of a Swarm secret ({@code driver}) */
  public Optional<String> driver() {
    return meta.driver;
  }

  /** @return the driver's options ({@code driver_opts}) */
  public Map<String, String> driverOptions() {
    return meta.driverOptions;
  }

  /** @return the templating driver of a Swarm secret ({@code template_driver}) */
  public Optional<String> templateDriver() {
    return meta.templateDriver;
  }

  /** @return extension fields ({@code x-...}) */
  public Map<String, Object> extensions() {
    return meta.extensions;
  }

  private Secret with(Meta m) {
    return new Secret(name, source, location, value, length, mixedClasses, m);
  }

  /**
   * @param engineName the platform-side name ({@code name})
   * @return a copy with that name
   */
  public Secret withCustomName(String engineName) {
    return with(new Meta(Optional.of(Checks.notNull(engineName, "customName")), meta.labels, meta.driver,
        meta.driverOptions, meta.templateDriver, meta.extensions));
  }

  /**
   * @param key a label
   * @param labelValue its value ({@code labels})
   * @return a copy with the label added
   */
  public Secret withLabel(String key, String labelValue) {
    Map<String, String> m = new LinkedHashMap<>(meta.labels);
    m.put(Checks.notNull(key, "labels key"), Checks.notNull(labelValue, "labels.", key));
    return with(new Meta(meta.customName, Checks.orderedMap(m, "labels"), meta.driver, meta.driverOptions,
        meta.templateDriver, meta.extensions));
  }

  /**
   * @param driverName the secrets driver ({@code driver})
   * @return a copy with that driver
   */
  public Secret withDriver(String driverName) {
    return with(new Meta(meta.customName, meta.labels, Optional.of(Checks.notNull(driverName, "driver")),
        meta.driverOptions, meta.templateDriver, meta.extensions));
  }

  /**
   * @param key a driver option
   * @param optionValue its value ({@code driver_opts})
   * @return a copy with the option added
   */
  public Secret withDriverOption(String key, String optionValue) {
    Map<String, String> m = new LinkedHashMap<>(meta.driverOptions);
    m.put(Checks.notNull(key, "driverOptions key"), Checks.notNull(optionValue, "driverOptions.", key));
    return with(new Meta(meta.customName, meta.labels, meta.driver, Checks.orderedMap(m, "driverOptions"),
        meta.templateDriver, meta.extensions));
  }

  /**
   * @param driverName the templating driver ({@code template_driver})
   * @return a copy with that driver
   */
  public Secret withTemplateDriver(String driverName) {
    return with(new Meta(meta.customName, meta.labels, meta.driver, meta.driverOptions,
        Optional.of(Checks.notNull(driverName, "templateDriver")), meta.extensions));
  }

  /**
   * @param values extension fields ({@code x-...}), replacing all
   * @return a copy with those
   */
  public Secret withExtensions(Map<String, ?> values) {
    return with(new Meta(meta.customName, meta.labels, meta.driver, meta.driverOptions, meta.templateDriver,
        Checks.extensions(values, "extensions")));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Secret)) {
      return false;
    }
    Secret s = (Secret) o;
    return name.equals(s.name) && source == s.source && location.equals(s.location)
        && length == s.length && mixedClasses == s.mixedClasses && java.security.MessageDigest.isEqual(
            value == null ? new byte[0] : value, s.value == null ? new byte[0] : s.value)
        && (value == null) == (s.value == null) && meta.equals(s.meta);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, source, location, length);
  }

  /** @return the name and source, never the value */
  @Override
  public String toString() {
    return "Secret[name=" + name + ", source=" + source
        + location.map(l -> ", location=" + l).orElse("")
        + (value != null ? ", value=****" : "") + "]";
  }

  /** For tests of the masking only. */
  int valueHash() {
    return Arrays.hashCode(value);
  }
}
