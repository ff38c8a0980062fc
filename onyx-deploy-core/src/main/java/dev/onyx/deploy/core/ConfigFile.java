package dev.onyx.deploy.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration file of the stack (an nginx conf, a database init script), like one entry of the
 * top-level {@code configs}: inline content, a file on the deploying machine, the value of an
 * environment variable, or a config that exists outside the stack. Services use it through a
 * {@link FileReference} that gives the target path and mode.
 *
 * <pre>
 * ConfigFile.inline("nginx", "nginx.conf", text)     // compose: content (the project writer: config/nginx.conf)
 * ConfigFile.fromFile("init", "./init.sql")
 * ConfigFile.builder("proxy").external(true).customName("shared_proxy_conf").build()
 * </pre>
 *
 * <p>Immutable.
 */
public final class ConfigFile {
  /** Where a config's content comes from. */
  public enum Source {
    /** Inline content ({@code content}). */
    CONTENT,
    /** A file on the deploying machine ({@code file}). */
    FILE,
    /** An environment variable of the deploying process ({@code environment}). */
    ENVIRONMENT,
    /** A config that exists outside the stack ({@code external: true}). */
    EXTERNAL
  }

  private record Values(String name, Optional<String> content, Optional<String> file, Optional<String> environment,
      boolean external, Optional<String> fileName, Optional<String> customName, Map<String, String> labels,
      Optional<String> templateDriver, Map<String, Object> extensions) {
  }

  private final Values v;

  private ConfigFile(Values v) {
    this.v = v;
  }

  /**
   * @param name the config's name in the stack
   * @return a builder with no source set yet (stack validation requires exactly one)
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * @param name the config's name
   * @param content its content
   * @return an inline config
   */
  public static ConfigFile inline(String name, String content) {
    return builder(name).content(content).build();
  }

  /**
   * @param name the config's name
   * @param fileName the file name in the written project
   * @param content its content
   * @return an inline config written as {@code fileName}
   */
  public static ConfigFile inline(String name, String fileName, String content) {
    return builder(name).content(content).fileName(fileName).build();
  }

  /**
   * @param name the config's name
   * @param path a file on the deploying machine
   * @return the config
   */
  public static ConfigFile fromFile(String name, String path) {
    return builder(name).file(path).build();
  }

  /**
   * @param name the config's name
   * @param variable an environment variable of the deploying process
   * @return the config
   */
  public static ConfigFile fromEnvironment(String name, String variable) {
    return builder(name).environment(variable).build();
  }

  /** @return a builder holding these values */
  public Builder toBuilder() {
    Builder b = new Builder(v.name);
    b.content = v.content;
    b.file = v.file;
    b.environment = v.environment;
    b.external = v.external;
    b.fileName = v.fileName;
    b.customName = v.customName;
    b.labels.putAll(v.labels);
    b.templateDriver = v.templateDriver;
    b.extensions.putAll(v.extensions);
    return b;
  }

  /** @return the config's name in the stack */
  public String name() {
    return v.name;
  }

  /** @return where the content comes from (the first one set; validation refuses more than one) */
  public Source source() {
    if (v.content.isPresent()) {
      return Source.CONTENT;
    }
    if (v.file.isPresent()) {
      return Source.FILE;
    }
    return v.environment.isPresent() ? Source.ENVIRONMENT : Source.EXTERNAL;
  }

  /** @return inline content, kept byte-for-byte ({@code content}) */
  public Optional<String> content() {
    return v.content;
  }

  /** @return a file on the deploying machine, relative to the project folder ({@code file}) */
  public Optional<String> file() {
    return v.file;
  }

  /** @return the environment variable holding the content ({@code environment}) */
  public Optional<String> environment() {
    return v.environment;
  }

  /** @return whether the config exists outside the stack ({@code external}) */
  public boolean external() {
    return v.external;
  }

  /**
   * @return the file name the project writer gives inline content under {@code config/} (e.g.
   *     {@code app.conf}); empty means the config's name
   */
  public Optional<String> fileName() {
    return v.fileName;
  }

  /** @return the platform-side name, when not {@code PROJECT_NAME} ({@code name}) */
  public Optional<String> customName() {
    return v.customName;
  }

  /** @return labels of the config object ({@code labels}) */
  public Map<String, String> labels() {
    return v.labels;
  }

  /** @return the templating driver of a Swarm config ({@code template_driver}) */
  public Optional<String> templateDriver() {
    return v.templateDriver;
  }

  /** @return extension fields ({@code x-...}) */
  public Map<String, Object> extensions() {
    return v.extensions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigFile c && v.equals(c.v);
  }

  @Override
  public int hashCode() {
    return v.hashCode();
  }

  /** @return a short description without the content */
  @Override
  public String toString() {
    return "ConfigFile[name=" + v.name + v.content.map(c -> ", inline " + c.length() + " chars").orElse("")
        + v.file.map(f -> ", file=" + f).orElse("") + v.environment.map(e -> ", environment=" + e).orElse("")
        + (v.external ? ", external" : "") + "]";
  }

  /** A mutable builder of {@link ConfigFile}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Optional<String> content = Optional.empty();
    private Optional<String> file = Optional.empty();
    private Optional<String> environment = Optional.empty();
    private boolean external;
    private Optional<String> fileName = Optional.empty();
    private Optional<String> customName = Optional.empty();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<String> templateDriver = Optional.empty();
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Checks.notNull(name, "name");
    }

    /**
     * @param value inline content ({@code content})
     * @return this builder
     */
    public Builder content(String value) {
      content = Optional.of(Checks.notNull(value, "content"));
      return this;
    }

    /**
     * @param value a file on the deploying machine ({@code file})
     * @return this builder
     */
    public Builder file(String value) {
      file = Optional.of(Checks.notNull(value, "file"));
      return this;
    }

    /**
     * @param value the environment variable holding the content ({@code environment})
     * @return this builder
     */
    public Builder environment(String value) {
      environment = Optional.of(Checks.notNull(value, "environment"));
      return this;
    }

    /**
     * @param value whether the config exists outside the stack ({@code external})
     * @return this builder
     */
    public Builder external(boolean value) {
      external = value;
      return this;
    }

    /**
     * @param value the file name the project writer gives inline content
     * @return this builder
     */
    public Builder fileName(String value) {
      fileName = Optional.of(Checks.notNull(value, "fileName"));
      return this;
    }

    /**
     * @param value the platform-side name ({@code name})
     * @return this builder
     */
    public Builder customName(String value) {
      customName = Optional.of(Checks.notNull(value, "customName"));
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
     * @param value the templating driver ({@code template_driver})
     * @return this builder
     */
    public Builder templateDriver(String value) {
      templateDriver = Optional.of(Checks.notNull(value, "templateDriver"));
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

    /** @return the config; that it has exactly one source is checked by the stack's validation */
    public ConfigFile build() {
      return new ConfigFile(new Values(name, content, file, environment, external, fileName, customName,
          Checks.orderedMap(labels, "labels"), templateDriver, Checks.extensions(extensions, "extensions")));
    }
  }
}
